#pragma once

// The export's writer for one layout: what goes with each output beyond the file itself (a
// YOLO label file, a mask) and what its record keeps for the files that span items (COCO
// boxes, a labels CSV or HF metadata row). Class and split folders and the unlabelled folder
// need nothing more; table rows are assembled from the records alone.

#include "core/dataset/dataset.h"
#include "core/export/outputfolder.h"
#include "core/util/confinedroot.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace augstudio::core {

// One output of an item as the layout writer sees it.
struct LayoutOutput {
    const DatasetItem& item;
    const std::string& outRel; // the output file, relative to the output folder
    int copy = -1;             // -1: the original
    const Sample& sample;      // as written
};

class LayoutWriter {
public:
    virtual ~LayoutWriter() = default;
    // Writes the output's companions (their paths added to `written`, so a failing item can
    // remove them) and adds to its record `entry`. Throws WriteFailure or IoError.
    virtual void addOutput(OutputFolder& out, const LayoutOutput& output, nlohmann::json& entry,
                           std::vector<std::string>& written) const = 0;

    // Chosen once per export. `datasetRoot` confines what is read beside an item.
    static std::unique_ptr<LayoutWriter> forLayout(const Dataset& dataset,
                                                   const ConfinedRoot& datasetRoot);
};

} // namespace augstudio::core

#pragma once

// The export's codec for one modality: how a file item is read into a sample and how each of
// its outputs is written (the original copied byte for byte where its format is kept).

#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/export/outputfolder.h"
#include "core/io/itemfile.h"

#include <filesystem>
#include <memory>
#include <string>

namespace augstudio::core {

class ItemCodec {
public:
    virtual ~ItemCodec() = default;

    // The item decoded, with its label and targets (boxes, mask); throws IoError.
    virtual ItemFile read(const Dataset& dataset, const DatasetItem& item) const = 0;
    // The extension an output of the file `rel` gets.
    virtual std::string outputExtension(const std::filesystem::path& rel) const = 0;
    // Writes one output as `outRel`: `original` is the item unchanged (`sample` as read).
    // Throws WriteFailure when the folder cannot be written, IoError when encoding fails.
    virtual void write(OutputFolder& out, const DatasetItem& item, const ItemFile& read,
                       const std::string& outRel, const Sample& sample, bool original) const = 0;

    // Images, or the whole-file formats of audio and series (per-series CSV); chosen once.
    static std::unique_ptr<ItemCodec> forModality(Modality modality, const ExportOptions& options);
};

// `<stem>__aug<copy><ext>` beside the source (`<stem><ext>` for the original, copy < 0).
std::string outputName(const std::filesystem::path& rel, int copy, const std::string& ext);

} // namespace augstudio::core

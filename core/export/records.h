#pragma once

// Per-item records of an export (.augstudio/records/<hash>.json: the manifest lines, table
// rows, COCO boxes and statistics of one source item) and their assembly, in item order,
// into the files that span items: manifest.jsonl, tables, COCO JSON, labels CSV.

#include "core/dataset/dataset.h"
#include "core/dataset/hfmetadata.h"
#include "core/export/exportplan.h"
#include "core/export/outputfolder.h"
#include "core/util/readlimits.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace augstudio::core::records {

// Series and text samples as JSON (NaN as null), exact for doubles.
nlohmann::json sampleToJson(const Sample& sample);
Sample sampleFromJson(const nlohmann::json& j, Modality modality);

// Per item only counters and what a spanning file needs (table rows, COCO images, label
// rows) are kept; manifest lines go straight to `manifest` (none when null), so a dataset
// of images or clips is assembled in memory that does not grow with its size.
class Assembly {
public:
    Assembly(const Dataset& ds, StreamedFile* manifest);
    void add(const DatasetItem& item, const nlohmann::json& record);

    // COCO documents, the labels CSV and HF metadata files: relative path -> content.
    std::map<std::string, std::string> auxiliaryFiles() const;
    std::map<std::string, std::vector<nlohmann::json>>& tables() { return tables_; }
    const std::vector<std::pair<std::string, std::string>>& failures() const { return failures_; }
    const std::map<std::string, std::map<std::string, int64_t>>& after() const { return after_; }
    int64_t outputCount() const { return outputs_; }
    nlohmann::json featurewise(const nlohmann::json& config) const;

private:
    const Dataset& ds_;
    StreamedFile* manifest_;
    std::map<std::string, std::vector<nlohmann::json>> tables_;
    std::map<std::string, std::vector<nlohmann::json>> coco_;
    std::vector<std::vector<std::string>> labelRows_;
    std::map<std::string, std::vector<hfmetadata::OutputRow>> metadataRows_; // per metadata file
    std::vector<std::pair<std::string, std::string>> failures_;
    std::map<std::string, std::map<std::string, int64_t>> after_;
    // soft_labels.csv: one "output,class,weight" line per class of each output, written
    // when any output mixed in a partner.
    std::string softLabels_;
    bool mixed_ = false;
    int64_t outputs_ = 0;
    double statN_ = 0;
    std::vector<double> sum_, sumsq_;
};

// Writes `rows` as a table in the format of `source` (read again for its format details).
void writeTable(const std::filesystem::path& temp, const std::filesystem::path& source,
                Modality modality, const std::vector<nlohmann::json>& rows,
                const ReadLimits& limits);

// Removes `*.shard-i-of-N.*` files a sharded run left at the top of the output.
void removeShardPartials(const std::filesystem::path& root);

} // namespace augstudio::core::records

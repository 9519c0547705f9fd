#pragma once

// The offline export: a dataset in, an augmented copy of it out, in the
// same layout and format, with manifest.jsonl, pipeline.json and summary.json. The CLI's
// `export` and the studio's export dialog both call runExport.

#include "core/dataset/dataset.h"
#include "core/pipeline/pipeline.h"
#include "core/util/readlimits.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace augstudio::core {

struct ExportProgress {
    int64_t done = 0;  // items finished by this run (skipped complete ones included)
    int64_t total = 0; // items of this run (this shard)
    double rate = 0;   // items per second over this run
    double etaS = 0;   // seconds left at that rate
};

struct ExportOptions {
    std::filesystem::path output;
    enum class Mode { Copies, Balance };
    Mode mode = Mode::Copies;
    int copies = 1;     // Copies: augmented outputs per item of an augmented split
    int64_t target = 0; // Balance: items per class (0: the split's largest class)
    // Balance: a last step on the copies that fill the smaller classes (not on copies of a
    // split's largest class): series.smote (series), or same-class mixup (image.mixup,
    // audio.mix, series.mixup_same_class), with p = 1 after the pipeline.
    enum class BalanceFill { None, Smote, Mixup };
    BalanceFill balanceWith = BalanceFill::None;
    bool includeOriginals = false; // Copies: the originals too (Balance always keeps them)
    std::vector<std::string> splits = {"train"}; // augmented splits; others copied unchanged
    std::string format = "same";                 // images: same, jpg, png, webp
    int quality = 95;                            // JPEG / WebP quality
    int jobs = 0;                                // threads (0: all cores)
    int shardIndex = 0, shardCount = 1;
    std::optional<uint64_t> seed;     // default: the pipeline's seed
    bool overwrite = false;           // replace a non-empty output that is not this plan's
    bool followExternalLinks = false; // scan: follow symlinks leaving the dataset root
    // Called from the exporting thread, at most ~10 times a second.
    std::function<void(const ExportProgress&)> progress;
    std::atomic<bool>* cancel = nullptr; // set to stop cleanly (resumable)
    ReadLimits limits;                   // what the run's readers accept
};

struct ExportSummary {
    nlohmann::json json;  // what summary.json holds
    int64_t outputs = 0;  // outputs of this run's items (written now or found complete)
    int64_t failures = 0; // items that could not be exported
    bool cancelled = false;
    bool complete = false; // every shard's items done: manifest and tables assembled
};

// Per split and class, the counts before and the counts the plan will produce (no file is
// read or written): what the balance chart shows as "after export".
struct PlannedCounts {
    std::map<std::string, std::map<std::string, int64_t>> before, after;
};
PlannedCounts planCounts(const Dataset& dataset, const ExportOptions& options);

// Scans `input` and exports it. Refuses up front (IoError): output inside the input (or the
// input inside the output), output not writable, non-empty output that is not a previous
// export of the same plan unless overwrite. Per-item failures are reported in the summary.
ExportSummary runExport(const Pipeline& pipeline, const std::filesystem::path& input,
                        const ExportOptions& options);
ExportSummary runExport(const Pipeline& pipeline, const Dataset& dataset,
                        const ExportOptions& options);

} // namespace augstudio::core

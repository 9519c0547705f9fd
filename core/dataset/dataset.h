#pragma once

#include "core/sample/sample.h"
#include "core/util/readlimits.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace augstudio::core {

enum class Layout {
    ClassFolders,     // root/<class>/<file>
    SplitFolders,     // root/{train,val,valid,test}/<class>/<file>
    LabelsCsv,        // root/labels.csv (path,label)
    Yolo,             // images/, labels/*.txt, data.yaml
    Coco,             // annotations/*.json
    Masks,            // images/* with masks/* of the same stem
    UcrTsv,           // *.tsv, label first, NaN padding
    SeriesCsvFolders, // root/<class>/<file>.csv
    LongCsv,          // series_id,label,time,<channels>
    TextTable,        // label<TAB>text, or CSV with text,label header
    Unlabelled,       // root/<file>: media files, no class sub-folders
    HfMetadata,       // Hugging Face imagefolder/audiofolder: metadata.csv or .jsonl
    UeaTs,            // *.ts (UEA / sktime): @problemName ... @data, dimensions split by ':'
    WekaArff          // *.arff: @relation, @attribute, @data
};
const char* layoutName(Layout layout); // "class_folders", "split_folders", "labels_csv", ...

// One item of a dataset. Its key (path relative to the root, plus "#<row>" for a row of a
// table file) is stable: it names the item in manifests and seeds its augmentation.
struct DatasetItem {
    std::string key;
    std::filesystem::path file; // absolute
    int64_t row = -1;           // row within a table file (series/text), -1 for whole files
    std::string label;          // class, "" when unlabelled
    std::string split = "train";
    // Cheap metadata from headers (0 where unknown).
    int width = 0, height = 0, channels = 0;
    double durationS = 0;
    int sampleRate = 0;
    int64_t steps = 0;
    int64_t textLength = 0;
    std::vector<BoundingBox> boxes; // YOLO / COCO, pixel coordinates
    std::filesystem::path mask;     // Masks layout
    // COCO: the annotation JSON, HF: the metadata file (relative to the root) naming the item.
    std::string container;
    std::string sourceName; // COCO, HF, labels CSV: the path as written in the annotation
    // Tables: the series id of a long CSV; otherwise empty.
    std::string seriesId;
};

struct BadFile {
    std::string path; // relative to the root
    int64_t line = 0; // 0 when not a line of a file
    std::string reason;
};

struct Dataset {
    std::filesystem::path root;
    Layout layout = Layout::ClassFolders;
    Modality modality = Modality::Image;
    std::vector<DatasetItem> items;
    std::vector<BadFile> bad;
    // Neither items nor bad: other files beside an unlabelled folder's media, links whose
    // target leaves the root.
    std::vector<BadFile> skipped;
    std::vector<std::string> classes; // sorted; YOLO/COCO: category names
    nlohmann::json extra;             // layout details (YOLO names, COCO categories, ...)

    // split -> class -> count
    std::map<std::string, std::map<std::string, int64_t>> counts() const;
    // largest / smallest class count over all splits (or one split); 1 when < 2 classes.
    double imbalanceRatio(const std::string& split = {}) const;
    nlohmann::json toJson() const; // the `scan --json` shape
};

struct ScanOptions {
    // Called from any thread with items seen so far; return false to cancel (IoError).
    std::function<bool(int64_t done)> progress;
    int threads = 0; // 0: all cores
    // Read headers for metadata (image size, audio duration) and report unreadable files.
    // Off: listing and labels only (what the GUI shows first; it fills metadata later).
    bool metadata = true;
    // Follow symlinks whose target lies outside the dataset root (off: they are skipped and
    // listed, so a link to /etc inside a class folder is not walked).
    bool followExternalLinks = false;
    ReadLimits limits; // what the readers accept: larger items are reported, not listed
};

// Recognises the layout and lists the items; bad files are listed in `bad`, not fatal.
// Throws IoError when the path is missing or holds no dataset it recognises.
Dataset scanDataset(const std::filesystem::path& root, const ScanOptions& options = {});

// Decodes one item into a sample with its label and targets (boxes, mask). Throws IoError.
Sample loadItem(const Dataset& dataset, const DatasetItem& item, const ReadLimits& limits);

// Split names recognised at the first level of a split-folder dataset, normalised
// ("valid" and "validation" read as "val").
std::string normaliseSplit(const std::string& name); // "" when not a split name

} // namespace augstudio::core

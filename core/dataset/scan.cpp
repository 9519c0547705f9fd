#include "core/dataset/coco.h"
#include "core/dataset/dataset.h"
#include "core/dataset/hfmetadata.h"
#include "core/dataset/layouttables.h"
#include "core/dataset/yolo.h"
#include "core/io/audio/audiofile.h"
#include "core/io/image/imagefile.h"
#include "core/io/table/csv.h"
#include "core/util/confinedroot.h"
#include "core/util/error.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

namespace augstudio::core {

namespace fs = std::filesystem;
using tables::lowerCase;

namespace {

// The header names of a labels file's path and label columns.
constexpr std::initializer_list<const char*> kPathColumns = {"path",      "filename", "file",
                                                             "file_name", "image",    "filepath"};
constexpr std::initializer_list<const char*> kLabelsFileLabelColumns = {"label", "category",
                                                                        "class", "target"};

bool hidden(const fs::path& p) {
    const std::string n = p.filename().string();
    return !n.empty() && n[0] == '.';
}

bool isTableExtension(const fs::path& p) {
    const std::string e = lowerCase(p.extension().string());
    return e == ".tsv" || e == ".csv" || e == ".txt" || e == ".ts" || e == ".arff";
}

// Lists files below directories, following symlinks while their target stays inside the root
// (others are skipped and listed once) and never entering a directory twice (a symlink loop
// is reported once, not followed).
class Walker {
public:
    Walker(const ConfinedRoot& confined, Dataset& ds) : confined_(confined), ds_(ds) {}

    const ConfinedRoot& confined() const { return confined_; }

    // A link is followed only while it stays inside the root; one leaving it is listed once.
    bool allowed(const fs::directory_entry& entry) {
        std::error_code ec;
        if (!entry.is_symlink(ec) || confined_.contains(entry.path()))
            return true;
        skip(entry.path(), "link leaves the dataset; not followed");
        return false;
    }

    std::vector<fs::path> children(const fs::path& dir, bool wantDirs) {
        std::vector<fs::path> out;
        if (!confined_.contains(dir)) { // not even listed
            skip(dir, "link leaves the dataset; not followed");
            return out;
        }
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            if (hidden(it->path()))
                continue;
            std::error_code e2;
            const bool isDir = it->is_directory(e2);
            if (isDir == wantDirs && (isDir || it->is_regular_file(e2)) && allowed(*it))
                out.push_back(it->path());
        }
        if (ec)
            report(dir, "cannot list folder: " + ec.message());
        std::sort(out.begin(), out.end());
        return out;
    }

    // Every regular file under `dir`, recursively, sorted.
    void files(const fs::path& dir, std::vector<fs::path>& out) {
        if (!enter(dir))
            return;
        for (auto& f : children(dir, false))
            out.push_back(std::move(f));
        for (const auto& d : children(dir, true))
            files(d, out);
    }

    bool enter(const fs::path& dir) {
        if (!confined_.contains(dir)) { // a layout folder (images/, masks/) linked out
            skip(dir, "link leaves the dataset; not followed");
            return false;
        }
        std::error_code ec;
        const fs::path canon = fs::canonical(dir, ec);
        if (ec) {
            report(dir, "cannot resolve folder: " + ec.message());
            return false;
        }
        std::lock_guard lock(mutex_);
        if (!visited_.insert(canon).second) {
            reportLocked(dir, "symlink loop or repeated folder (" + canon.string() +
                                  "); not followed again");
            return false;
        }
        return true;
    }

    void report(const fs::path& p, const std::string& reason) {
        std::lock_guard lock(mutex_);
        reportLocked(p, reason);
    }

    // Listed once in ds.skipped: not an item, and nothing wrong with it.
    void skip(const fs::path& p, const std::string& reason) {
        std::lock_guard lock(mutex_);
        if (skippedPaths_.insert(p).second)
            ds_.skipped.push_back({relKey(p), 0, reason});
    }

private:
    std::string relKey(const fs::path& p) const {
        return p.lexically_relative(confined_.root()).generic_string();
    }
    void reportLocked(const fs::path& p, const std::string& reason) {
        ds_.bad.push_back({relKey(p), 0, reason});
    }

    const ConfinedRoot& confined_;
    Dataset& ds_;
    std::mutex mutex_;
    std::set<fs::path> visited_;
    std::set<fs::path> skippedPaths_;
};

std::string relKey(const fs::path& file, const fs::path& root) {
    return (file).lexically_relative(root).generic_string();
}

// Items of image and audio files below `dir`, labelled `label`, in split `split`.
void addMediaFiles(Walker& walker, const fs::path& dir, const std::string& label,
                   const std::string& split, Dataset& ds, std::vector<DatasetItem>& out) {
    std::vector<fs::path> files;
    walker.files(dir, files);
    for (auto& f : files) {
        const bool media =
            ds.modality == Modality::Image ? isImageExtension(f) : isAudioExtension(f);
        if (!media)
            continue;
        DatasetItem item;
        item.key = relKey(f, ds.root);
        item.file = std::move(f);
        item.label = label;
        item.split = split;
        out.push_back(std::move(item));
    }
}

// Which modality the files under these folders are: images, audio or series CSVs.
std::optional<Modality> modalityOfFolders(Walker& walker, const std::vector<fs::path>& dirs) {
    int images = 0, audio = 0, csv = 0;
    for (const auto& d : dirs) {
        std::error_code ec;
        int seen = 0;
        for (fs::recursive_directory_iterator
                 it(d, fs::directory_options::skip_permission_denied, ec),
             end;
             !ec && it != end && seen < 200; it.increment(ec)) {
            if (!it->is_regular_file(ec) || !walker.allowed(*it))
                continue;
            ++seen;
            const fs::path& p = it->path();
            images += isImageExtension(p);
            audio += isAudioExtension(p);
            csv += lowerCase(p.extension().string()) == ".csv";
        }
    }
    if (images == 0 && audio == 0 && csv == 0)
        return std::nullopt;
    if (images >= audio && images >= csv)
        return Modality::Image;
    if (audio >= csv)
        return Modality::Audio;
    return Modality::Series;
}

void scanClassFolders(Walker& walker, const fs::path& base, const std::string& split, Dataset& ds) {
    const auto classes = walker.children(base, true);
    std::vector<std::vector<DatasetItem>> perClass(classes.size());
    tbb::parallel_for(size_t(0), classes.size(), [&](size_t i) {
        const std::string label = classes[i].filename().string();
        if (ds.modality == Modality::Series) {
            std::vector<fs::path> files;
            walker.files(classes[i], files);
            for (auto& f : files)
                if (lowerCase(f.extension().string()) == ".csv") {
                    DatasetItem item;
                    item.key = relKey(f, ds.root);
                    item.file = std::move(f);
                    item.label = label;
                    item.split = split;
                    perClass[i].push_back(std::move(item));
                }
        } else {
            addMediaFiles(walker, classes[i], label, split, ds, perClass[i]);
        }
    });
    for (auto& v : perClass)
        for (auto& item : v)
            ds.items.push_back(std::move(item));
}

bool isCocoFile(const fs::path& file) {
    if (lowerCase(file.extension().string()) != ".json")
        return false;
    std::ifstream in(file, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(size_t(in.gcount()));
    // Cheap check first: the three keys appear in the document.
    if (head.find("\"images\"") == std::string::npos &&
        head.find("\"annotations\"") == std::string::npos &&
        head.find("\"categories\"") == std::string::npos)
        return false;
    return true;
}

std::vector<fs::path> cocoFiles(Walker& walker, const fs::path& root) {
    std::vector<fs::path> out;
    if (fs::is_directory(root / "annotations"))
        for (const auto& f : walker.children(root / "annotations", false))
            if (isCocoFile(f))
                out.push_back(f);
    if (out.empty())
        for (const auto& f : walker.children(root, false))
            if (isCocoFile(f))
                out.push_back(f);
    return out;
}

void scanYolo(Walker& walker, Dataset& ds) {
    const fs::path& root = ds.root;
    std::vector<std::string> names;
    std::vector<yolo::SplitPath> yamlPaths;
    for (const char* y : {"data.yaml", "dataset.yaml", "data.yml"})
        if (fs::is_regular_file(root / y)) {
            if (!walker.confined().contains(root / y)) {
                walker.skip(root / y, "link leaves the dataset; not followed");
                break;
            }
            const std::string text = yolo::readText(root / y);
            names = yolo::parseNames(text, (root / y).string());
            yamlPaths = yolo::parseSplitPaths(text);
            ds.extra["data_yaml"] = y;
            break;
        }
    ds.extra["names"] = names;
    ds.classes = names;
    // images/<split>/... or <split>/images/...
    std::vector<std::pair<fs::path, std::string>> imageDirs;
    if (fs::is_directory(root / "images")) {
        const auto subs = walker.children(root / "images", true);
        bool splitSubs = !subs.empty();
        for (const auto& s : subs)
            splitSubs = splitSubs && !normaliseSplit(s.filename().string()).empty();
        if (splitSubs)
            for (const auto& s : subs)
                imageDirs.emplace_back(s, normaliseSplit(s.filename().string()));
        else
            imageDirs.emplace_back(root / "images", "train");
    } else {
        for (const auto& s : walker.children(root, true))
            if (!normaliseSplit(s.filename().string()).empty() && fs::is_directory(s / "images"))
                imageDirs.emplace_back(s / "images", normaliseSplit(s.filename().string()));
    }
    // data.yaml's folders join those found by name when they lie inside the root; Roboflow
    // writes "../train/images" for "train/images", which Ultralytics reads by dropping "../".
    for (const auto& entry : yamlPaths) {
        const std::string where = ds.extra["data_yaml"].get<std::string>();
        auto inside = walker.confined().resolve(fs::path(entry.path));
        if (!inside && entry.path.rfind("../", 0) == 0)
            if (auto stripped = walker.confined().resolve(fs::path(entry.path.substr(3)));
                stripped && fs::is_directory(*stripped))
                inside = stripped;
        if (!inside) {
            ds.bad.push_back(
                {where, entry.line, std::string(ConfinedRoot::kLeavesDataset) + ": " + entry.path});
            continue;
        }
        std::error_code ec;
        if (!fs::is_directory(*inside, ec))
            continue; // a list file or a missing folder: the folders found by name serve
        bool known = false;
        for (const auto& d : imageDirs)
            known = known || inside->lexically_relative(d.first).native().rfind("..", 0) != 0;
        if (!known)
            imageDirs.emplace_back(*inside, entry.split);
    }
    for (const auto& [dir, split] : imageDirs) {
        std::vector<DatasetItem> items;
        addMediaFiles(walker, dir, "", split, ds, items);
        for (auto& item : items)
            ds.items.push_back(std::move(item));
    }
}

void scanMasks(Walker& walker, Dataset& ds) {
    const fs::path images = ds.root / "images", masks = ds.root / "masks";
    std::vector<fs::path> maskFiles;
    walker.files(masks, maskFiles);
    std::map<fs::path, fs::path> maskOf; // relative path without extension -> mask
    for (const auto& m : maskFiles)
        maskOf[(m).lexically_relative(masks).replace_extension()] = m;
    std::vector<DatasetItem> items;
    addMediaFiles(walker, images, "", "train", ds, items);
    for (auto& item : items) {
        const fs::path relNoExt = (item.file).lexically_relative(images).replace_extension();
        const auto it = maskOf.find(relNoExt);
        if (it == maskOf.end()) {
            ds.bad.push_back({item.key, 0, "no mask with the same name in masks/; left out"});
            continue;
        }
        item.mask = it->second;
        // images/<split>/x.png: the first folder names the split when it is a split name.
        const auto first = *relNoExt.begin();
        if (relNoExt.has_parent_path() && !normaliseSplit(first.string()).empty())
            item.split = normaliseSplit(first.string());
        ds.items.push_back(std::move(item));
    }
}

std::optional<fs::path> labelsCsvFile(Walker& walker, const fs::path& root) {
    if (fs::is_regular_file(root / "labels.csv") && walker.confined().contains(root / "labels.csv"))
        return root / "labels.csv";
    for (const auto& f : walker.children(root, false)) {
        if (lowerCase(f.extension().string()) != ".csv")
            continue;
        csv::Records head;
        try {
            head = csv::readRecords(f, 1);
        } catch (const Error&) {
            continue; // not a labels file; other layouts may still use it
        }
        const bool hasPath = csv::columnOf(head.header, kPathColumns) >= 0;
        const bool hasLabel = csv::columnOf(head.header, kLabelsFileLabelColumns) >= 0;
        if (hasPath && hasLabel)
            return f;
    }
    return std::nullopt;
}

void scanLabelsCsv(Walker& walker, const fs::path& csv, Dataset& ds) {
    const std::string rel = relKey(csv, ds.root);
    const csv::Records records = csv::readRecords(csv);
    if (records.headerLine == 0)
        throw IoError(csv.string(), "empty labels file");
    const std::vector<std::string>& header = records.header;
    const int pathCol = csv::columnOf(header, kPathColumns);
    const int labelCol = csv::columnOf(header, kLabelsFileLabelColumns);
    const int splitCol = csv::columnOf(header, {"split"});
    if (pathCol < 0 || labelCol < 0)
        throw IoError(csv.string(), "a labels file needs a path and a label column");
    // Files are relative to the root or to one folder in it (ESC-50 keeps them in audio/).
    std::vector<fs::path> bases = {ds.root};
    for (const auto& d : walker.children(ds.root, true))
        bases.push_back(d);
    int modalityVotes[2] = {0, 0};
    for (const auto& [line, cells] : records.rows) {
        if (cells.size() != header.size()) {
            ds.bad.push_back({rel, line,
                              "ragged row: " + std::to_string(cells.size()) +
                                  " fields, header has " + std::to_string(header.size())});
            continue;
        }
        const fs::path name = fs::path(cells[size_t(pathCol)]);
        bool left = false;
        const fs::path file = walker.confined().locateFile(name, bases, left);
        if (file.empty()) {
            ds.bad.push_back({rel, line,
                              (left ? std::string(ConfinedRoot::kLeavesDataset) + ": "
                                    : std::string("names a missing file: ")) +
                                  name.string()});
            continue;
        }
        DatasetItem item;
        item.key = relKey(file, ds.root);
        item.file = file;
        item.label = cells[size_t(labelCol)];
        item.sourceName = cells[size_t(pathCol)];
        if (splitCol >= 0) {
            const std::string s = normaliseSplit(cells[size_t(splitCol)]);
            item.split = s.empty() ? cells[size_t(splitCol)] : s;
        }
        modalityVotes[0] += isImageExtension(file);
        modalityVotes[1] += isAudioExtension(file);
        ds.items.push_back(std::move(item));
    }
    ds.modality = modalityVotes[1] > modalityVotes[0] ? Modality::Audio : Modality::Image;
    ds.extra["labels_file"] = rel;
    ds.extra["labels_columns"] = {header[size_t(pathCol)], header[size_t(labelCol)]};
    if (splitCol >= 0)
        ds.extra["labels_columns"].push_back(header[size_t(splitCol)]);
}

void scanTables(const std::vector<fs::path>& files, Dataset& ds, const ReadLimits& limits) {
    tables::TableKind kind = tables::TableKind::None;
    for (const auto& f : files) {
        const auto k = tables::classify(f);
        if (k == tables::TableKind::None) {
            continue;
        }
        if (kind == tables::TableKind::None)
            kind = k;
        if (k != kind) {
            ds.bad.push_back({relKey(f, ds.root), 0, "a different table layout; left out"});
            continue;
        }
        tables::scanTable(f, k, ds, limits);
    }
    switch (kind) {
    case tables::TableKind::Ucr:
        ds.layout = Layout::UcrTsv;
        ds.modality = Modality::Series;
        break;
    case tables::TableKind::LongCsv:
        ds.layout = Layout::LongCsv;
        ds.modality = Modality::Series;
        break;
    case tables::TableKind::Text:
        ds.layout = Layout::TextTable;
        ds.modality = Modality::Text;
        break;
    case tables::TableKind::Ts:
        ds.layout = Layout::UeaTs;
        ds.modality = Modality::Series;
        break;
    case tables::TableKind::Arff:
        ds.layout = Layout::WekaArff;
        ds.modality = Modality::Series;
        break;
    case tables::TableKind::None:
        throw IoError(ds.root.string(), "no dataset layout recognised in these tables");
    }
}

// Header reads for every item: sizes, durations; unreadable files move to `bad`.
void fillMetadata(Dataset& ds, const ConfinedRoot& confined, const ScanOptions& options) {
    if (ds.modality != Modality::Image && ds.modality != Modality::Audio &&
        ds.layout != Layout::SeriesCsvFolders)
        return;
    std::vector<std::string> failure(ds.items.size());
    std::vector<BadFile> extraBad;
    std::mutex badMutex;
    const int64_t classCount = int64_t(ds.classes.size());
    std::atomic<int64_t> done{0};
    std::atomic<bool> cancelled{false};
    tbb::parallel_for(size_t(0), ds.items.size(), [&](size_t i) {
        if (cancelled)
            return;
        DatasetItem& item = ds.items[i];
        try {
            if (ds.layout == Layout::SeriesCsvFolders) {
                Dataset local;
                local.root = ds.root;
                if (!tables::scanSeriesCsv(item.file, item, local, options.limits)) {
                    failure[i] = "ragged";
                    std::lock_guard lock(badMutex);
                    extraBad.insert(extraBad.end(), local.bad.begin(), local.bad.end());
                }
            } else if (ds.modality == Modality::Image) {
                const ImageHeader h = probeImage(item.file);
                const bool turned = h.orientation >= 5;
                item.width = turned ? h.height : h.width;
                item.height = turned ? h.width : h.height;
                item.channels = h.channels;
                checkPixelLimit(item.file, h, options.limits.maxMegapixels);
                if (ds.layout == Layout::Yolo && failure[i].empty()) {
                    const fs::path labelRel = yolo::labelPathFor(fs::path(item.key));
                    if (fs::is_regular_file(ds.root / labelRel) &&
                        confined.contains(ds.root / labelRel)) {
                        std::vector<BadFile> lineBad;
                        item.boxes =
                            yolo::readLabels(ds.root / labelRel, labelRel.generic_string(),
                                             item.width, item.height, int(classCount), lineBad);
                        if (!lineBad.empty()) {
                            std::lock_guard lock(badMutex);
                            extraBad.insert(extraBad.end(), lineBad.begin(), lineBad.end());
                        }
                    }
                }
            } else {
                const AudioInfo a = probeAudioFile(item.file);
                item.sampleRate = a.sampleRate;
                item.channels = a.channels;
                item.durationS = a.sampleRate > 0 ? double(a.frames) / a.sampleRate : 0;
                if (item.durationS > options.limits.maxAudioSeconds)
                    failure[i] = "audio is " + std::to_string(int64_t(item.durationS)) +
                                 " s long, over the length limit of " +
                                 std::to_string(int64_t(options.limits.maxAudioSeconds)) + " s";
            }
        } catch (const Error& e) {
            failure[i] = e.reason();
        } catch (const std::exception& e) {
            failure[i] = e.what();
        }
        const int64_t n = ++done;
        if (options.progress && n % 256 == 0 && !options.progress(n))
            cancelled = true;
    });
    if (cancelled)
        throw IoError(ds.root.string(), "scan cancelled");
    std::vector<DatasetItem> kept;
    kept.reserve(ds.items.size());
    for (size_t i = 0; i < ds.items.size(); ++i) {
        if (failure[i].empty())
            kept.push_back(std::move(ds.items[i]));
        else if (failure[i] != "ragged")
            ds.bad.push_back({ds.items[i].key, 0, failure[i]});
    }
    ds.items = std::move(kept);
    ds.bad.insert(ds.bad.end(), extraBad.begin(), extraBad.end());
}

void labelYoloItems(Dataset& ds) {
    for (auto& item : ds.items) {
        std::map<int, int> votes;
        for (const auto& b : item.boxes)
            ++votes[b.classId];
        int best = -1, bestCount = 0;
        for (const auto& [c, n] : votes)
            if (n > bestCount)
                best = c, bestCount = n;
        if (best >= 0)
            item.label =
                size_t(best) < ds.classes.size() ? ds.classes[size_t(best)] : std::to_string(best);
    }
}

// Hugging Face metadata files: metadata.csv / metadata.jsonl at the root (split "" : from the
// file names) or in split folders.
std::vector<std::pair<fs::path, std::string>> hfMetadataFiles(Walker& walker, const fs::path& root,
                                                              const std::vector<fs::path>& splits) {
    std::vector<std::pair<fs::path, std::string>> out;
    auto add = [&](const fs::path& folder, const std::string& split) {
        const fs::path f = hfmetadata::metadataFileIn(folder);
        if (f.empty())
            return;
        if (walker.confined().contains(f))
            out.emplace_back(f, split);
        else
            walker.skip(f, "link leaves the dataset; not followed");
    };
    add(root, "");
    for (const auto& d : splits)
        add(d, normaliseSplit(d.filename().string()));
    return out;
}

// A folder of media files with no class sub-folders: which modality, when its images or clips
// outnumber its tables.
std::optional<Modality> unlabelledModality(const std::vector<fs::path>& files) {
    int images = 0, audio = 0, tables = 0;
    for (const auto& f : files) {
        images += isImageExtension(f);
        audio += isAudioExtension(f);
        tables += isTableExtension(f);
    }
    if (images + audio == 0 || tables >= images + audio)
        return std::nullopt;
    return images >= audio ? Modality::Image : Modality::Audio;
}

// Its media files are items without a class; the other files and folders are listed as
// skipped (not bad: nothing is wrong with them).
void scanUnlabelled(Walker& walker, const std::vector<fs::path>& files,
                    const std::vector<fs::path>& dirs, Dataset& ds) {
    const bool images = ds.modality == Modality::Image;
    for (const auto& f : files) {
        if (images ? isImageExtension(f) : isAudioExtension(f)) {
            DatasetItem item;
            item.key = relKey(f, ds.root);
            item.file = f;
            ds.items.push_back(std::move(item));
        } else {
            walker.skip(f, images ? "not an image file this program reads"
                                  : "not an audio file this program reads");
        }
    }
    for (const auto& d : dirs)
        walker.skip(d, "a folder; an unlabelled folder is read at its top level only");
}

Dataset scanFolder(const fs::path& root, const ScanOptions& options) {
    Dataset ds;
    ds.root = root;
    const ConfinedRoot confined(root, options.followExternalLinks);
    Walker walker(confined, ds);
    walker.enter(root);
    const auto dirs = walker.children(root, true);
    const auto files = walker.children(root, false);
    auto hasDir = [&](const char* n) { return fs::is_directory(root / n); };
    auto splitDirs = [&] {
        std::vector<fs::path> out;
        for (const auto& d : dirs)
            if (!normaliseSplit(d.filename().string()).empty())
                out.push_back(d);
        return out;
    }();

    bool yoloSplitLayout = false;
    for (const auto& d : splitDirs)
        yoloSplitLayout =
            yoloSplitLayout || (fs::is_directory(d / "images") && fs::is_directory(d / "labels"));
    const bool hasYaml =
        fs::is_regular_file(root / "data.yaml") || fs::is_regular_file(root / "dataset.yaml");
    std::vector<fs::path> coco;
    if ((hasDir("images") && hasDir("labels")) || yoloSplitLayout ||
        (hasYaml && (hasDir("images") || !splitDirs.empty()))) {
        ds.layout = Layout::Yolo;
        ds.modality = Modality::Image;
        scanYolo(walker, ds);
    } else if (!(coco = cocoFiles(walker, root)).empty()) {
        ds.layout = Layout::Coco;
        ds.modality = Modality::Image;
        for (const auto& f : coco)
            coco::readAnnotations(f, confined, ds);
        if (ds.items.empty() && !ds.bad.empty())
            throw IoError(root.string(), "COCO annotations hold no readable image (" +
                                             ds.bad.front().path + ": " + ds.bad.front().reason +
                                             ")");
    } else if (hasDir("images") && hasDir("masks")) {
        ds.layout = Layout::Masks;
        ds.modality = Modality::Image;
        scanMasks(walker, ds);
    } else if (const auto metadata = hfMetadataFiles(walker, root, splitDirs); !metadata.empty()) {
        ds.layout = Layout::HfMetadata;
        ds.modality = Modality::Image;
        for (const auto& [file, split] : metadata)
            hfmetadata::scanMetadata(file, split, walker.confined(), ds);
    } else if (auto csv = labelsCsvFile(walker, root)) {
        ds.layout = Layout::LabelsCsv;
        scanLabelsCsv(walker, *csv, ds);
    } else if (!splitDirs.empty() && modalityOfFolders(walker, splitDirs)) {
        const Modality m = *modalityOfFolders(walker, splitDirs);
        ds.modality = m;
        ds.layout = m == Modality::Series ? Layout::SeriesCsvFolders : Layout::SplitFolders;
        for (const auto& d : splitDirs)
            if (walker.enter(d))
                scanClassFolders(walker, d, normaliseSplit(d.filename().string()), ds);
    } else if (auto m = dirs.empty() ? std::nullopt : modalityOfFolders(walker, dirs)) {
        ds.modality = *m;
        ds.layout = *m == Modality::Series ? Layout::SeriesCsvFolders : Layout::ClassFolders;
        scanClassFolders(walker, root, "train", ds);
    } else if (const auto m = unlabelledModality(files)) {
        ds.modality = *m;
        ds.layout = Layout::Unlabelled;
        scanUnlabelled(walker, files, dirs, ds);
    } else {
        std::vector<fs::path> tableFiles;
        for (const auto& f : files)
            if (isTableExtension(f))
                tableFiles.push_back(f);
        if (tableFiles.empty())
            throw IoError(root.string(),
                          "no dataset layout recognised (class folders, split folders, "
                          "labels.csv, YOLO, COCO, images+masks, Hugging Face metadata, a "
                          "folder of images or clips, UCR/CSV/text tables)");
        scanTables(tableFiles, ds, options.limits);
    }
    if (options.metadata || ds.layout == Layout::Yolo)
        fillMetadata(ds, walker.confined(), options);
    if (ds.layout == Layout::Yolo)
        labelYoloItems(ds);
    return ds;
}

} // namespace

std::string normaliseSplit(const std::string& name) {
    const std::string n = lowerCase(name);
    if (n == "train" || n == "training")
        return "train";
    if (n == "val" || n == "valid" || n == "validation")
        return "val";
    if (n == "test" || n == "testing")
        return "test";
    return {};
}

Dataset scanDataset(const fs::path& input, const ScanOptions& options) {
    std::error_code ec;
    if (!fs::exists(input, ec))
        throw IoError(input.string(), "no such file or folder");
    const fs::path root = fs::absolute(input).lexically_normal();
    std::unique_ptr<tbb::task_arena> arena;
    const int threads =
        options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
    arena = std::make_unique<tbb::task_arena>(threads);
    Dataset ds;
    arena->execute([&] {
        if (fs::is_directory(root)) {
            ds = scanFolder(root, options);
        } else {
            // One table file: the dataset's root is its folder, the file its only table.
            ds.root = root.parent_path();
            scanTables({root}, ds, options.limits);
        }
    });
    if (ds.layout != Layout::Yolo && ds.layout != Layout::Coco) {
        std::set<std::string> classes;
        for (const auto& item : ds.items)
            if (!item.label.empty())
                classes.insert(item.label);
        ds.classes.assign(classes.begin(), classes.end());
    }
    std::sort(ds.items.begin(), ds.items.end(), [](const DatasetItem& a, const DatasetItem& b) {
        return std::tie(a.file, a.row) < std::tie(b.file, b.row);
    });
    for (auto* list : {&ds.bad, &ds.skipped})
        std::sort(list->begin(), list->end(), [](const BadFile& a, const BadFile& b) {
            return std::tie(a.path, a.line, a.reason) < std::tie(b.path, b.line, b.reason);
        });
    if (ds.items.empty() && ds.bad.empty())
        throw IoError(root.string(), "the dataset holds no items");
    return ds;
}

} // namespace augstudio::core

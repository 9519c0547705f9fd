#include "core/export/exporter.h"

#include "core/util/atomicwrite.h"

#include "core/dataset/coco.h"
#include "core/dataset/datasetpartners.h"
#include "core/dataset/yolo.h"
#include "core/export/exportplan.h"
#include "core/export/outputfolder.h"
#include "core/export/records.h"
#include "core/io/image/imagefile.h"
#include "core/io/itemfile.h"
#include "core/pipeline/runcontext.h"
#include "core/random/rng.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#ifndef AUGSTUDIO_VERSION
#define AUGSTUDIO_VERSION "0"
#endif

namespace augstudio::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// An item's failure reason: the error's reason, with the line when the error names one
// (where() is "<file>:<line>"), since the failure's source already names the file.
std::string failureReason(const Error& e) {
    if (e.reason().empty())
        return e.what();
    const std::string& w = e.where();
    const size_t colon = w.rfind(':');
    if (colon != std::string::npos && colon + 1 < w.size() &&
        std::all_of(w.begin() + long(colon) + 1, w.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
        return "line " + w.substr(colon + 1) + ": " + e.reason();
    return e.reason();
}

bool isTableLayout(Layout l) {
    return l == Layout::UcrTsv || l == Layout::LongCsv || l == Layout::TextTable ||
           l == Layout::UeaTs || l == Layout::WekaArff;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The part of a key naming the file (a table row's key adds "#<row>").
std::string fileRel(const DatasetItem& item) {
    const auto hash = item.key.rfind('#');
    return item.row >= 0 && hash != std::string::npos ? item.key.substr(0, hash) : item.key;
}

bool isUnder(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
        if (o->empty() && std::next(o) == outer.end())
            break; // trailing separator
        if (i == inner.end() || *i != *o)
            return false;
    }
    return true;
}

fs::path canonicalish(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
    return ec ? fs::absolute(p).lexically_normal() : c;
}

// --- Image output -----------------------------------------------------------------------

std::string imageExtension(const std::string& sourceExt, const std::string& format) {
    if (format.empty() || format == "same")
        return sourceExt;
    if (format == "jpeg")
        return ".jpg";
    return "." + format;
}

// JPEG has no alpha and no 16 bits: convert what the format cannot hold.
std::vector<unsigned char> encodeForFormat(const std::string& ext, const cv::Mat& image,
                                           int quality) {
    const std::string e = lower(ext);
    const bool eightBitOnly = e == ".jpg" || e == ".jpeg" || e == ".webp" || e == ".bmp";
    cv::Mat m = image;
    if (eightBitOnly && m.depth() != CV_8U) {
        const double scale =
            m.depth() == CV_16U ? 1.0 / 257.0 : (m.depth() == CV_32F ? 255.0 : 1.0);
        m.convertTo(m, CV_8U, scale);
    }
    if ((e == ".jpg" || e == ".jpeg") && m.channels() == 4)
        cv::cvtColor(m, m, cv::COLOR_BGRA2BGR);
    return encodeImage(ext, m, quality);
}

std::string outputName(const fs::path& rel, int copy, const std::string& ext) {
    std::string name = rel.stem().string();
    if (copy >= 0)
        name += "__aug" + std::to_string(copy);
    return (rel.parent_path() / (name + ext)).generic_string();
}

// Per-channel sums for the featurewise statistics (RGB order, alpha left out).
json channelStats(const cv::Mat& image) {
    const int channels = std::min(image.channels(), 3);
    std::vector<double> sum(size_t(channels), 0.0), sumsq(size_t(channels), 0.0);
    cv::Mat f;
    image.convertTo(f, CV_64F);
    std::vector<cv::Mat> planes;
    cv::split(f, planes);
    for (int c = 0; c < channels; ++c) {
        const int src = channels == 3 ? 2 - c : c; // BGR -> RGB
        sum[size_t(c)] = cv::sum(planes[size_t(src)])[0];
        sumsq[size_t(c)] = planes[size_t(src)].dot(planes[size_t(src)]);
    }
    return {{"n", double(image.total())}, {"sum", sum}, {"sumsq", sumsq}};
}

struct Context {
    const Pipeline& pipeline;
    const Dataset& ds;
    const ExportOptions& o;
    const ExportPlan& plan;
    OutputFolder& out;
    uint64_t seed = 0;
    bool featurewise = false;
    RunContext run; // this export's partners, limits and cancellation
};

json manifestLine(const std::string& output, const DatasetItem& item, int copy, uint64_t seed,
                  const json& steps) {
    return {{"output", output},
            {"source", item.key},
            {"class", item.label},
            {"split", item.split},
            {"copy", copy >= 0 ? json(copy) : json(nullptr)},
            {"seed", copy >= 0 ? json(seed) : json(nullptr)},
            {"steps", steps}};
}

// The outputs of one planned item: original first (copy -1), then copies 0 .. n-1.
std::vector<int> outputCopies(const PlannedItem& p) {
    std::vector<int> v;
    if (p.original)
        v.push_back(-1);
    for (int k = 0; k < p.copies; ++k)
        v.push_back(k);
    return v;
}

// A file's own label wins; a class folder's items get the folder's (what
// series.mixup_same_class looks its partners up by).
void labelFromItem(Sample& sample, const DatasetItem& item) {
    if (auto* a = std::get_if<AudioSample>(&sample); a && a->label.empty())
        a->label = item.label;
    if (auto* t = std::get_if<SeriesSample>(&sample); t && t->label.empty())
        t->label = item.label;
}

// Runs one planned file item (image, audio, per-series CSV) and returns its record. Item
// failures become {"error": ...}; write failures throw WriteFailure.
json processFileItem(Context& cx, const PlannedItem& p) {
    const DatasetItem& item = cx.ds.items[p.item];
    json record = {{"key", item.key}, {"outputs", json::array()}};
    std::vector<std::string> written;
    auto fail = [&](const std::string& reason) {
        for (const auto& rel : written) {
            std::error_code ec;
            fs::remove(cx.out.root() / rel, ec);
        }
        return json{{"key", item.key}, {"error", reason}};
    };
    try {
        const fs::path rel(item.key);
        if (cx.ds.modality == Modality::Image) {
            const ImageSample src = std::get<ImageSample>(loadItem(cx.ds, item, cx.o.limits));
            const std::string ext = imageExtension(rel.extension().string(), cx.o.format);
            const bool sameFormat = ext == rel.extension().string();
            const fs::path yoloLabel = cx.ds.root / yolo::labelPathFor(rel);
            const bool hasLabelFile =
                cx.ds.layout == Layout::Yolo && fs::is_regular_file(yoloLabel);
            for (int copy : outputCopies(p)) {
                const uint64_t seed = deriveSeed(cx.seed, item.key, uint64_t(std::max(copy, 0)));
                ImageSample s;
                json steps = json::array();
                if (copy < 0) {
                    s = src;
                } else {
                    Sample smp = cloneSample(src);
                    steps = cx.pipeline.run(smp, seed, cx.run).stepsJson();
                    s = std::move(std::get<ImageSample>(smp));
                }
                const std::string outRel = outputName(rel, copy, ext);
                if (copy < 0 && sameFormat) {
                    cx.out.copyFile(item.file, outRel);
                } else {
                    const auto bytes = encodeForFormat(ext, s.image, cx.o.quality);
                    cx.out.write(outRel, bytes.data(), bytes.size());
                }
                written.push_back(outRel);
                json entry = {{"manifest", manifestLine(outRel, item, copy, seed, steps)}};
                if (hasLabelFile) {
                    const std::string labelRel =
                        yolo::labelPathFor(fs::path(outRel)).generic_string();
                    if (copy < 0)
                        cx.out.copyFile(yoloLabel, labelRel);
                    else
                        cx.out.write(labelRel,
                                     yolo::formatLabels(s.boxes, s.image.cols, s.image.rows));
                    written.push_back(labelRel);
                }
                if (!item.mask.empty()) {
                    const fs::path maskRel = (item.mask).lexically_relative(cx.ds.root);
                    const std::string maskOut =
                        outputName(maskRel, copy, maskRel.extension().string());
                    if (copy < 0) {
                        cx.out.copyFile(item.mask, maskOut);
                    } else {
                        const auto bytes = encodeImage(maskRel.extension().string(), s.mask);
                        cx.out.write(maskOut, bytes.data(), bytes.size());
                    }
                    written.push_back(maskOut);
                }
                if (cx.ds.layout == Layout::Coco) {
                    json boxes = json::array();
                    for (const auto& b : s.boxes)
                        boxes.push_back({b.x1, b.y1, b.x2, b.y2, b.classId});
                    const fs::path name =
                        fs::path(item.sourceName).parent_path() / fs::path(outRel).filename();
                    entry["coco"] = {{"file_name", name.generic_string()},
                                     {"width", s.image.cols},
                                     {"height", s.image.rows},
                                     {"boxes", boxes}};
                }
                if (cx.ds.layout == Layout::LabelsCsv)
                    entry["name"] =
                        (fs::path(item.sourceName).parent_path() / fs::path(outRel).filename())
                            .generic_string();
                if (cx.featurewise && item.split == "train")
                    entry["stats"] = channelStats(s.image);
                record["outputs"].push_back(std::move(entry));
            }
        } else {
            const ItemFile f = readItemFile(item.file, cx.ds.modality, {cx.o.limits, false});
            if (f.samples.empty())
                throw IoError(item.file.string(), "holds no sample");
            const std::string ext = rel.extension().string();
            for (int copy : outputCopies(p)) {
                const uint64_t seed = deriveSeed(cx.seed, item.key, uint64_t(std::max(copy, 0)));
                const std::string outRel = outputName(rel, copy, ext);
                json steps = json::array();
                if (copy < 0) {
                    cx.out.copyFile(item.file, outRel);
                } else {
                    Sample smp = cloneSample(f.samples[0]);
                    labelFromItem(smp, item); // as loadItem and the preview give it
                    steps = cx.pipeline.run(smp, seed, cx.run).stepsJson();
                    const fs::path temp = cx.out.tempPath(ext);
                    writeItemFile(temp, f, {smp}, {cx.o.quality});
                    cx.out.commit(temp, outRel);
                }
                written.push_back(outRel);
                json entry = {{"manifest", manifestLine(outRel, item, copy, seed, steps)}};
                if (cx.ds.layout == Layout::LabelsCsv)
                    entry["name"] =
                        (fs::path(item.sourceName).parent_path() / fs::path(outRel).filename())
                            .generic_string();
                record["outputs"].push_back(std::move(entry));
            }
        }
    } catch (const WriteFailure&) {
        throw;
    } catch (const Error& e) {
        return fail(failureReason(e));
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return record;
}

// A row of a table: what its record keeps so the table can be assembled at the end.
json rowRecord(Context& cx, const DatasetItem& item, const PlannedItem& p, const Sample& src) {
    json record = {{"key", item.key}, {"outputs", json::array()}};
    const std::string rel = fileRel(item);
    for (int copy : outputCopies(p)) {
        const uint64_t seed = deriveSeed(cx.seed, item.key, uint64_t(std::max(copy, 0)));
        json steps = json::array();
        Sample s;
        if (copy < 0) {
            s = src;
        } else {
            s = cloneSample(src);
            steps = cx.pipeline.run(s, seed, cx.run).stepsJson();
        }
        json row = records::sampleToJson(s);
        if (!item.seriesId.empty())
            row["id"] = copy < 0 ? item.seriesId : item.seriesId + "__aug" + std::to_string(copy);
        record["outputs"].push_back(
            {{"manifest", manifestLine(rel, item, copy, seed, steps)}, {"row", row}});
    }
    return record;
}

} // namespace

// --- The run ----------------------------------------------------------------------------

namespace {

struct Unit {
    size_t first = 0, last = 0; // range of plan.items
    bool table = false;
};

std::string hex(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

// What a run killed before its plan file was in place leaves behind: only .augstudio/,
// without plan.json, holding nothing but empty folders and plan.json.tmp<pid> files. Such a
// folder is this tool's unfinished start, not someone else's data.
bool unstartedExport(const fs::path& out) {
    std::error_code ec;
    for (fs::directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename() != ".augstudio")
            return false;
    const fs::path meta = out / ".augstudio";
    if (ec || fs::exists(meta / "plan.json", ec))
        return false;
    for (fs::recursive_directory_iterator it(meta, ec), end; !ec && it != end; it.increment(ec))
        if (!it->is_directory() && it->path().filename().string().rfind("plan.json.tmp", 0) != 0)
            return false;
    return !ec;
}

// Removes plan.json.tmp<pid> files of processes no longer running (a killed run's).
void removeStalePlanTemps(const fs::path& meta) {
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(meta, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string n = it->path().filename().string();
        if (n.rfind("plan.json.tmp", 0) != 0)
            continue;
        const long pid = std::strtol(n.c_str() + 13, nullptr, 10);
        if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno == ESRCH))
            stale.push_back(it->path());
    }
    for (const auto& p : stale)
        fs::remove(p, ec);
}

json planJson(const Pipeline& pipeline, const Dataset& ds, const ExportOptions& o, uint64_t seed) {
    uint64_t keys = 0;
    for (const auto& item : ds.items)
        keys = mixSeed(keys, hashKey(item.key));
    json pl = pipeline.toJson();
    pl["seed"] = seed;
    return {{"input", canonicalish(ds.root).string()},
            {"layout", layoutName(ds.layout)},
            {"items", ds.items.size()},
            {"item_keys", hex(keys)},
            {"pipeline", pl},
            {"mode", o.mode == ExportOptions::Mode::Copies ? "copies" : "balance"},
            {"copies", o.copies},
            {"target", o.target},
            {"include_originals", o.includeOriginals},
            {"splits", o.splits},
            {"format", o.format},
            {"quality", o.quality}};
}

void prepareOutput(const Dataset& ds, const ExportOptions& o, const json& plan) {
    const fs::path out = canonicalish(o.output), in = canonicalish(ds.root);
    if (isUnder(out, in))
        throw IoError(o.output.string(), "the output folder is inside the input dataset (" +
                                             in.string() + "); choose a folder outside it");
    if (isUnder(in, out))
        throw IoError(o.output.string(),
                      "the input dataset is inside the output folder; choose another folder");
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw IoError(o.output.string(), "exists and is not a folder");
    const std::string fingerprint = hex(hashKey(plan.dump()));
    if (fs::is_directory(out, ec) && !fs::is_empty(out, ec) && !unstartedExport(out)) {
        std::string previous;
        std::ifstream f(out / ".augstudio" / "plan.json", std::ios::binary);
        if (f) {
            try {
                previous = json::parse(f).value("fingerprint", "");
            } catch (const std::exception&) {
            }
        }
        if (previous != fingerprint) {
            if (!o.overwrite)
                throw IoError(o.output.string(),
                              previous.empty()
                                  ? "the output folder is not empty and is not an export "
                                    "(use --overwrite to replace its contents)"
                                  : "the output folder holds an export of a different plan "
                                    "(use --overwrite to replace it, or another folder)");
            for (fs::directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec))
                fs::remove_all(it->path(), ec);
        }
    }
    fs::create_directories(out / ".augstudio" / "records", ec);
    if (ec || access(out.c_str(), W_OK) != 0)
        throw IoError(o.output.string(),
                      "the output folder is not writable" + (ec ? ": " + ec.message() : ""));
    // The plan file marks the folder as an export of this plan (resume, refusals).
    const std::string text = json{{"fingerprint", fingerprint}, {"plan", plan}}.dump(2) + "\n";
    removeStalePlanTemps(out / ".augstudio");
    try {
        writeFileAtomically(out / ".augstudio" / "plan.json", text);
    } catch (const IoError& e) {
        throw IoError(o.output.string(), "the output folder is not writable: " + e.reason());
    }
}

std::string recordRel(const std::string& key) {
    return ".augstudio/records/" + hex(hashKey(key)) + ".json";
}

// Holds an exclusive lock on the output folder while the aggregate files are assembled,
// so shards finishing together do not interleave.
class FolderLock {
public:
    explicit FolderLock(const fs::path& file) : fd_(::open(file.c_str(), O_CREAT | O_RDWR, 0644)) {
        if (fd_ >= 0)
            ::flock(fd_, LOCK_EX);
    }
    ~FolderLock() {
        if (fd_ >= 0) {
            ::flock(fd_, LOCK_UN);
            ::close(fd_);
        }
    }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int fd_;
};

std::string shardName(const std::string& rel, const ExportOptions& o, bool complete) {
    if (complete || o.shardCount <= 1)
        return rel;
    const fs::path p(rel);
    return (p.parent_path() / (p.stem().string() + ".shard-" + std::to_string(o.shardIndex) +
                               "-of-" + std::to_string(o.shardCount) + p.extension().string()))
        .generic_string();
}

} // namespace

ExportSummary runExport(const Pipeline& pipeline, const fs::path& input,
                        const ExportOptions& options) {
    ScanOptions so;
    so.threads = options.jobs;
    so.limits = options.limits;
    const Dataset ds = scanDataset(input, so);
    return runExport(pipeline, ds, options);
}

ExportSummary runExport(const Pipeline& pipeline, const Dataset& ds, const ExportOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    if (o.shardCount < 1 || o.shardIndex < 0 || o.shardIndex >= o.shardCount)
        throw IoError("--shard", "expected i/N with 0 <= i < N");
    if (o.format != "same" && o.format != "jpg" && o.format != "jpeg" && o.format != "png" &&
        o.format != "webp")
        throw IoError("--format", "expected same, jpg, png or webp");
    if (pipeline.modality() != ds.modality)
        throw PipelineError(
            "modality", std::string("the pipeline is for ") + modalityName(pipeline.modality()) +
                            " data; the dataset holds " + modalityName(ds.modality));
    const uint64_t seed = o.seed.value_or(pipeline.seed());
    const ExportPlan plan = makePlan(ds, o);
    const json planDoc = planJson(pipeline, ds, o, seed);
    prepareOutput(ds, o, planDoc);
    const fs::path outRoot = canonicalish(o.output);
    OutputFolder out(outRoot, o.shardCount > 1 ? "shard-" + std::to_string(o.shardIndex) + "-of-" +
                                                     std::to_string(o.shardCount)
                                               : "all");
    {
        json pl = pipeline.toJson();
        pl["seed"] = seed;
        out.write("pipeline.json", pl.dump(2) + "\n");
        if (ds.layout == Layout::Yolo && ds.extra.contains("data_yaml"))
            out.copyFile(ds.root / ds.extra["data_yaml"].get<std::string>(),
                         ds.extra["data_yaml"].get<std::string>());
    }
    const json& pdoc = pipeline.toJson();
    Context cx{pipeline, ds, o, plan, out, seed, pdoc.contains("featurewise"), {}};
    cx.run.limits = o.limits;
    cx.run.cancelled = [&o] { return o.cancel && o.cancel->load(); };

    // Units of work: one per file item, one per table file (its rows share one read).
    std::vector<Unit> units;
    const bool tableLayout = isTableLayout(ds.layout);
    int64_t total = 0, alreadyDone = 0;
    for (size_t i = 0; i < plan.items.size(); ++i) {
        const DatasetItem& item = ds.items[plan.items[i].item];
        if (!inShard(item.key, o.shardIndex, o.shardCount))
            continue;
        ++total;
        if (out.exists(recordRel(item.key))) {
            ++alreadyDone;
            continue;
        }
        if (tableLayout && !units.empty() && units.back().table &&
            ds.items[plan.items[units.back().first].item].file == item.file) {
            units.back().last = i + 1;
            continue;
        }
        units.push_back({i, i + 1, tableLayout});
    }

    std::atomic<bool> stop{false};
    std::mutex fatalMutex;
    std::string fatal;
    auto cancelled = [&] { return stop.load() || (o.cancel && o.cancel->load()); };
    auto processUnit = [&](const Unit& u) -> int64_t {
        try {
            if (!u.table) {
                const json rec = processFileItem(cx, plan.items[u.first]);
                out.write(recordRel(rec["key"].get<std::string>()), rec.dump());
                return 1;
            }
            // A table: read once, then its rows of this shard in parallel.
            const DatasetItem& firstItem = ds.items[plan.items[u.first].item];
            std::vector<Sample> samples;
            std::string readError;
            try {
                ItemFile f = readItemFile(firstItem.file, ds.modality, {o.limits, true});
                samples = std::move(f.samples);
                int64_t rows = 0;
                for (const auto& it : ds.items)
                    if (it.file == firstItem.file)
                        rows = std::max(rows, it.row + 1);
                if (int64_t(samples.size()) != rows)
                    readError = "the reader found " + std::to_string(samples.size()) +
                                " rows where the scan found " + std::to_string(rows);
            } catch (const Error& e) {
                readError = e.what();
            }
            std::atomic<int64_t> n{0};
            tbb::parallel_for(u.first, u.last, [&](size_t i) {
                if (cancelled())
                    return;
                const PlannedItem& p = plan.items[i];
                const DatasetItem& item = ds.items[p.item];
                if (!inShard(item.key, o.shardIndex, o.shardCount) ||
                    out.exists(recordRel(item.key)))
                    return;
                json rec;
                if (!readError.empty()) {
                    rec = {{"key", item.key}, {"error", readError}};
                } else {
                    try {
                        rec = rowRecord(cx, item, p, samples[size_t(item.row)]);
                    } catch (const std::exception& e) {
                        rec = {{"key", item.key}, {"error", e.what()}};
                    }
                }
                out.write(recordRel(item.key), rec.dump());
                ++n;
            });
            return n.load();
        } catch (const WriteFailure& e) {
            std::lock_guard lock(fatalMutex);
            if (fatal.empty())
                fatal = e.what();
            stop = true;
            return 0;
        }
    };

    int64_t done = alreadyDone;
    auto lastReport = std::chrono::steady_clock::now();
    auto report = [&](bool force) {
        if (!o.progress)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - lastReport < std::chrono::milliseconds(100))
            return;
        lastReport = now;
        const double secs = std::chrono::duration<double>(now - started).count();
        const double rate = secs > 0 ? double(done - alreadyDone) / secs : 0;
        o.progress({done, total, rate, rate > 0 ? double(total - done) / rate : 0});
    };
    const int threads = o.jobs > 0 ? o.jobs : tbb::this_task_arena::max_concurrency();
    tbb::task_arena arena(threads);
    if (ds.modality == Modality::Series && !units.empty() && usesSeriesPartners(pipeline))
        arena.execute([&] {
            cx.run.seriesPool = seriesPartners(
                ds, [&plan](const std::string& split) { return plan.augmented(split); }, o.limits);
        });
    arena.execute([&] {
        size_t next = 0;
        // Bounded work in flight: at most 2 units per thread are decoded at once.
        tbb::parallel_pipeline(
            size_t(threads) * 2,
            tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& fc) -> size_t {
                                               if (next >= units.size() || cancelled()) {
                                                   fc.stop();
                                                   return 0;
                                               }
                                               return next++;
                                           }) &
                tbb::make_filter<size_t, int64_t>(
                    tbb::filter_mode::parallel,
                    [&](size_t u) { return cancelled() ? 0 : processUnit(units[u]); }) &
                tbb::make_filter<int64_t, void>(tbb::filter_mode::serial_out_of_order,
                                                [&](int64_t n) {
                                                    done += n;
                                                    report(false);
                                                }));
    });
    report(true);
    if (!fatal.empty())
        throw IoError(o.output.string(), "export stopped: " + fatal +
                                             " (run again with the same arguments to resume)");

    ExportSummary summary;
    summary.cancelled = o.cancel && o.cancel->load();

    // Assemble what spans items: manifest, tables, COCO JSON, labels CSV, summary.
    FolderLock lock(outRoot / ".augstudio" / "lock");
    bool complete = !summary.cancelled;
    for (size_t i = 0; complete && i < plan.items.size(); ++i)
        complete = out.exists(recordRel(ds.items[plan.items[i].item].key));
    summary.complete = complete;
    auto name = [&](const std::string& rel) { return shardName(rel, o, complete); };
    std::optional<StreamedFile> manifest;
    if (!summary.cancelled)
        manifest.emplace(out, name("manifest.jsonl"));
    records::Assembly assembly(cx.ds, manifest ? &*manifest : nullptr);
    for (const auto& p : plan.items) {
        const DatasetItem& item = ds.items[p.item];
        if (!complete && !inShard(item.key, o.shardIndex, o.shardCount))
            continue;
        std::ifstream f(outRoot / recordRel(item.key), std::ios::binary);
        if (!f)
            continue; // not done yet (cancelled)
        assembly.add(item, json::parse(f));
    }
    if (manifest) {
        manifest->commit();
        for (const auto& [rel, text] : assembly.auxiliaryFiles())
            out.write(name(rel), text);
        for (auto& [rel, table] : assembly.tables()) {
            const fs::path temp = out.tempPath(fs::path(rel).extension().string());
            records::writeTable(temp, ds.root / fs::path(rel), ds.modality, table, o.limits);
            out.commit(temp, name(rel));
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    json failures = json::array();
    for (const auto& b : ds.bad)
        failures.push_back(
            {{"source", b.path}, {"line", b.line}, {"reason", b.reason}, {"stage", "scan"}});
    for (const auto& [key, reason] : assembly.failures())
        failures.push_back({{"source", key}, {"reason", reason}, {"stage", "export"}});
    json planned = json::object(), before = json::object(), after = json::object();
    for (const auto& [s, m] : plan.before)
        for (const auto& [c, n] : m)
            before[s][c] = n;
    for (const auto& [s, m] : plan.after)
        for (const auto& [c, n] : m)
            planned[s][c] = n;
    for (const auto& [s, m] : assembly.after())
        for (const auto& [c, n] : m)
            after[s][c] = n;
    summary.outputs = assembly.outputCount();
    summary.failures = int64_t(assembly.failures().size());
    summary.json = {{"version", AUGSTUDIO_VERSION},
                    {"input", ds.root.string()},
                    {"output", outRoot.string()},
                    {"layout", layoutName(ds.layout)},
                    {"modality", modalityName(ds.modality)},
                    {"seed", seed},
                    {"complete", complete},
                    {"cancelled", summary.cancelled},
                    {"outputs", summary.outputs},
                    {"failed", int64_t(failures.size())},
                    {"failures", failures},
                    {"counts", {{"before", before}, {"planned", planned}, {"after", after}}},
                    {"time_s", std::round(seconds * 1000) / 1000}};
    if (!complete) // a shard's partial summary says which shard it covers
        summary.json["shard"] = {{"index", o.shardIndex}, {"count", o.shardCount}};
    if (cx.featurewise)
        summary.json["featurewise"] = assembly.featurewise(pdoc["featurewise"]);
    summary.failures = int64_t(failures.size());
    if (!summary.cancelled) {
        out.write(name("summary.json"), summary.json.dump(2) + "\n");
        if (complete && o.shardCount > 1) {
            // The shards' partial files are superseded by the assembled ones.
        }
        if (complete)
            records::removeShardPartials(outRoot);
    }
    return summary;
}

} // namespace augstudio::core

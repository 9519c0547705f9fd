#include "core/export/exportrun.h"

#include "core/dataset/datasetruncontext.h"
#include "core/export/balancefill.h"
#include "core/export/itemcodec.h"
#include "core/export/layoutwriter.h"
#include "core/export/recordcommitter.h"
#include "core/export/records.h"
#include "core/io/itemfile.h"
#include "core/pipeline/runcontext.h"
#include "core/random/rng.h"
#include "core/util/confinedroot.h"
#include "core/util/error.h"

#include <opencv2/core/utility.hpp>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>

namespace augstudio::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// OpenCV's own pool off while export workers run, so `--jobs N` uses N cores in all (each
// worker's OpenCV calls run on that worker); the previous count comes back afterwards.
class OpenCvThreadsOff {
public:
    OpenCvThreadsOff() : previous_(cv::getNumThreads()) { cv::setNumThreads(1); }
    ~OpenCvThreadsOff() { cv::setNumThreads(previous_); }
    OpenCvThreadsOff(const OpenCvThreadsOff&) = delete;
    OpenCvThreadsOff& operator=(const OpenCvThreadsOff&) = delete;

private:
    int previous_;
};

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

// The part of a key naming the file (a table row's key adds "#<row>").
std::string fileRel(const DatasetItem& item) {
    const auto hash = item.key.rfind('#');
    return item.row >= 0 && hash != std::string::npos ? item.key.substr(0, hash) : item.key;
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

// What every unit of one run shares: the codec and the layout writer, chosen once.
struct Context {
    const Pipeline& pipeline;
    const Dataset& ds;
    const ExportOptions& o;
    OutputFolder& out;
    uint64_t seed = 0;
    bool featurewise = false;
    std::unique_ptr<ItemCodec> codec;
    ConfinedRoot datasetRoot; // what the scan confined reading to
    std::unique_ptr<LayoutWriter> layout;
    RunContext run;                 // this export's partners, limits and cancellation
    const Pipeline* fill = nullptr; // --balance-with's step, or none
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

// The run context of one item: the export's, naming the item so it is not its own partner
// (a copy only when there are partners to draw).
const RunContext& itemRun(const Context& cx, const DatasetItem& item, RunContext& copy) {
    if (!cx.run.partners)
        return cx.run;
    copy = cx.run;
    copy.itemKey = item.key;
    return copy;
}

// The steps of one augmented copy: the pipeline's, then on a copy filling a smaller class
// --balance-with's step (its own seed, after the pipeline), both recorded in order.
json runCopy(const Context& cx, const DatasetItem& item, const PlannedItem& p, Sample& s,
             uint64_t seed) {
    RunContext copy;
    const RunContext& run = itemRun(cx, item, copy);
    json steps = cx.pipeline.run(s, seed, run).stepsJson();
    if (p.fill && cx.fill)
        for (json& step : cx.fill->run(s, balanceFillSeed(seed), run).stepsJson())
            steps.push_back(std::move(step));
    return steps;
}

// Runs one planned file item (image, audio, per-series CSV) and returns its record. Item
// failures become {"error": ...}; write failures throw WriteFailure.
json processFileItem(const Context& cx, const PlannedItem& p) {
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
        ItemFile read = cx.codec->read(cx.ds, item);
        Sample& src = read.samples.at(0);
        const std::string ext = cx.codec->outputExtension(rel);
        const std::vector<int> copies = outputCopies(p);
        for (int copy : copies) {
            const uint64_t seed = deriveSeed(cx.seed, item.key, uint64_t(std::max(copy, 0)));
            json steps = json::array();
            std::optional<Sample> augmented;
            if (copy >= 0) {
                // The last output augments the decoded sample itself: nothing reads it after,
                // and a clone of a 512x512 image costs as much as a transform.
                augmented = copy == copies.back() ? std::move(src) : cloneSample(src);
                steps = runCopy(cx, item, p, *augmented, seed);
            }
            const Sample& s = augmented ? *augmented : src;
            const std::string outRel = outputName(rel, copy, ext);
            cx.codec->write(cx.out, item, read, outRel, s, copy < 0);
            written.push_back(outRel);
            json entry = {{"manifest", manifestLine(outRel, item, copy, seed, steps)}};
            cx.layout->addOutput(cx.out, {item, outRel, copy, s}, entry, written);
            if (cx.featurewise && item.split == "train")
                if (const auto* image = std::get_if<ImageSample>(&s))
                    entry["stats"] = channelStats(image->image);
            record["outputs"].push_back(std::move(entry));
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
json rowRecord(const Context& cx, const DatasetItem& item, const PlannedItem& p,
               const Sample& src) {
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
            steps = runCopy(cx, item, p, s, seed);
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

void runWorkList(const ExportRun& run, const WorkList& work) {
    const Dataset& ds = run.dataset;
    const ExportOptions& o = run.options;
    const ExportPlan& plan = run.plan;
    OutputFolder& out = run.out;
    const Pipeline& pipeline = run.pipeline;
    const auto started = run.started;
    const auto& units = work.units;
    const int64_t total = work.total, alreadyDone = work.alreadyDone;
    Context cx{pipeline,
               ds,
               o,
               out,
               run.seed,
               run.featurewise,
               ItemCodec::forModality(ds.modality, o),
               ConfinedRoot(ds.root, o.followExternalLinks),
               nullptr,
               {},
               run.fill};
    cx.layout = LayoutWriter::forLayout(ds, cx.datasetRoot); // it keeps cx.datasetRoot
    cx.run.limits = o.limits;
    cx.run.cancelled = [&o] { return o.cancel && o.cancel->load(); };

    std::atomic<bool> stop{false};
    std::mutex fatalMutex;
    std::string fatal;
    auto cancelled = [&] { return stop.load() || (o.cancel && o.cancel->load()); };
    // A file item's record is written once its outputs are durable; a table row's record
    // holds the row itself, so it is written at once (durable at the committer's last sync).
    RecordCommitter committer(out, [&out] { out.sync(); });
    auto processUnit = [&](const WorkUnit& u) -> int64_t {
        try {
            if (!u.table) {
                const json rec = processFileItem(cx, plan.items[u.first]);
                committer.add(recordRel(rec["key"].get<std::string>()), rec.dump());
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
                if (!inShard(item.key, o.shardIndex, o.shardCount) || recordWritten(out, item.key))
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
    const OpenCvThreadsOff openCvThreadsOff;
    tbb::task_arena arena(threads);
    if (!units.empty())
        // The fits (series pool, word statistics) run in parallel on this export's threads;
        // partners come from the augmented split, decoded on demand (`ds` outlives the run).
        arena.execute([&] {
            RunContext built = datasetRunContext(
                std::shared_ptr<const Dataset>(std::shared_ptr<const Dataset>(), &ds),
                [&plan](const std::string& split) { return plan.augmented(split); }, pipeline,
                o.limits);
            if (cx.fill) {
                // What the fill step draws from, where the pipeline itself draws nothing.
                RunContext forFill = datasetRunContext(
                    std::shared_ptr<const Dataset>(std::shared_ptr<const Dataset>(), &ds),
                    [&plan](const std::string& split) { return plan.augmented(split); }, *cx.fill,
                    o.limits);
                if (!built.seriesPool)
                    built.seriesPool = std::move(forFill.seriesPool);
                if (!built.partners)
                    built.partners = std::move(forFill.partners);
            }
            cx.run.seriesPool = std::move(built.seriesPool);
            cx.run.partners = std::move(built.partners);
            cx.run.textStatistics = std::move(built.textStatistics);
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
    try {
        committer.finish();
    } catch (const WriteFailure& e) {
        if (fatal.empty())
            fatal = e.what();
    }
    report(true);
    if (!fatal.empty())
        throw IoError(o.output.string(), "export stopped: " + fatal +
                                             " (run again with the same arguments to resume)");
}

} // namespace augstudio::core

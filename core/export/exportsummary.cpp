#include "core/export/exportsummary.h"

#include "core/export/balancefill.h"
#include "core/export/records.h"
#include "core/util/error.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cmath>
#include <optional>

#ifndef AUGSTUDIO_VERSION
#define AUGSTUDIO_VERSION "0"
#endif

namespace augstudio::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

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

ExportSummary summariseExport(const ExportRun& run) {
    const Dataset& ds = run.dataset;
    const ExportOptions& o = run.options;
    const ExportPlan& plan = run.plan;
    OutputFolder& out = run.out;
    const fs::path& outRoot = out.root();
    const auto started = run.started;
    const uint64_t seed = run.seed;
    ExportSummary summary;
    summary.cancelled = o.cancel && o.cancel->load();

    // Assemble what spans items: manifest, tables, COCO JSON, labels CSV, summary.
    FolderLock lock(outRoot / ".augstudio" / "lock");
    bool complete = !summary.cancelled;
    for (size_t i = 0; complete && i < plan.items.size(); ++i)
        complete = recordWritten(out, ds.items[plan.items[i].item].key);
    summary.complete = complete;
    auto name = [&](const std::string& rel) { return shardName(rel, o, complete); };
    std::optional<StreamedFile> manifest;
    if (!summary.cancelled)
        manifest.emplace(out, name("manifest.jsonl"));
    records::Assembly assembly(ds, manifest ? &*manifest : nullptr);
    for (const auto& p : plan.items) {
        const DatasetItem& item = ds.items[p.item];
        if (!complete && !inShard(item.key, o.shardIndex, o.shardCount))
            continue;
        const std::string recordFile = recordRel(item.key);
        const auto text = out.read(recordFile);
        if (!text)
            continue; // not done yet (cancelled)
        try {
            assembly.add(item, json::parse(*text));
        } catch (const json::exception& e) { // written by an export, so only if damaged
            throw IoError((outRoot / recordFile).string(),
                          std::string("damaged export record (delete it and export again to "
                                      "redo its item): ") +
                              e.what());
        }
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
    if (run.fill) // the step that filled the smaller classes (its records are in the manifest)
        summary.json["balance_with"] = {{"fill", balanceFillName(o.balanceWith)},
                                        {"step", run.fill->stepInfo(0).id}};
    if (!complete) // a shard's partial summary says which shard it covers
        summary.json["shard"] = {{"index", o.shardIndex}, {"count", o.shardCount}};
    if (run.featurewise)
        summary.json["featurewise"] = assembly.featurewise(run.pipeline.toJson()["featurewise"]);
    summary.failures = int64_t(failures.size());
    if (!summary.cancelled) {
        out.write(name("summary.json"), summary.json.dump(2) + "\n");
        if (complete) // the shards' partial files are superseded by the assembled ones
            records::removeShardPartials(outRoot);
    }
    out.sync(); // what this run wrote last: the manifest, tables, summary
    return summary;
}

} // namespace augstudio::core

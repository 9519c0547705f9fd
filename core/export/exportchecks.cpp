#include "core/export/exportchecks.h"

#include "core/export/balancefill.h"
#include "core/random/rng.h"
#include "core/util/atomicwrite.h"
#include "core/util/error.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace augstudio::core::exportchecks {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

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

} // namespace

fs::path canonicalish(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
    return ec ? fs::absolute(p).lexically_normal() : c;
}

std::string hex(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

void checkOptions(const Pipeline& pipeline, const Dataset& ds, const ExportOptions& o) {
    if (o.shardCount < 1 || o.shardIndex < 0 || o.shardIndex >= o.shardCount)
        throw OptionError("shard", "expected i/N with 0 <= i < N");
    if (o.format != "same" && o.format != "jpg" && o.format != "jpeg" && o.format != "png" &&
        o.format != "webp")
        throw OptionError("format", "expected same, jpg, png or webp");
    if (pipeline.modality() != ds.modality)
        throw PipelineError(
            "modality", std::string("the pipeline is for ") + modalityName(pipeline.modality()) +
                            " data; the dataset holds " + modalityName(ds.modality));
}

json planJson(const Pipeline& pipeline, const Dataset& ds, const ExportOptions& o, uint64_t seed) {
    uint64_t keys = 0;
    for (const auto& item : ds.items)
        keys = mixSeed(keys, hashKey(item.key));
    json pl = pipeline.toJson();
    pl["seed"] = seed;
    json plan = {{"input", canonicalish(ds.root).string()},
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
    if (o.balanceWith != ExportOptions::BalanceFill::None) // absent otherwise: plans unchanged
        plan["balance_with"] = balanceFillName(o.balanceWith);
    return plan;
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
                                    "(the overwrite option replaces its contents)"
                                  : "the output folder holds an export of a different plan "
                                    "(the overwrite option replaces it; or choose another "
                                    "folder)");
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

} // namespace augstudio::core::exportchecks

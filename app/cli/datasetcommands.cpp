#include "app/cli/commands.h"
#include "core/util/readlimits.h"

#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/balancefill.h"
#include "core/export/exporter.h"
#include "core/export/shardenvironment.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace augstudio::cli {

using namespace augstudio::core;

namespace {

struct ScanArgs {
    std::string dataset;
    bool json = false, followExternalLinks = false;
};

int runScan(const ScanArgs& a, const ReadLimits& limits) {
    ScanOptions options;
    options.limits = limits;
    options.followExternalLinks = a.followExternalLinks;
    const Dataset ds = scanDataset(a.dataset, options);
    if (a.json) {
        std::cout << ds.toJson().dump(2) << '\n';
        return 0;
    }
    std::cout << "root: " << ds.root.string() << "\nlayout: " << layoutName(ds.layout)
              << "\nmodality: " << modalityName(ds.modality) << "\nitems: " << ds.items.size()
              << '\n';
    for (const auto& [split, classes] : ds.counts()) {
        std::cout << split << ":\n";
        for (const auto& [label, n] : classes)
            std::cout << "  " << (label.empty() ? "(unlabelled)" : label) << ": " << n << '\n';
    }
    std::printf("imbalance ratio: %.2f\n", ds.imbalanceRatio());
    std::cout << "bad files: " << ds.bad.size() << '\n';
    for (const auto& b : ds.bad)
        std::cout << "  " << b.path << (b.line > 0 ? ":" + std::to_string(b.line) : "") << ": "
                  << b.reason << '\n';
    if (!ds.skipped.empty()) {
        std::cout << "skipped: " << ds.skipped.size() << '\n';
        for (const auto& s : ds.skipped)
            std::cout << "  " << s.path << ": " << s.reason << '\n';
    }
    return 0;
}

struct ExportArgs {
    std::string pipeline, input, output, splits = "train", format = "same", shard, balanceWith;
    int copies = 1;
    bool copiesGiven = false, balance = false, includeOriginals = false, overwrite = false,
         json = false, followExternalLinks = false;
    int64_t target = 0;
    int quality = 95, jobs = 0;
    std::optional<uint64_t> seed;
    std::optional<int> shards, emitSbatch; // --shards N (with --shard auto), --emit-sbatch N
};

std::atomic<bool> interrupted{false};
extern "C" void onSigint(int) {
    interrupted = true;
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s + ",") {
        if (c == ',') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else if (c != ' ') {
            cur += c;
        }
    }
    return out;
}

// One word for a POSIX shell, whatever it holds.
std::string shellQuoted(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string absolute(const std::string& path) {
    return std::filesystem::absolute(path).lexically_normal().string();
}

// --emit-sbatch N: a job script running this export as an N-task array, each task its shard.
int printSbatchScript(const ExportArgs& a, const ReadLimits& limits) {
    const int tasks = *a.emitSbatch;
    if (!a.shard.empty() || a.shards)
        throw OptionError("shard", "not with --emit-sbatch (every task takes --shard auto)");
    if (a.overwrite)
        throw OptionError("overwrite", "not with --emit-sbatch: each task would replace what "
                                       "the others wrote; empty the output folder first");
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const int cpus = a.jobs > 0 ? a.jobs : 1;
    std::ostringstream cmd;
    cmd << "exec " << shellQuoted(ec ? std::string("augstudio-cli") : self.string())
        << " --max-megapixels " << limits.maxMegapixels << " --max-audio-seconds "
        << limits.maxAudioSeconds << " --max-series-values " << limits.maxSeriesValues
        << " export \\\n    --pipeline " << shellQuoted(absolute(a.pipeline)) << " --input "
        << shellQuoted(absolute(a.input)) << " --output " << shellQuoted(absolute(a.output))
        << " \\\n   ";
    if (a.balance) {
        cmd << " --balance";
        if (a.target > 0)
            cmd << " --target " << a.target;
        if (!a.balanceWith.empty())
            cmd << " --balance-with " << a.balanceWith;
    } else {
        cmd << " --copies " << a.copies;
    }
    if (a.includeOriginals)
        cmd << " --include-originals";
    cmd << " --splits " << shellQuoted(a.splits) << " --format " << a.format << " --quality "
        << a.quality;
    if (a.seed)
        cmd << " --seed " << *a.seed;
    if (a.followExternalLinks)
        cmd << " --follow-external-links";
    cmd << " \\\n    --jobs \"${SLURM_CPUS_PER_TASK:-" << cpus << "}\" --shard auto\n";
    std::cout << "#!/bin/bash\n"
                 "# Augmentation Studio export as a Slurm job array of "
              << tasks
              << " tasks; submit with: sbatch THIS_FILE\n"
                 "# Each task exports its shard (--shard auto reads SLURM_ARRAY_TASK_ID and\n"
                 "# SLURM_ARRAY_TASK_COUNT) into the one output folder, which must be on a file\n"
                 "# system every node shares; the task finishing last assembles manifest.jsonl,\n"
                 "# the tables and summary.json, so no step follows the array.\n"
                 "#SBATCH --job-name=augstudio-export\n"
                 "#SBATCH --array=0-"
              << tasks - 1 << "\n#SBATCH --cpus-per-task=" << cpus
              << "\n#SBATCH --output=augstudio-export-%A_%a.log\n"
                 "set -euo pipefail\n"
              << cmd.str();
    return 0;
}

int runExportCommand(const ExportArgs& a, const ReadLimits& limits) {
    if (a.emitSbatch)
        return printSbatchScript(a, limits);
    std::signal(SIGINT, onSigint); // Ctrl-C stops cleanly: finished items kept, rest resumable
    const Pipeline pipeline = loadPipeline(a.pipeline, limits);
    ExportOptions o;
    o.limits = limits;
    o.output = a.output;
    o.mode = a.balance ? ExportOptions::Mode::Balance : ExportOptions::Mode::Copies;
    o.copies = a.copies;
    o.target = a.target;
    o.balanceWith = balanceFillFromName(a.balanceWith);
    o.includeOriginals = a.includeOriginals;
    o.splits = splitList(a.splits);
    o.format = a.format;
    o.quality = a.quality;
    o.jobs = a.jobs;
    o.seed = a.seed;
    o.overwrite = a.overwrite;
    o.followExternalLinks = a.followExternalLinks;
    if (a.shard == "auto") {
        const ShardAssignment shard = shardFromProcessEnvironment(a.shards);
        o.shardIndex = shard.index;
        o.shardCount = shard.count;
    } else if (a.shards) {
        throw OptionError("shards", "only with --shard auto (a Kubernetes indexed Job)");
    } else if (!a.shard.empty()) {
        const auto slash = a.shard.find('/');
        try {
            if (slash == std::string::npos)
                throw std::invalid_argument("no slash");
            o.shardIndex = std::stoi(a.shard.substr(0, slash));
            o.shardCount = std::stoi(a.shard.substr(slash + 1));
        } catch (const std::exception&) {
            throw OptionError("shard", "expected i/N (e.g. 0/4) or auto");
        }
    }
    o.cancel = &interrupted;
    const bool tty = isatty(STDERR_FILENO);
    if (tty)
        o.progress = [](const ExportProgress& p) {
            std::fprintf(stderr, "\r%lld/%lld items  %.1f items/s  %.0f s left   ",
                         static_cast<long long>(p.done), static_cast<long long>(p.total), p.rate,
                         p.etaS);
            std::fflush(stderr);
        };
    const ExportSummary s = runExport(pipeline, std::filesystem::path(a.input), o);
    std::signal(SIGINT, SIG_DFL);
    if (tty)
        std::fprintf(stderr, "\n");
    if (s.cancelled) {
        printError(a.output + ": export cancelled; run the same command again to resume");
        return 1;
    }
    if (a.json) {
        std::cout << s.json.dump(2) << '\n';
    } else {
        std::cout << "exported " << s.outputs << " outputs to " << a.output << " (" << s.failures
                  << " failures)\n";
        for (const auto& f : s.json["failures"])
            std::cout << "  " << f["source"].get<std::string>() << ": "
                      << f["reason"].get<std::string>() << '\n';
        if (!s.complete)
            std::cout << "shard " << o.shardIndex << "/" << o.shardCount
                      << " done; the manifest is assembled when every shard has run\n";
    }
    return s.outputs > 0 || (s.failures == 0) ? 0 : 1;
}

} // namespace

void addScanCommand(CLI::App& app, Runner& run, const ReadLimits& limits) {
    auto* cmd = app.add_subcommand("scan", "Scan a dataset: layout, classes, counts, bad files");
    auto a = std::make_shared<ScanArgs>();
    cmd->add_option("DATASET", a->dataset, "dataset folder or table file")->required();
    cmd->add_flag("--json", a->json, "machine-readable output");
    cmd->add_flag("--follow-external-links", a->followExternalLinks,
                  "follow symlinks whose target lies outside the dataset");
    cmd->callback([&run, a, &limits] { run = [a, &limits] { return runScan(*a, limits); }; });
}

void addExportCommand(CLI::App& app, Runner& run, const ReadLimits& limits) {
    auto* cmd = app.add_subcommand("export", "Export an augmented copy of a dataset");
    auto a = std::make_shared<ExportArgs>();
    cmd->add_option("--pipeline", a->pipeline, "pipeline JSON file")->required();
    cmd->add_option("--input", a->input, "dataset folder or table file")->required();
    cmd->add_option("--output", a->output, "output folder (outside the input)")->required();
    auto* copies = cmd->add_option("--copies", a->copies, "augmented copies per item")
                       ->check(CLI::Range(1, 1000000));
    auto* balance = cmd->add_flag("--balance", a->balance,
                                  "augment smaller classes up to the largest (or --target)");
    copies->excludes(balance);
    cmd->add_option("--target", a->target, "balance: items per class")
        ->check(CLI::Range(int64_t(1), int64_t(1) << 40))
        ->needs(balance);
    cmd->add_option("--balance-with", a->balanceWith,
                    "balance: fill the smaller classes by SMOTE (series) or same-class mixup "
                    "(images, audio, series), a last step on their copies")
        ->check(CLI::IsMember({"smote", "mixup"}))
        ->needs(balance);
    cmd->add_flag("--include-originals", a->includeOriginals, "copies: keep the originals too");
    cmd->add_option("--splits", a->splits, "augmented splits, comma separated (default train)");
    cmd->add_option("--format", a->format, "image format: same, jpg, png, webp")
        ->check(CLI::IsMember({"same", "jpg", "jpeg", "png", "webp"}));
    cmd->add_option("--quality", a->quality, "JPEG/WebP quality")->check(CLI::Range(1, 100));
    cmd->add_option("--jobs", a->jobs, "threads (default: all cores)")->check(CLI::Range(1, 1024));
    cmd->add_option("--shard", a->shard,
                    "i/N: export only shard i of N; auto: the shard of this Slurm array task "
                    "or Kubernetes indexed Job");
    cmd->add_option("--shards", a->shards,
                    "with --shard auto in a Kubernetes indexed Job: the Job's completions")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--emit-sbatch", a->emitSbatch,
                    "print a Slurm script running this export as an N-task job array")
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--seed", a->seed, "seed (default: the pipeline's)");
    cmd->add_flag("--overwrite", a->overwrite, "replace a non-empty output folder");
    cmd->add_flag("--follow-external-links", a->followExternalLinks,
                  "follow symlinks whose target lies outside the dataset");
    cmd->add_flag("--json", a->json, "print summary.json");
    cmd->callback(
        [&run, a, &limits] { run = [a, &limits] { return runExportCommand(*a, limits); }; });
}

} // namespace augstudio::cli

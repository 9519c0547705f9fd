#include "app/cli/commands.h"

#include "core/dataset/dataset.h"
#include "core/health/healthcheck.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace augstudio::cli {

using namespace augstudio::core;

namespace {

struct HealthArgs {
    std::string dataset;
    bool json = false;
    int minClassItems = 5, nearDistance = 6, jobs = 0;
};

void printGroups(const char* title, const std::vector<HealthReport::DuplicateGroup>& groups) {
    std::cout << title << ": " << groups.size() << '\n';
    for (const auto& g : groups) {
        std::cout << "  " << g.kind << " (" << g.items.size() << " items";
        if (g.isLeak()) {
            std::cout << ", splits";
            for (const auto& s : g.splits)
                std::cout << ' ' << s;
        }
        std::cout << "):";
        for (const auto& i : g.items)
            std::cout << ' ' << i.key;
        std::cout << '\n';
    }
}

int runHealth(const HealthArgs& a, const ReadLimits& limits) {
    ScanOptions scan;
    scan.limits = limits;
    const Dataset ds = scanDataset(a.dataset, scan);
    HealthOptions options;
    options.limits = limits;
    options.minClassItems = a.minClassItems;
    options.nearDistance = a.nearDistance;
    options.threads = a.jobs;
    const HealthReport report = checkDatasetHealth(ds, options);
    if (a.json) {
        std::cout << report.toJson().dump(2) << '\n';
        return 0;
    }
    std::cout << "root: " << report.root.string() << "\nmodality: " << modalityName(report.modality)
              << "\nitems: " << report.items << '\n';
    for (const auto& d : report.distributions) {
        const Histogram& h = d.histogram;
        std::printf("%s%s%s: min %g, median %g, mean %.4g, max %g\n", d.name.c_str(),
                    d.unit.empty() ? "" : " ", d.unit.empty() ? "" : ("(" + d.unit + ")").c_str(),
                    h.min, h.median, h.mean, h.max);
        if (!h.distinct.empty() && h.distinct.size() <= 8) {
            std::cout << "   ";
            for (const auto& [v, c] : h.distinct)
                std::printf(" %g: %lld", v, static_cast<long long>(c));
            std::cout << '\n';
        }
    }
    printGroups("exact duplicates", report.exactDuplicates);
    printGroups("near duplicates", report.nearDuplicates);
    printGroups("leaks across splits", report.leaks);
    std::cout << "unreadable: " << report.unreadable.size() << '\n';
    for (const auto& b : report.unreadable)
        std::cout << "  " << b.path << (b.line > 0 ? ":" + std::to_string(b.line) : "") << ": "
                  << b.reason << '\n';
    std::cout << "classes with fewer than " << report.minClassItems
              << " items: " << report.tinyClasses.size() << '\n';
    for (const auto& t : report.tinyClasses)
        std::cout << "  " << t.label << ": " << t.count << '\n';
    return 0;
}

} // namespace

void addHealthCommand(CLI::App& app, Runner& run, const ReadLimits& limits) {
    auto* cmd = app.add_subcommand(
        "health", "Distributions, duplicates, leaks across splits, unreadable files, tiny classes");
    auto a = std::make_shared<HealthArgs>();
    cmd->add_option("DATASET", a->dataset, "dataset folder or file")->required();
    cmd->add_flag("--json", a->json, "machine-readable output");
    cmd->add_option("--min-class-items", a->minClassItems,
                    "classes with fewer items are listed (default 5)")
        ->check(CLI::Range(1, 1000000000));
    cmd->add_option("--near-distance", a->nearDistance,
                    "perceptual-hash bits that may differ for a near duplicate (0-7, default 6)")
        ->check(CLI::Range(0, 7));
    cmd->add_option("--jobs", a->jobs, "threads (default: all cores)")->check(CLI::Range(0, 1024));
    cmd->callback([&run, a, &limits] { run = [a, &limits] { return runHealth(*a, limits); }; });
}

} // namespace augstudio::cli

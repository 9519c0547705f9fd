#include "app/cli/commands.h"
#include "core/util/readlimits.h"

#include "core/catalog/builtin.h"
#include "core/io/itemfile.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"

#include <opencv2/core/utility.hpp>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace augstudio::cli {

using namespace augstudio::core;

namespace {

struct BenchOptions {
    std::string pipeline, input;
    double seconds = 1.0;
    bool json = false;
};

// Items per second of `body` on copies of `samples`, one thread; the copy is not timed.
template <class Body>
double measure(const std::vector<Sample>& samples, double seconds, Body body) {
    using clock = std::chrono::steady_clock;
    double spent = 0;
    uint64_t items = 0;
    const auto wall = clock::now();
    while (spent < seconds || items < 3) {
        for (const auto& original : samples) {
            Sample s = cloneSample(original);
            const auto t0 = clock::now();
            body(s, items);
            spent += std::chrono::duration<double>(clock::now() - t0).count();
            ++items;
        }
        if (std::chrono::duration<double>(clock::now() - wall).count() > seconds * 20)
            break; // the copies dominate; enough samples anyway
    }
    return spent > 0 ? double(items) / spent : 0.0;
}

int runBench(const BenchOptions& o, const ReadLimits& limits) {
    // One thread means one thread: OpenCV's own pool would otherwise run on every core.
    cv::setNumThreads(1);
    const Pipeline pipeline = loadPipeline(o.pipeline, limits);
    const ItemFile item = readItemFile(o.input, pipeline.modality(), {limits, false});
    if (item.samples.empty())
        throw IoError(o.input, "no samples to run on");
    nlohmann::json steps = nlohmann::json::array();
    for (size_t i = 0; i < pipeline.stepCount(); ++i) {
        const double rate = measure(item.samples, o.seconds,
                                    [&](Sample& s, uint64_t n) { pipeline.runStepAlone(i, s, n); });
        steps.push_back({{"id", pipeline.stepInfo(i).id}, {"items_per_s", rate}});
    }
    const double whole =
        measure(item.samples, o.seconds, [&](Sample& s, uint64_t n) { pipeline.run(s, n); });
    std::vector<std::string> ids;
    for (size_t i = 0; i < pipeline.stepCount(); ++i)
        ids.push_back(pipeline.stepInfo(i).id);
    const FusionPlan plan = pipeline.fusionPlan();
    nlohmann::json result = {{"input", o.input},
                             {"fuse", pipeline.fused()},
                             {"plan", plan.toJson()},
                             {"threads", 1},
                             {"opencv_threads", cv::getNumThreads()},
                             {"steps", steps},
                             {"pipeline", {{"items_per_s", whole}}}};
    if (o.json) {
        std::cout << result.dump(2) << '\n';
        return 0;
    }
    std::cout << "one thread (OpenCV threads: " << cv::getNumThreads() << "), "
              << item.samples.size() << " item(s) from " << o.input << '\n';
    std::cout << "plan (" << (pipeline.fused() ? "fused" : "step by step")
              << "): " << plan.describe(ids) << '\n';
    for (const auto& s : steps)
        std::cout << "  " << std::left << std::setw(32) << s["id"].get<std::string>() << std::right
                  << std::setw(12) << std::fixed << std::setprecision(1)
                  << s["items_per_s"].get<double>() << " items/s\n";
    std::cout << "  " << std::left << std::setw(32) << "pipeline" << std::right << std::setw(12)
              << whole << " items/s\n";
    return 0;
}

} // namespace

void addBenchCommand(CLI::App& app, Runner& run, const ReadLimits& limits) {
    auto* cmd = app.add_subcommand("bench", "One-thread throughput of each step and the pipeline");
    auto o = std::make_shared<BenchOptions>();
    cmd->add_option("--pipeline", o->pipeline, "pipeline JSON file")->required();
    cmd->add_option("--seconds", o->seconds, "time per measurement")
        ->check(CLI::Range(0.01, 3600.0));
    cmd->add_flag("--json", o->json, "machine-readable output");
    cmd->add_option("INPUT", o->input, "input file")->required();
    cmd->callback([&run, o, &limits] { run = [o, &limits] { return runBench(*o, limits); }; });
}

} // namespace augstudio::cli

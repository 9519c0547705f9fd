// Series transforms, 3 channels x 10,000 steps: series per second for every transform in
// the catalog (target >= 2,000 each), draw + apply on a fresh deep copy
// as the pipeline runs them. "copy only" is the floor measured in the same run: the clone
// every step pays. Run: bench_series --benchmark_counters_tabular=true
#include "core/catalog/builtin.h"
#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/registry.h"
#include "core/pipeline/runcontext.h"

#include <benchmark/benchmark.h>
#include <opencv2/core.hpp>

#include <cstdio>

#include <cmath>

using namespace augstudio::core;

namespace {

SeriesSample makeSeries(const std::string& label, double phase) {
    SeriesSample s;
    s.values = cv::Mat(10000, 3, CV_64FC1);
    for (int t = 0; t < 10000; ++t)
        for (int c = 0; c < 3; ++c)
            s.values.at<double>(t, c) = std::sin(0.01 * (c + 1) * t + phase) + 0.1 * c;
    s.channelNames = {"x", "y", "z"};
    s.label = label;
    return s;
}

void copyOnly(benchmark::State& state) {
    const Sample in = makeSeries("a", 0);
    for (auto _ : state) {
        Sample s = cloneSample(in);
        benchmark::DoNotOptimize(std::get<SeriesSample>(s).values.data);
    }
    state.counters["series/s"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

// The run every benchmark sees: mixup_same_class mixes with partners from its pool, as an
// export's run gives them.
RunContext& benchRun() {
    static RunContext context;
    return context;
}

void runTransform(benchmark::State& state, const TransformInfo* info) {
    const auto t = info->create(validateParams(info->params, nlohmann::json::object(), info->id));
    const Sample in = makeSeries("a", 0);
    uint64_t seed = 0;
    for (auto _ : state) {
        Sample s = cloneSample(in);
        Rng rng(++seed);
        const Values v = t->draw(rng, SampleInfo::of(s, &benchRun()));
        t->applyWith(s, v, benchRun());
        benchmark::DoNotOptimize(std::get<SeriesSample>(s).values.data);
    }
    state.counters["series/s"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

} // namespace

int main(int argc, char** argv) {
    cv::setNumThreads(1);
    std::printf("OpenCV threads: %d\n", cv::getNumThreads());
    // mixup_same_class mixes with partners from the pool, as an export fills it.
    auto pool = std::make_shared<SeriesPool>();
    // (discriminative_guided_warp also needs another class.)
    pool->setFromSamples({makeSeries("a", 1.0), makeSeries("a", 2.0), makeSeries("a", 3.0),
                          makeSeries("b", 0.5), makeSeries("b", 1.5)});
    benchRun().seriesPool = std::move(pool);
    // series.mixup, cutmix and smote draw partners of the run, as an export's run gives them.
    {
        MemoryPartnerSource::Keyed partners;
        int k = 0;
        for (const auto& [label, phase] : std::vector<std::pair<std::string, double>>{
                 {"a", 1.0}, {"a", 2.0}, {"a", 3.0}, {"b", 0.5}, {"b", 1.5}})
            partners.emplace_back(std::to_string(k++) + ".csv", makeSeries(label, phase));
        benchRun().partners = std::make_shared<MemoryPartnerSource>(std::move(partners));
    }
    benchmark::RegisterBenchmark("copy only", copyOnly)->Unit(benchmark::kMicrosecond);
    for (const TransformInfo* info : builtinRegistry().list(Modality::Series))
        benchmark::RegisterBenchmark(info->id.c_str(), runTransform, info)
            ->Unit(benchmark::kMicrosecond);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

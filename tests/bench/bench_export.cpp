// Export throughput against the decode+encode floor, 1 vs 2 threads, and peak RSS for
// 1,000 vs 10,000 images (spec/performance.md). AUGSTUDIO_BENCH_IMAGES overrides the 1,000
// (a quicker run); the memory pair uses 128x128 images to keep the fixture fast to build.
#include "core/dataset/imagefile.h"
#include "core/export/exporter.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/registry.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

using namespace augstudio::core;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

int imageCount() {
    const char* e = std::getenv("AUGSTUDIO_BENCH_IMAGES");
    return e ? std::max(1, std::atoi(e)) : 1000;
}

std::string join(std::string a, long n, const std::string& b = "") {
    a += std::to_string(n);
    a += b;
    return a;
}

fs::path scratch() {
    static const fs::path p = fs::temp_directory_path() / join("augstudio-bench-export-", getpid());
    return p;
}

// `count` JPEG photos-like images (smooth gradients plus noise) of size x size.
fs::path fixture(int count, int size) {
    const fs::path root = scratch() / join(join("in-", count, "-"), size);
    if (fs::exists(root))
        return root;
    cv::Mat base(size, size, CV_8UC3);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            base.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x / 2), uchar(y / 2), uchar((x + y) / 4));
    cv::Mat noise(size, size, CV_8UC3);
    for (int i = 0; i < count; ++i) {
        cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(40));
        const fs::path p = root / join("c", i % 4) / join("", i, ".jpg");
        fs::create_directories(p.parent_path());
        cv::imwrite(p.string(), base + noise, {cv::IMWRITE_JPEG_QUALITY, 95});
    }
    return root;
}

Pipeline benchPipeline() {
    const bool bc = Registry::builtin().find("image.brightness_contrast") != nullptr;
    json steps = json::array(
        {{{"transform", "image.hflip"}, {"p", 0.5}},
         {{"transform", "image.rotate"}, {"p", 1.0}},
         {{"transform", bc ? "image.brightness_contrast" : "image.rotate90"}, {"p", 1.0}}});
    return Pipeline::fromJson(
        {{"version", 1}, {"modality", "image"}, {"seed", 1}, {"steps", steps}});
}

void BM_DecodeEncodeFloor(benchmark::State& state) {
    const fs::path in = fixture(imageCount(), 512);
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(in))
        if (e.is_regular_file())
            files.push_back(e.path());
    const fs::path out = scratch() / "floor";
    fs::create_directories(out);
    for (auto _ : state)
        for (size_t i = 0; i < files.size(); ++i) {
            const cv::Mat m = cv::imread(files[i].string(), cv::IMREAD_UNCHANGED);
            cv::imwrite((out / join("", long(i), ".jpg")).string(), m,
                        {cv::IMWRITE_JPEG_QUALITY, 95});
        }
    state.counters["images_per_s"] = benchmark::Counter(
        double(files.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Export(benchmark::State& state) {
    const fs::path in = fixture(imageCount(), 512);
    const Pipeline pipeline = benchPipeline();
    const Dataset ds = scanDataset(in);
    ExportOptions o;
    o.output = scratch() / join("export-", long(state.range(0)));
    o.jobs = int(state.range(0));
    o.quality = 95;
    o.overwrite = true;
    int64_t run = 0;
    for (auto _ : state) {
        o.seed = uint64_t(++run); // a new plan each time: everything is exported again
        const ExportSummary s = runExport(pipeline, ds, o);
        benchmark::DoNotOptimize(s.outputs);
    }
    state.counters["images_per_s"] = benchmark::Counter(
        double(ds.items.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}

// Peak RSS (KiB) of a child process that scans and exports `count` images.
long childPeakRss(int count) {
    const fs::path in = fixture(count, 128);
    const pid_t pid = fork();
    if (pid == 0) {
        ExportOptions o;
        o.output = scratch() / join("mem-", count);
        o.overwrite = true;
        o.jobs = 2;
        runExport(benchPipeline(), in, o);
        _exit(0);
    }
    int status = 0;
    struct rusage ru {};
    wait4(pid, &status, 0, &ru);
    return ru.ru_maxrss;
}

void BM_ExportPeakRss(benchmark::State& state) {
    long small = 0, large = 0;
    for (auto _ : state) {
        small = childPeakRss(int(state.range(0)));
        large = childPeakRss(int(state.range(1)));
    }
    state.counters["rss_small_MiB"] = double(small) / 1024;
    state.counters["rss_large_MiB"] = double(large) / 1024;
    state.counters["large_over_small"] = double(large) / double(small);
}

} // namespace

BENCHMARK(BM_DecodeEncodeFloor)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Export)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_ExportPeakRss)->Args({1000, 10000})->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return 0;
}

// Export throughput against the decode+encode floor, a per-stage CPU profile of one job
// (BM_ExportStageProfile: overhead), 1 vs 2 jobs side by side (BM_ExportScaling:
// jobs2_over_jobs1, wall time), and peak RSS for 1,000 vs 10,000 images.
// AUGSTUDIO_BENCH_IMAGES overrides the 1,000 (a quicker run); the memory pair uses 128x128
// images to keep the fixture fast to build, each size exported by a fresh process of its own
// (see exportChild). The profile on one core, the scaling on two quiet ones:
//   taskset -c 1 bench_export --benchmark_filter='Floor|Stage'
//   taskset -c 0,1 bench_export --benchmark_filter=Scaling
#include "core/catalog/builtin.h"
#include "core/export/exporter.h"
#include "core/export/outputfolder.h"
#include "core/io/image/imagefile.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/registry.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <utility>

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
    const bool bc = builtinRegistry().find("image.brightness_contrast") != nullptr;
    json steps = json::array(
        {{{"transform", "image.hflip"}, {"p", 0.5}},
         {{"transform", "image.rotate"}, {"p", 1.0}},
         {{"transform", bc ? "image.brightness_contrast" : "image.rotate90"}, {"p", 1.0}}});
    return pipelineFromJson({{"version", 1}, {"modality", "image"}, {"seed", 1}, {"steps", steps}});
}

std::string fileBytes(const fs::path& file) {
    std::ifstream f(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

double cpuSeconds(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// Every export goes to a new folder (named by its seed): an export over an earlier one deletes its
// files first, and on ext4 without a journal (this machine's disk) creating a file skips over the
// inodes deleted in the last ~30 s, which made each create cost ~1 ms CPU after a deletion (35 us
// otherwise), charged to whichever benchmark came next.
ExportOptions benchOptions(const std::string& name, int jobs, uint64_t seed) {
    ExportOptions o;
    o.output = scratch() / join(name, long(seed));
    o.jobs = jobs;
    o.quality = 95;
    o.overwrite = true;
    o.seed = seed; // a new plan each time: everything is exported again
    return o;
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
    const int jobs = int(state.range(0));
    uint64_t run = 0;
    for (auto _ : state) {
        const ExportSummary s =
            runExport(pipeline, ds, benchOptions(join("export-", jobs, "-"), jobs, ++run));
        benchmark::DoNotOptimize(s.outputs);
    }
    state.counters["images_per_s"] = benchmark::Counter(
        double(ds.items.size()) * double(state.iterations()), benchmark::Counter::kIsRate);
}

// Where one job's time goes, in CPU time (the machine is shared, so wall time would count
// other processes): decode, the pipeline and encode + write of every image timed apart on
// this thread, then the same images exported on one job (the process's CPU time, whichever
// thread runs the job). "overhead" is the export's time beyond the three stages' sum (target:
// <= 10%); durable_write_us, not in the stages' sum, is what the export's crash-safe writing
// costs measured apart (an image and a record per output written to a temporary file and
// renamed into place, one sync of the file system per 16 images as the export's record
// committer does at two jobs' pace); the *_wall_us counters are the same in wall time, for a quiet
// machine. The images go in rounds of 200, stages then export, so that a burst of load elsewhere
// falls on both alike; each round's export pays its fixed costs (plan, summary, manifest) once.
void BM_ExportStageProfile(benchmark::State& state) {
    using clock = std::chrono::steady_clock;
    const fs::path in = fixture(imageCount(), 512);
    const Pipeline pipeline = benchPipeline();
    const Dataset ds = scanDataset(in);
    const fs::path out = scratch() / "stages";
    fs::create_directories(out);
    auto thread = [] { return cpuSeconds(CLOCK_THREAD_CPUTIME_ID); };
    double decode = 0, transforms = 0, encode = 0, exported = 0, stagesWall = 0, exportWall = 0;
    double durableWrite = 0, durableWall = 0;
    int64_t run = 0;
    constexpr size_t round = 200;
    fs::create_directories(scratch() / "durable");
    OutputFolder durable(scratch() / "durable", "bench");
    for (auto _ : state)
        for (size_t first = 0; first < ds.items.size(); first += round) {
            const size_t last = std::min(ds.items.size(), first + round);
            const auto w0 = clock::now();
            for (size_t i = first; i < last; ++i) {
                const double t0 = thread();
                ImageSample s;
                s.image = cv::imread(ds.items[i].file.string(), cv::IMREAD_UNCHANGED);
                const double t1 = thread();
                Sample sample = std::move(s);
                pipeline.run(sample, uint64_t(i));
                const double t2 = thread();
                cv::imwrite((out / join(join("", run, "-"), long(i), ".jpg")).string(),
                            std::get<ImageSample>(sample).image, {cv::IMWRITE_JPEG_QUALITY, 95});
                const double t3 = thread();
                const auto d0 = clock::now();
                // What the export adds to each output for safety, apart: the image and its
                // record each written to a temporary file and renamed into place, synced in
                // batches.
                const std::string bytes = fileBytes(ds.items[i].file);
                const std::string rec = join("r", run) + "/" + std::to_string(i);
                durable.write(rec + ".jpg", bytes);
                durable.write(rec + ".json", std::string(400, ' '));
                if (i % 16 == 15)
                    durable.sync();
                const double t4 = thread();
                durableWall += std::chrono::duration<double>(clock::now() - d0).count();
                decode += t1 - t0;
                transforms += t2 - t1;
                encode += t3 - t2;
                durableWrite += t4 - t3;
            }
            Dataset part = ds;
            part.items.assign(ds.items.begin() + long(first), ds.items.begin() + long(last));
            const auto w1 = clock::now();
            const double c0 = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
            const ExportSummary summary =
                runExport(pipeline, part, benchOptions("stages-export-", 1, uint64_t(++run)));
            exported += cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
            exportWall += std::chrono::duration<double>(clock::now() - w1).count();
            stagesWall += std::chrono::duration<double>(w1 - w0).count();
            stagesWall -= std::exchange(durableWall, 0.0); // not a stage
            benchmark::DoNotOptimize(summary.outputs);
        }
    const double images = double(ds.items.size()) * double(state.iterations());
    const double stages = decode + transforms + encode;
    state.counters["decode_us"] = decode / images * 1e6;
    state.counters["transforms_us"] = transforms / images * 1e6;
    state.counters["encode_us"] = encode / images * 1e6;
    state.counters["stages_us"] = stages / images * 1e6;
    state.counters["export_us"] = exported / images * 1e6;
    state.counters["overhead"] = stages > 0 ? exported / stages - 1.0 : 0.0;
    state.counters["durable_write_us"] = durableWrite / images * 1e6;
    state.counters["stages_wall_us"] = stagesWall / images * 1e6;
    state.counters["export_wall_us"] = exportWall / images * 1e6;
    state.counters["overhead_wall"] = stagesWall > 0 ? exportWall / stagesWall - 1.0 : 0.0;
}

// 1 job against 2 on the same images, side by side in wall time (target: >= 1.85x). Only a
// quiet machine with two free cores can judge it; the CPU time says whether the second job
// added work rather than waiting.
void BM_ExportScaling(benchmark::State& state) {
    using clock = std::chrono::steady_clock;
    const fs::path in = fixture(imageCount(), 512);
    const Pipeline pipeline = benchPipeline();
    const Dataset ds = scanDataset(in);
    double wall[2] = {0, 0}, cpu[2] = {0, 0};
    uint64_t run = 100;
    for (auto _ : state)
        for (int jobs = 1; jobs <= 2; ++jobs) {
            const auto w0 = clock::now();
            const double c0 = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
            const ExportSummary s = runExport(pipeline, ds, benchOptions("scaling-", jobs, ++run));
            cpu[jobs - 1] += cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
            wall[jobs - 1] += std::chrono::duration<double>(clock::now() - w0).count();
            benchmark::DoNotOptimize(s.outputs);
        }
    const double images = double(ds.items.size()) * double(state.iterations());
    // TBB sizes its pool from the CPUs this process may run on: pinned to one (taskset -c 1)
    // the second job gets no thread and the ratio says nothing.
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    const int cpus = sched_getaffinity(0, sizeof allowed, &allowed) == 0 ? CPU_COUNT(&allowed) : 0;
    state.counters["cpus"] = cpus;
    if (cpus < 2)
        state.SetLabel("ONE CPU ALLOWED: run with taskset -c 0,1 to judge the 2-job ratio");
    state.counters["jobs1_images_per_s"] = images / wall[0];
    state.counters["jobs2_images_per_s"] = images / wall[1];
    state.counters["jobs2_over_jobs1"] = wall[1] > 0 ? wall[0] / wall[1] : 0.0;
    state.counters["jobs1_cpu_us"] = cpu[0] / images * 1e6;
    state.counters["jobs2_cpu_us"] = cpu[1] / images * 1e6;
}

// The process's peak resident set (VmHWM, KiB): this process's own, since exec.
long peakRssKiB() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    long kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmHWM:", 6) == 0)
            kib = std::atol(line + 6);
    std::fclose(f);
    return kib;
}

// `bench_export --export-child IN OUT`: scans and exports IN as the CLI would, then prints
// its own peak RSS. A fresh exec, not a bare fork: a forked child starts with the parent's
// resident pages (the fixture, the other benchmarks' heap) counted in its high-water mark,
// and so does the rusage of a fork+exec child (Linux keeps the pre-exec peak in maxrss).
int exportChild(const char* in, const char* out) {
    ExportOptions o;
    o.output = out;
    o.overwrite = true;
    o.jobs = 2;
    const ExportSummary s = runExport(benchPipeline(), fs::path(in), o);
    std::printf("%ld %lld\n", peakRssKiB(), static_cast<long long>(s.outputs));
    return s.complete ? 0 : 1;
}

// Peak RSS (KiB) of a fresh process that scans and exports `count` 128x128 images into a
// new folder (removed afterwards: a second run into a complete export has nothing to do).
long childPeakRss(int count) {
    const fs::path in = fixture(count, 128);
    const fs::path out = scratch() / join("mem-", count);
    int fds[2];
    if (pipe(fds) != 0)
        return 0;
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl("/proc/self/exe", "bench_export", "--export-child", in.c_str(), out.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    char buf[128] = {};
    size_t got = 0;
    for (ssize_t n;
         got + 1 < sizeof buf && (n = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0;)
        got += size_t(n);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    long kib = 0;
    long long outputs = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        std::sscanf(buf, "%ld %lld", &kib, &outputs) != 2 || outputs != count) {
        std::fprintf(stderr, "export child for %d images failed (status %d): %s\n", count, status,
                     buf);
        return 0;
    }
    std::error_code ec;
    fs::remove_all(out, ec);
    return kib;
}

void BM_ExportPeakRss(benchmark::State& state) {
    long small = 0, large = 0;
    for (auto _ : state) {
        small = childPeakRss(int(state.range(0)));
        large = childPeakRss(int(state.range(1)));
    }
    state.counters["rss_small_MiB"] = double(small) / 1024;
    state.counters["rss_large_MiB"] = double(large) / 1024;
    state.counters["large_over_small"] = small > 0 ? double(large) / double(small) : 0;
}

// Listing 20,000 files in 10 class folders without reading headers (spec: 100,000 in < 3 s);
// tst_dataset_scan checks the same listing's behaviour, this its time.
void BM_ScanListing(benchmark::State& state) {
    const fs::path root = scratch() / "listing";
    for (int c = 0; c < 10; ++c) {
        fs::create_directories(root / join("c", c));
        for (int i = 0; i < 2000; ++i)
            std::fclose(std::fopen((root / join("c", c) / join("", i, ".jpg")).c_str(), "wb"));
    }
    ScanOptions o;
    o.metadata = false;
    size_t items = 0;
    for (auto _ : state)
        items = scanDataset(root, o).items.size();
    state.counters["items"] = double(items);
    // Left for the exit: removed here, its 20,000 files would slow the next benchmarks' file
    // creation (see benchOptions).
}

} // namespace

BENCHMARK(BM_ScanListing)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DecodeEncodeFloor)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_ExportStageProfile)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_ExportScaling)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Export)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_ExportPeakRss)->Args({1000, 10000})->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv) {
    if (argc == 4 && std::strcmp(argv[1], "--export-child") == 0)
        return exportChild(argv[2], argv[3]);
    cv::setNumThreads(1); // the floor on one core; the export sets its own (one per job)
    std::printf("OpenCV threads: %d\n", cv::getNumThreads());
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::error_code ec;
    fs::remove_all(scratch(), ec);
    return 0;
}

// Real-time factor of every audio transform on a 10 s mono 16 kHz clip, one thread.
// Each iteration clones the input clip (the run owns its buffer, as a pipeline owns the clip
// it decoded and transforms it in place), then draws and applies. Only draw + apply is timed,
// in this thread's CPU time (CLOCK_THREAD_CPUTIME_ID, reported as the manual time), because
// comparable figures (audiomentations' augment(samples, sr)) do not copy their input first
// and for the cheap transforms the 640 KB copy would be most of what is measured:
//   rtf            seconds of audio per CPU second of draw + apply
//   rtf_with_copy  the same including the clone and its release (this file's former figure)
// Targets: >= 500x for gain, noise and filters; >= 10x for Rubber Band time stretch and
// pitch shift.
#include "core/io/audio/audiofile.h"
#include "core/io/audio/folderclipsource.h"
#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/registry.h"
#include "core/transforms/audio/audiocatalog.h"

#include <benchmark/benchmark.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cstdio>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <unistd.h>

namespace {
// Clips read from folders, as the applications load pipelines.
augstudio::core::LoadContext clipLoad() {
    return {std::make_shared<augstudio::core::FolderClipSource>(), nullptr};
}
} // namespace

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

constexpr int kRate = 16000;
constexpr double kSeconds = 10;

// Speech-like: a few harmonics under a syllable-rate envelope, with a little noise.
AudioSample clip() {
    AudioSample s;
    s.sampleRate = kRate;
    s.channels.assign(1, std::vector<float>(size_t(kSeconds * kRate)));
    Rng rng(1);
    for (size_t i = 0; i < s.channels[0].size(); ++i) {
        const double t = double(i) / kRate;
        const double env = 0.5 + 0.5 * std::sin(2 * M_PI * 4 * t);
        double v = 0;
        for (int h = 1; h <= 5; ++h)
            v += std::sin(2 * M_PI * 140 * h * t) / h;
        s.channels[0][i] = float(0.25 * env * v + 0.005 * rng.normal());
    }
    return s;
}

// The run every benchmark sees: audio.mix mixes with partner clips from it, as an export's
// run gives them (the other transforms ignore it).
RunContext& benchRun() {
    static RunContext context;
    return context;
}

double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

void runTransform(benchmark::State& state, const Transform* t, const Sample* input) {
    uint64_t seed = 0;
    double applied = 0, withCopy = 0;
    for (auto _ : state) {
        const double t0 = threadCpuSeconds();
        double t1 = 0, t2 = 0;
        {
            Sample s = cloneSample(*input);
            t1 = threadCpuSeconds();
            Rng rng(++seed);
            const Values v = t->draw(rng, SampleInfo::of(s, &benchRun()));
            t->applyWith(s, v, benchRun());
            benchmark::DoNotOptimize(std::get<AudioSample>(s).channels[0].data());
            t2 = threadCpuSeconds();
        }
        const double t3 = threadCpuSeconds();
        state.SetIterationTime(t2 - t1);
        applied += t2 - t1;
        withCopy += t3 - t0;
    }
    const double audio = kSeconds * double(state.iterations());
    state.counters["rtf"] = applied > 0 ? audio / applied : 0.0;
    state.counters["rtf_with_copy"] = withCopy > 0 ? audio / withCopy : 0.0;
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    cv::setNumThreads(1);
    std::printf("OpenCV threads: %d\n", cv::getNumThreads());
    namespace fs = std::filesystem;
    std::string dirName = "augstudio_bench_audio_";
    dirName += std::to_string(getpid());
    const fs::path dir = fs::temp_directory_path() / dirName;
    fs::create_directories(dir / "noise");
    fs::create_directories(dir / "ir");
    {
        AudioSample noise;
        noise.sampleRate = kRate;
        noise.channels.assign(1, std::vector<float>(3 * kRate));
        Rng rng(2);
        for (float& x : noise.channels[0])
            x = float(0.1 * rng.normal());
        writeAudioFile(dir / "noise" / "hiss.wav", noise);
        AudioSample ir; // a 0.5 s decaying room response
        ir.sampleRate = kRate;
        ir.channels.assign(1, std::vector<float>(kRate / 2));
        for (size_t i = 0; i < ir.channels[0].size(); ++i)
            ir.channels[0][i] = float(std::exp(-double(i) / 1600.0) * rng.normal());
        writeAudioFile(dir / "ir" / "room.wav", ir);
    }

    Registry registry;
    registerAudioTransforms(registry);
    const Sample input = clip();
    {
        MemoryPartnerSource::Keyed partners;
        for (int k = 0; k < 3; ++k) {
            Sample partner = cloneSample(input);
            auto& samples = std::get<AudioSample>(partner).channels[0];
            std::rotate(samples.begin(), samples.begin() + (k + 1) * kRate, samples.end());
            partners.emplace_back(std::to_string(k) + ".wav", std::move(partner));
        }
        benchRun().partners = std::make_shared<MemoryPartnerSource>(std::move(partners));
    }
    std::vector<std::unique_ptr<Transform>> transforms;
    auto add = [&](const std::string& label, const TransformInfo* info, json params) {
        for (const auto& p : info->params)
            if (p.name == "folder")
                params["folder"] =
                    (dir / (info->id == "audio.impulse_response" ? "ir" : "noise")).string();
        transforms.push_back(
            info->create(validateParams(info->params, params, "params"), clipLoad()));
        benchmark::RegisterBenchmark(label.c_str(), runTransform, transforms.back().get(), &input)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    };
    for (const TransformInfo* info : registry.list(Modality::Audio)) {
        add(info->id, info, json::object());
        if (info->id == "audio.time_stretch" || info->id == "audio.pitch_shift")
            add(info->id + "/fast", info, {{"engine", "fast"}});
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    fs::remove_all(dir);
    return 0;
}

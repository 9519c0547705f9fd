#include "core/transforms/audio/speed.h"

#include "core/transforms/audio/dsp.h"

#include <cmath>

namespace augstudio::core {

namespace {
constexpr int kSpeedSteps = 1000; // the factor's resolution, 1 / kSpeedSteps

int speedNumerator(double factor) {
    return std::max(1, int(std::lround(factor * kSpeedSteps)));
}
} // namespace

Speed::Speed(const ParamSet& p) : factor_(p.range("factor")) {}

Values Speed::draw(Rng& rng, const SampleInfo&) const {
    const double factor = rng.uniform(factor_.lo, factor_.hi);
    return makeValues({{"factor", double(speedNumerator(factor)) / kSpeedSteps}});
}

int64_t Speed::outputLength(int64_t frames, double factor) {
    return dsp::Resampler::resampledLength(frames, speedNumerator(factor), kSpeedSteps);
}

void Speed::applyTo(AudioSample& s, const Values& v) const {
    const int from = speedNumerator(v.at("factor").get<double>());
    if (from == kSpeedSteps || s.frames() == 0)
        return;
    // Read as if recorded at factor x the rate, resampled to the rate: factor x faster.
    const auto resampler = dsp::Resampler::shared(from, kSpeedSteps);
    for (auto& c : s.channels)
        c = resampler->process(c);
}

TransformInfo Speed::info() {
    return {"audio.speed",
            Modality::Audio,
            "temporal",
            "Speed perturbation: resample so tempo and pitch change together (length / factor)",
            {rangeParam("factor", 0.9, 1.1, 0.25, 4,
                        "speed factor drawn uniformly from [lo, hi] in steps of 0.001 (Kaldi "
                        "recipes use 0.9, 1.0, 1.1)",
                        "x", 0.01)},
            0.5,
            factoryOf<Speed>()};
}

} // namespace augstudio::core

#include "core/transforms/audio/resample.h"

#include "core/transforms/audio/dsp.h"

namespace augstudio::core {

Resample::Resample(const ParamSet& p)
    : rate_(p.intRange("target_rate")), keepRate_(p.b("keep_rate")) {}

Values Resample::draw(Rng& rng, const SampleInfo&) const {
    // Multiples of 50 Hz keep the polyphase table small (at most 7,680 phases).
    constexpr int64_t kStep = 50;
    const int64_t lo = (rate_.lo + kStep - 1) / kStep, hi = rate_.hi / kStep;
    const int64_t rate = lo <= hi ? kStep * rng.integer(lo, hi) : rng.integer(rate_.lo, rate_.hi);
    return {{"target_rate", rate}};
}

void Resample::applyTo(AudioSample& s, const Values& v) const {
    const int target = v.at("target_rate").get<int>();
    if (s.sampleRate <= 0 || target <= 0 || target == s.sampleRate)
        return;
    const int64_t frames = s.frames();
    dsp::Channels out = dsp::resample(s.channels, s.sampleRate, target);
    if (!keepRate_) {
        s.channels = std::move(out);
        s.sampleRate = target;
        return;
    }
    s.channels = dsp::resample(out, target, s.sampleRate);
    for (auto& c : s.channels)
        c.resize(size_t(frames), 0.0f);
}

TransformInfo Resample::info() {
    return {"audio.resample",
            Modality::Audio,
            "spectral",
            "Band-limited resampling (Kaiser-windowed sinc) to a drawn rate, and back by default",
            {intRangeParam("target_rate", 8000, 48000, 1000, 384000,
                           "rate drawn from [lo, hi] in steps of 50 Hz", "Hz"),
             boolParam("keep_rate", true,
                       "resample back to the original rate (same length, band-limited); off: "
                       "the output has the new rate")},
            0.5,
            factoryOf<Resample>()};
}

} // namespace augstudio::core

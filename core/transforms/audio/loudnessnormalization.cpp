#include "core/transforms/audio/loudnessnormalization.h"

#include "core/transforms/audio/dsp.h"

#include <ebur128.h>

#include <cmath>
#include <limits>
#include <memory>

namespace augstudio::core {

LoudnessNormalization::LoudnessNormalization(const ParamSet& p) : target_(p.range("target_lufs")) {}

double LoudnessNormalization::integratedLoudness(const AudioSample& s) {
    const double none = -std::numeric_limits<double>::infinity();
    const int64_t n = s.frames();
    if (n == 0 || s.sampleRate <= 0 || s.channels.empty())
        return none;
    const auto channels = unsigned(s.channels.size());
    std::unique_ptr<ebur128_state, void (*)(ebur128_state*)> state(
        ebur128_init(channels, static_cast<unsigned long>(s.sampleRate), EBUR128_MODE_I),
        [](ebur128_state* st) { ebur128_destroy(&st); });
    if (!state)
        return none;
    // Every channel weighs 1 (BS.1770's left/right/centre), whatever the count.
    for (unsigned c = 0; c < channels; ++c)
        ebur128_set_channel(state.get(), c, EBUR128_LEFT);
    constexpr int64_t kBlock = 8192;
    std::vector<float> interleaved(size_t(kBlock) * channels);
    for (int64_t at = 0; at < n; at += kBlock) {
        const int64_t len = std::min(kBlock, n - at);
        for (int64_t i = 0; i < len; ++i)
            for (unsigned c = 0; c < channels; ++c)
                interleaved[size_t(i) * channels + c] = s.channels[c][size_t(at + i)];
        if (ebur128_add_frames_float(state.get(), interleaved.data(), size_t(len)) !=
            EBUR128_SUCCESS)
            return none;
    }
    double loudness = none;
    if (ebur128_loudness_global(state.get(), &loudness) != EBUR128_SUCCESS ||
        !std::isfinite(loudness))
        return none;
    return loudness;
}

Values LoudnessNormalization::draw(Rng& rng, const SampleInfo&) const {
    return makeValues({{"target_lufs", rng.uniform(target_.lo, target_.hi)}});
}

void LoudnessNormalization::applyTo(AudioSample& s, const Values& v) const {
    const double loudness = integratedLoudness(s);
    if (!std::isfinite(loudness))
        return;
    const auto g = float(dsp::dbToAmplitude(v.at("target_lufs").get<double>() - loudness));
    for (auto& c : s.channels)
        for (float& x : c)
            x *= g;
}

TransformInfo LoudnessNormalization::info() {
    return {"audio.loudness_normalization",
            Modality::Audio,
            "level",
            "Scale to a drawn integrated loudness (ITU-R BS.1770 / EBU R128, in LUFS); peaks may "
            "exceed full scale",
            {rangeParam("target_lufs", -31, -13, -70, 0,
                        "integrated loudness drawn uniformly from [lo, hi]", "LUFS", 0.5)},
            0.5,
            factoryOf<LoudnessNormalization>()};
}

} // namespace augstudio::core

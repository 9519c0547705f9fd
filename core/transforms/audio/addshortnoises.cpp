#include "core/transforms/audio/addshortnoises.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

AddShortNoises::AddShortNoises(const ParamSet& p, const LoadContext& load)
    : clips_(load.clips, p.s("folder")), count_(p.intRange("count")), snr_(p.range("snr_db")),
      fadeIn_(p.range("fade_in_s")), fadeOut_(p.range("fade_out_s")) {}

Values AddShortNoises::draw(Rng& rng, const SampleInfo& info) const {
    const double length = info.sampleRate > 0 ? double(info.frames) / info.sampleRate : 0.0;
    const int64_t count = rng.integer(count_.lo, count_.hi);
    nlohmann::json noises = nlohmann::json::array();
    for (int64_t k = 0; k < count; ++k) {
        const auto index = size_t(rng.integer(0, int64_t(clips_.size()) - 1));
        const double start = rng.uniform(0, length);
        const double snr = rng.uniform(snr_.lo, snr_.hi);
        const double fadeIn = rng.uniform(fadeIn_.lo, fadeIn_.hi);
        const double fadeOut = rng.uniform(fadeOut_.lo, fadeOut_.hi);
        noises.push_back(makeValues({{"clip", clips_.name(index)},
                                     {"start_s", start},
                                     {"snr_db", snr},
                                     {"fade_in_s", fadeIn},
                                     {"fade_out_s", fadeOut}}));
    }
    return makeValues({{"noises", std::move(noises)}});
}

void AddShortNoises::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    const double rate = s.sampleRate;
    if (n == 0 || rate <= 0)
        return;
    // Every noise level is relative to the input as it came, not to the noises added before.
    const double signalRms = dsp::rms(s.channels);
    if (!(signalRms > 0))
        return;
    for (const nlohmann::json& noise : v.at("noises")) {
        const auto clip = clips_.load(noise.at("clip").get<std::string>(), s.sampleRate);
        if (clip->empty() || clip->front().empty())
            continue;
        const double clipRms = dsp::rms(*clip);
        if (!(clipRms > 0))
            continue;
        const int64_t start =
            std::clamp<int64_t>(std::llround(noise.at("start_s").get<double>() * rate), 0, n);
        const int64_t length = std::min<int64_t>(int64_t(clip->front().size()), n - start);
        const double gain =
            signalRms / clipRms / dsp::dbToAmplitude(noise.at("snr_db").get<double>());
        const double fadeIn = std::max(1.0, noise.at("fade_in_s").get<double>() * rate);
        const double fadeOut = std::max(1.0, noise.at("fade_out_s").get<double>() * rate);
        const auto clipLength = double(clip->front().size());
        for (size_t c = 0; c < s.channels.size(); ++c) {
            const std::vector<float>& src = (*clip)[c % clip->size()];
            float* dst = s.channels[c].data() + start;
            for (int64_t i = 0; i < length; ++i) {
                // Linear fades at the clip's own ends (a cut clip keeps its fade-in only).
                const double envelope = std::min(
                    {1.0, (double(i) + 0.5) / fadeIn, (clipLength - double(i) - 0.5) / fadeOut});
                dst[i] += float(gain * envelope * src[size_t(i)]);
            }
        }
    }
}

TransformInfo AddShortNoises::info() {
    return {"audio.add_short_noises",
            Modality::Audio,
            "noise",
            "Sprinkle a drawn number of short noise clips over the clip, each with fades at a "
            "drawn SNR",
            {pathParam("folder", "", "folder of short noise clips (wav, flac, ogg, mp3)"),
             intRangeParam("count", 1, 4, 0, 100, "number of noises drawn from [lo, hi]"),
             rangeParam("snr_db", -6, 18, -40, 100,
                        "each noise's SNR against the whole input's RMS, drawn from [lo, hi]", "dB",
                        0.5),
             rangeParam("fade_in_s", 0.005, 0.08, 0, 10,
                        "fade-in of each noise, drawn from "
                        "[lo, hi]",
                        "s", 0.005),
             rangeParam("fade_out_s", 0.01, 0.1, 0, 10,
                        "fade-out of each noise, drawn from [lo, hi]", "s", 0.005)},
            0.5,
            loadFactoryOf<AddShortNoises>()};
}

} // namespace augstudio::core

#include "core/transforms/audio/sevenbandparametriceq.h"

#include "core/transforms/audio/dsp.h"

#include <cmath>

namespace augstudio::core {

SevenBandParametricEq::SevenBandParametricEq(const ParamSet& p) : gain_(p.range("gain_db")) {}

const std::array<double, 7>& SevenBandParametricEq::centres() {
    static const std::array<double, 7> c = [] {
        std::array<double, 7> f{};
        for (int k = 0; k < 7; ++k) // 100 Hz to 9.6 kHz in equal ratios
            f[size_t(k)] = 100.0 * std::pow(96.0, k / 6.0);
        return f;
    }();
    return c;
}

Values SevenBandParametricEq::draw(Rng& rng, const SampleInfo&) const {
    nlohmann::json gains = nlohmann::json::array();
    for (int k = 0; k < 7; ++k)
        gains.push_back(rng.uniform(gain_.lo, gain_.hi));
    return makeValues({{"gains_db", std::move(gains)}});
}

void SevenBandParametricEq::applyTo(AudioSample& s, const Values& v) const {
    if (s.sampleRate <= 0 || s.frames() == 0)
        return;
    const nlohmann::json& gains = v.at("gains_db");
    std::vector<dsp::Biquad> cascade;
    for (size_t k = 0; k < 7 && k < gains.size(); ++k) {
        const double f0 = centres()[k], g = gains[k].get<double>();
        if (g == 0.0 || f0 >= 0.95 * s.sampleRate / 2)
            continue;
        const dsp::BiquadKind kind = k == 0   ? dsp::BiquadKind::LowShelf
                                     : k == 6 ? dsp::BiquadKind::HighShelf
                                              : dsp::BiquadKind::Peaking;
        // Q 1.2 for the peaks (about 1.2 octaves: neighbours overlap at their edges), the
        // shelves at the cookbook's S = 1 slope (Q 0.707).
        cascade.push_back(dsp::designBiquad(kind, s.sampleRate, f0,
                                            kind == dsp::BiquadKind::Peaking ? 1.2 : 0.7071, g));
    }
    if (cascade.empty())
        return;
    for (auto& c : s.channels)
        dsp::filter(c, cascade);
}

TransformInfo SevenBandParametricEq::info() {
    return {"audio.seven_band_parametric_eq",
            Modality::Audio,
            "spectral",
            "Seven-band equaliser (low shelf 100 Hz, five peaks, high shelf 9.6 kHz) with "
            "drawn gains",
            {rangeParam("gain_db", -12, 12, -24, 24,
                        "each band's gain drawn uniformly from [lo, hi]", "dB", 0.5)},
            0.5,
            factoryOf<SevenBandParametricEq>()};
}

} // namespace augstudio::core

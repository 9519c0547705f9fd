#include "core/transforms/audio/limiter.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>
#include <cmath>
#include <deque>

namespace augstudio::core {

Limiter::Limiter(const ParamSet& p)
    : threshold_(p.range("threshold_db")), attack_(p.range("attack_s")),
      release_(p.range("release_s")), relative_(p.s("threshold_mode") == "relative_to_peak") {}

Values Limiter::draw(Rng& rng, const SampleInfo&) const {
    const double threshold = rng.uniform(threshold_.lo, threshold_.hi);
    const double attack = rng.uniform(attack_.lo, attack_.hi);
    const double release = rng.uniform(release_.lo, release_.hi);
    return makeValues({{"threshold_db", threshold}, {"attack_s", attack}, {"release_s", release}});
}

void Limiter::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    if (n == 0 || s.sampleRate <= 0)
        return;
    double threshold = dsp::dbToAmplitude(v.at("threshold_db").get<double>());
    if (relative_)
        threshold *= dsp::peak(s.channels);
    if (!(threshold > 0))
        return;
    const auto lookahead =
        std::max<int64_t>(1, std::llround(v.at("attack_s").get<double>() * s.sampleRate));
    const double releaseFrames = std::max(1.0, v.at("release_s").get<double>() * s.sampleRate);
    // The gain each frame needs.
    std::vector<double> need(static_cast<size_t>(n), 1.0);
    for (int64_t i = 0; i < n; ++i) {
        double peak = 0;
        for (const auto& c : s.channels)
            peak = std::max(peak, double(std::abs(c[size_t(i)])));
        if (peak > threshold)
            need[size_t(i)] = threshold / peak;
    }
    // Minimum over [i, i + lookahead] (monotonic deque), then release: the gain rises back
    // towards the need with the release time constant but never above it.
    const double rise = 1.0 - std::exp(-1.0 / releaseFrames);
    std::vector<double> gain(static_cast<size_t>(n));
    std::deque<int64_t> window;
    int64_t next = 0;
    double held = 1.0;
    for (int64_t i = 0; i < n; ++i) {
        for (; next < n && next <= i + lookahead; ++next) {
            while (!window.empty() && need[size_t(window.back())] >= need[size_t(next)])
                window.pop_back();
            window.push_back(next);
        }
        while (window.front() < i)
            window.pop_front();
        const double m = need[size_t(window.front())];
        held = std::min(m, held + (m - held) * rise);
        gain[size_t(i)] = held;
    }
    // Attack: a moving average over [i - lookahead, i]. A frame k before the clip counts
    // with the minimum need over [0, k + lookahead], so the first frames are limited too.
    std::vector<double> before(static_cast<size_t>(lookahead)); // frame k at [k + lookahead]
    double prefixMin = 1.0;
    for (int64_t j = 0; j < lookahead; ++j) {
        prefixMin = std::min(prefixMin, need[size_t(std::min(j, n - 1))]);
        before[size_t(j)] = prefixMin;
    }
    double sum = 0;
    for (double g : before)
        sum += g;
    const double count = double(lookahead + 1);
    std::vector<float> smooth(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        sum += gain[size_t(i)];
        smooth[size_t(i)] = float(std::min(1.0, sum / count));
        const int64_t leaving = i - lookahead;
        sum -= leaving >= 0 ? gain[size_t(leaving)] : before[size_t(leaving + lookahead)];
    }
    for (auto& c : s.channels)
        for (int64_t i = 0; i < n; ++i)
            c[size_t(i)] *= smooth[size_t(i)];
}

TransformInfo Limiter::info() {
    return {"audio.limiter",
            Modality::Audio,
            "level",
            "Look-ahead peak limiter: peaks above a drawn threshold are turned down smoothly",
            {rangeParam("threshold_db", -24, -2, -60, 0, "threshold drawn uniformly from [lo, hi]",
                        "dB", 0.5),
             rangeParam("attack_s", 0.0005, 0.025, 0.0001, 1,
                        "attack (look-ahead) time drawn from [lo, hi]", "s", 0.0005),
             rangeParam("release_s", 0.05, 0.7, 0.001, 10, "release time drawn from [lo, hi]", "s",
                        0.01),
             enumParam("threshold_mode", "relative_to_peak", {"relative_to_peak", "absolute"},
                       "threshold in dB below the clip's peak, or in dBFS")},
            0.5,
            factoryOf<Limiter>()};
}

} // namespace augstudio::core

#include "core/transforms/audio/aliasing.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

// np.interp of src (n values at 0..n-1) at m evenly spaced positions over [0, n-1].
std::vector<float> aliasingInterp(const std::vector<float>& src, int64_t m) {
    const int64_t n = int64_t(src.size());
    std::vector<float> out(static_cast<size_t>(m));
    const double step = m > 1 ? double(n - 1) / double(m - 1) : 0.0;
    for (int64_t k = 0; k < m; ++k) {
        const double pos = double(k) * step;
        const auto i = std::min<int64_t>(int64_t(pos), n - 1);
        const double frac = pos - double(i);
        const float a = src[size_t(i)], b = src[size_t(std::min(i + 1, n - 1))];
        out[size_t(k)] = float(a + (b - a) * frac);
    }
    return out;
}

} // namespace

Aliasing::Aliasing(const ParamSet& p) : rate_(p.range("rate")) {}

Values Aliasing::draw(Rng& rng, const SampleInfo&) const {
    return makeValues({{"rate", rng.uniform(rate_.lo, rate_.hi)}});
}

void Aliasing::applyTo(AudioSample& s, const Values& v) const {
    const double rate = v.at("rate").get<double>();
    const int64_t n = s.frames();
    if (n < 2 || s.sampleRate <= 0 || rate >= s.sampleRate)
        return;
    const int64_t m = std::max<int64_t>(2, std::llround(double(n) * rate / s.sampleRate));
    for (auto& c : s.channels)
        c = aliasingInterp(aliasingInterp(c, m), n);
}

TransformInfo Aliasing::info() {
    return {"audio.aliasing",
            Modality::Audio,
            "spectral",
            "Downsample to a drawn rate without an anti-alias filter and back (aliasing)",
            {rangeParam("rate", 8000, 30000, 100, 384000,
                        "rate drawn uniformly from [lo, hi]; at or above the clip's rate nothing "
                        "changes",
                        "Hz", 100)},
            0.5,
            factoryOf<Aliasing>()};
}

} // namespace augstudio::core

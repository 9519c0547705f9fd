#include "core/transforms/series/jitter.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

#include <algorithm>

namespace augstudio::core {

SeriesJitter::SeriesJitter(const ParamSet& p) : sigma_(p.f("sigma")), relative_(p.b("relative")) {}

Values SeriesJitter::draw(Rng& rng, const SampleInfo&) const {
    return {{"seed", seriesrandom::drawSeed(rng)}};
}

void SeriesJitter::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    if (t == 0 || c == 0 || sigma_ == 0.0)
        return;
    double* sig = seriesmath::scratch(0, size_t(c));
    double* data = s.values.ptr<double>();
    for (int64_t k = 0; k < c; ++k)
        sig[k] = relative_ ? sigma_ * seriesmath::stats(data + k, t, c).std : sigma_;
    // One normal per cell in row-major order, gaps included, so the noise of a cell does not
    // depend on where the gaps are; NaN + noise stays NaN. Generated a block at a time.
    seriesrandom::Stream noise(uint64_t(v.at("seed").get<int64_t>()));
    constexpr int64_t kBlock = 4096;
    double* z = seriesmath::scratch(1, size_t(kBlock));
    const int64_t total = t * c;
    for (int64_t at = 0; at < total; at += kBlock) {
        const int64_t n = std::min(kBlock, total - at);
        seriesrandom::fillNormal(noise, z, size_t(n));
        int64_t k = at % c; // (no division per cell: it would cost more than the noise)
        for (int64_t i = 0; i < n; ++i) {
            data[at + i] += sig[k] * z[i];
            if (++k == c)
                k = 0;
        }
    }
}

TransformInfo SeriesJitter::info() {
    return {
        "series.jitter",
        Modality::Series,
        "magnitude",
        "Add Gaussian noise to every value",
        {floatParam("sigma", 0.03, 0.0, 10.0, "standard deviation of the noise", {}, 0.005),
         boolParam("relative", false, "sigma is a fraction of each channel's standard deviation")},
        0.5,
        factoryOf<SeriesJitter>()};
}

} // namespace augstudio::core

#include "core/transforms/series/jitter.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

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
    // depend on where the gaps are; NaN + noise stays NaN.
    Rng noise(uint64_t(v.at("seed").get<int64_t>()));
    for (int64_t i = 0; i < t; ++i, data += c)
        for (int64_t k = 0; k < c; ++k)
            data[k] += sig[k] * seriesrandom::fastNormal(noise);
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

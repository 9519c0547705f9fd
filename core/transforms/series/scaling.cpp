#include "core/transforms/series/scaling.h"

#include "core/transforms/series/seriesmath.h"

namespace augstudio::core {

SeriesScaling::SeriesScaling(const ParamSet& p)
    : sigma_(p.f("sigma")), perChannel_(p.b("per_channel")) {}

Values SeriesScaling::draw(Rng& rng, const SampleInfo& info) const {
    const int n = perChannel_ ? std::max(1, info.channels) : 1;
    nlohmann::json factors = nlohmann::json::array();
    for (int i = 0; i < n; ++i)
        factors.push_back(rng.normal(1.0, sigma_));
    return {{"factors", factors}};
}

void SeriesScaling::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const std::vector<double> f = seriesmath::numbers(v.at("factors"));
    const int64_t t = s.steps(), c = s.channelCount();
    if (t == 0 || c == 0 || f.empty())
        return;
    double* factor = seriesmath::scratch(0, size_t(c));
    for (int64_t k = 0; k < c; ++k)
        factor[k] = f[size_t(k) % f.size()];
    double* data = s.values.ptr<double>();
    for (int64_t i = 0; i < t; ++i, data += c)
        for (int64_t k = 0; k < c; ++k)
            data[k] *= factor[k];
}

TransformInfo SeriesScaling::info() {
    return {"series.scaling",
            Modality::Series,
            "magnitude",
            "Multiply each channel by a factor drawn from N(1, sigma)",
            {floatParam("sigma", 0.1, 0.0, 10.0, "standard deviation of the factor", {}, 0.01),
             boolParam("per_channel", true, "one factor per channel (else one for all)")},
            0.5,
            factoryOf<SeriesScaling>()};
}

} // namespace augstudio::core

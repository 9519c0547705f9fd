#include "core/transforms/series/magnitudewarp.h"

#include "core/transforms/series/seriesmath.h"

namespace augstudio::core {

SeriesMagnitudeWarp::SeriesMagnitudeWarp(const ParamSet& p)
    : sigma_(p.f("sigma")), knots_(int(p.i("knots"))), perChannel_(p.b("per_channel")) {}

Values SeriesMagnitudeWarp::draw(Rng& rng, const SampleInfo& info) const {
    const int n = perChannel_ ? std::max(1, info.channels) : 1;
    return Values::fromJson(seriesmath::drawKnotCurves(rng, n, knots_, sigma_));
}

void SeriesMagnitudeWarp::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const nlohmann::json& curves = v.at("knots");
    const int64_t t = s.steps(), c = s.channelCount();
    if (t == 0 || c == 0 || curves.empty())
        return;
    // The curves as a T x C matrix, then one contiguous pass over the data.
    double* curve = seriesmath::scratch(0, size_t(t * c));
    seriesmath::curveMatrix(curves, t, c, curve);
    double* data = s.values.ptr<double>();
    for (int64_t i = 0; i < t * c; ++i)
        data[i] *= curve[i];
}

TransformInfo SeriesMagnitudeWarp::info() {
    return {"series.magnitude_warp",
            Modality::Series,
            "magnitude",
            "Multiply by a smooth random curve (cubic spline through values from N(1, sigma))",
            {floatParam("sigma", 0.2, 0.0, 5.0, "standard deviation of the knot values", {}, 0.01),
             intParam("knots", 4, 0, 64, "interior knots (the curve has knots + 2 points)"),
             boolParam("per_channel", true, "one curve per channel (else one for all)")},
            0.5,
            factoryOf<SeriesMagnitudeWarp>()};
}

} // namespace augstudio::core

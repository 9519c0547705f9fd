#include "core/transforms/series/timewarp.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>

namespace augstudio::core {

SeriesTimeWarp::SeriesTimeWarp(const ParamSet& p)
    : sigma_(p.f("sigma")), knots_(int(p.i("knots"))), perChannel_(p.b("per_channel")) {}

Values SeriesTimeWarp::draw(Rng& rng, const SampleInfo& info) const {
    const int n = perChannel_ ? std::max(1, info.channels) : 1;
    return Values::fromJson(seriesmath::drawKnotCurves(rng, n, knots_, sigma_));
}

void SeriesTimeWarp::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const nlohmann::json& curves = v.at("knots");
    const int64_t t = s.steps(), c = s.channelCount();
    if (t < 2 || c == 0 || curves.empty())
        return;
    double* speed = seriesmath::scratch(0, size_t(t));
    double* warp = seriesmath::scratch(1, size_t(t));
    double* column = seriesmath::scratch(2, size_t(t));
    double* data = s.values.ptr<double>();
    for (size_t j = 0; j < curves.size() && int64_t(j) < c; ++j) {
        const std::vector<double> knots = seriesmath::numbers(curves[j]);
        seriesmath::splineCurve(knots.data(), int(knots.size()), t, speed);
        // The new time of step i is the integral of the speed up to i (trapezoids, starting
        // at 0, so a constant speed is exactly the identity), rescaled to end at T-1. The
        // speed is kept positive so time stays monotone.
        warp[0] = 0.0;
        double prev = std::max(speed[0], 0.01);
        for (int64_t i = 1; i < t; ++i) {
            const double cur = std::max(speed[i], 0.01);
            warp[i] = warp[i - 1] + 0.5 * (prev + cur);
            prev = cur;
        }
        const double scale = double(t - 1) / warp[t - 1];
        if (scale != 1.0)
            for (int64_t i = 0; i < t; ++i)
                warp[i] *= scale;
        const int64_t first = curves.size() == 1 ? 0 : int64_t(j);
        const int64_t last = curves.size() == 1 ? c : first + 1;
        for (int64_t k = first; k < last; ++k) {
            seriesmath::unwarp(data + k, t, c, warp, column, 1);
            for (int64_t i = 0; i < t; ++i)
                data[i * c + k] = column[i];
        }
    }
}

TransformInfo SeriesTimeWarp::info() {
    return {"series.time_warp",
            Modality::Series,
            "temporal",
            "Warp the time axis smoothly (local speed from a random cubic-spline curve)",
            {floatParam("sigma", 0.2, 0.0, 2.0, "standard deviation of the speed knots", {}, 0.01),
             intParam("knots", 4, 0, 64, "interior knots (the curve has knots + 2 points)"),
             boolParam("per_channel", false,
                       "warp each channel on its own (Um et al.); off keeps channels aligned")},
            0.5,
            factoryOf<SeriesTimeWarp>()};
}

} // namespace augstudio::core

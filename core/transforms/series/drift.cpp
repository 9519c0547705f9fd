#include "core/transforms/series/drift.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SeriesDrift::SeriesDrift(const ParamSet& p)
    : maxDrift_(p.range("max_drift")), points_(int(p.i("points"))),
      multiplicative_(p.s("kind") == "multiplicative"), perChannel_(p.b("per_channel")),
      normalize_(p.b("normalize")) {}

Values SeriesDrift::draw(Rng& rng, const SampleInfo& info) const {
    const int n = perChannel_ ? std::max(1, info.channels) : 1;
    const int64_t t = std::max<int64_t>(info.frames, 1);
    const int count = points_ + 2;
    std::vector<double> anchors(static_cast<size_t>(count));
    nlohmann::json all = nlohmann::json::array();
    for (int i = 0; i < n; ++i) {
        // A random walk at evenly spaced anchors, as tsaug: the spline through it starts at
        // 0 and its largest excursion over the series is scaled to the drawn maximum. What
        // is recorded is the drift at the anchors, in the units it is applied in.
        double sum = 0;
        for (double& a : anchors)
            a = (sum += rng.normal());
        // The spline starts at the first anchor exactly (piece 0 at dx = 0).
        const double origin = anchors[0];
        const double peak = seriesmath::splinePeak(anchors.data(), count, t, origin);
        const double amount = rng.uniform(maxDrift_.lo, maxDrift_.hi);
        const double scale = peak > 0 ? amount / peak : 0.0;
        nlohmann::json a = nlohmann::json::array();
        for (double x : anchors)
            a.push_back((x - origin) * scale);
        all.push_back(a);
    }
    return {{"anchors", all}};
}

void SeriesDrift::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const nlohmann::json& all = v.at("anchors");
    const int64_t t = s.steps(), c = s.channelCount();
    if (t == 0 || c == 0 || all.empty())
        return;
    double* drift = seriesmath::scratch(0, size_t(t * c));
    seriesmath::curveMatrix(all, t, c, drift);
    double* scale = seriesmath::scratch(1, size_t(c));
    double* lo = seriesmath::scratch(2, size_t(c));
    std::fill(scale, scale + c, 1.0);
    if (normalize_ && !multiplicative_) {
        // tsaug's normalize: the drift is relative to the channel's range.
        seriesmath::channelRanges(s.values, lo, scale);
        for (int64_t k = 0; k < c; ++k)
            scale[k] = std::isnan(lo[k]) ? 0.0 : scale[k] - lo[k];
    }
    double* data = s.values.ptr<double>();
    for (int64_t i = 0; i < t; ++i, data += c, drift += c)
        for (int64_t k = 0; k < c; ++k)
            data[k] = multiplicative_ ? data[k] * (1.0 + drift[k]) : data[k] + drift[k] * scale[k];
}

TransformInfo SeriesDrift::info() {
    return {"series.drift",
            Modality::Series,
            "magnitude",
            "Add a smooth random drift (a spline through a random walk)",
            {rangeParam("max_drift", 0.5, 0.5, 0.0, 10.0,
                        "largest drift, a number or [lo, hi] to draw it from", {}, 0.05),
             intParam("points", 3, 0, 100, "interior anchors of the random walk"),
             enumParam("kind", "additive", {"additive", "multiplicative"},
                       "add the drift, or multiply by 1 + drift"),
             boolParam("per_channel", true, "one drift per channel (else one for all)"),
             boolParam("normalize", true,
                       "additive drift relative to each channel's range (max - min)")},
            0.5,
            factoryOf<SeriesDrift>()};
}

} // namespace augstudio::core

#include "core/transforms/series/quantize.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SeriesQuantize::SeriesQuantize(const ParamSet& p)
    : levels_(p.intRange("levels")), perChannel_(p.b("per_channel")) {}

Values SeriesQuantize::draw(Rng& rng, const SampleInfo&) const {
    return {{"levels", rng.integer(levels_.lo, levels_.hi)}};
}

namespace {
void quantize(double* x, int64_t n, int64_t stride, double lo, double hi, int64_t levels) {
    if (!(hi > lo))
        return; // constant (or empty): already one level
    const double width = (hi - lo) / double(levels);
    const double perWidth = double(levels) / (hi - lo);
    for (int64_t i = 0; i < n; ++i) {
        double& v = x[i * stride];
        if (!std::isfinite(v))
            continue;
        const int64_t bin = std::clamp<int64_t>(int64_t((v - lo) * perWidth), 0, levels - 1);
        v = lo + (double(bin) + 0.5) * width;
    }
}
} // namespace

void SeriesQuantize::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    const int64_t levels = std::max<int64_t>(1, v.at("levels").get<int64_t>());
    if (t == 0 || c == 0)
        return;
    double* data = s.values.ptr<double>();
    if (!perChannel_) {
        const auto st = seriesmath::statsAll(s.values);
        if (st.count > 0)
            quantize(data, t * c, 1, st.min, st.max, levels);
        return;
    }
    for (int64_t k = 0; k < c; ++k) {
        const auto st = seriesmath::stats(data + k, t, c);
        if (st.count > 0)
            quantize(data + k, t, c, st.min, st.max, levels);
    }
}

TransformInfo SeriesQuantize::info() {
    return {"series.quantize",
            Modality::Series,
            "magnitude",
            "Snap values to a number of equal levels between the minimum and the maximum",
            {intRangeParam("levels", 10, 10, 2, 1000000, "number of levels, or [lo, hi]"),
             boolParam("per_channel", false,
                       "levels from each channel's own range (else the whole series')")},
            0.5,
            factoryOf<SeriesQuantize>()};
}

} // namespace augstudio::core

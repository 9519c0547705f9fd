#include "core/transforms/series/windowslice.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SeriesWindowSlice::SeriesWindowSlice(const ParamSet& p) : reduceRatio_(p.f("reduce_ratio")) {}

Values SeriesWindowSlice::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t t = std::max<int64_t>(info.frames, 1);
    // The epsilon keeps 0.9 * 10 (= 9.000000000000002) from rounding up to 10.
    const int64_t len =
        std::clamp<int64_t>(int64_t(std::ceil(reduceRatio_ * double(t) - 1e-9)), 1, t);
    return {{"start", rng.integer(0, t - len)}, {"length", len}};
}

void SeriesWindowSlice::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    const int64_t start =
        std::clamp<int64_t>(v.at("start").get<int64_t>(), 0, std::max<int64_t>(t - 1, 0));
    const int64_t len = std::clamp<int64_t>(v.at("length").get<int64_t>(), 1, t - start);
    if (t < 2 || c == 0 || (start == 0 && len == t))
        return;
    double* column = seriesmath::scratch(0, size_t(t));
    double* data = s.values.ptr<double>();
    for (int64_t k = 0; k < c; ++k) {
        seriesmath::resampleLinear(data + k, t, c, double(start), double(start + len - 1), t,
                                   column, 1);
        for (int64_t i = 0; i < t; ++i)
            data[i * c + k] = column[i];
    }
}

TransformInfo SeriesWindowSlice::info() {
    return {"series.window_slice",
            Modality::Series,
            "temporal",
            "Crop a random window and stretch it back to the full length",
            {floatParam("reduce_ratio", 0.9, 0.01, 1.0, "fraction of the length kept", {}, 0.01)},
            0.5,
            factoryOf<SeriesWindowSlice>()};
}

} // namespace augstudio::core

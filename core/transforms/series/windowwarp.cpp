#include "core/transforms/series/windowwarp.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SeriesWindowWarp::SeriesWindowWarp(const ParamSet& p)
    : windowRatio_(p.f("window_ratio")), scales_(p.list("scales")) {}

Values SeriesWindowWarp::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t t = std::max<int64_t>(info.frames, 1);
    const int64_t size =
        std::clamp<int64_t>(int64_t(std::ceil(windowRatio_ * double(t) - 1e-9)), 1, t);
    const double scale = scales_.at(size_t(rng.integer(0, int64_t(scales_.size()) - 1)));
    return {{"start", rng.integer(0, t - size)}, {"size", size}, {"scale", scale}};
}

void SeriesWindowWarp::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    if (t < 2 || c == 0)
        return;
    const int64_t start = std::clamp<int64_t>(v.at("start").get<int64_t>(), 0, t - 1);
    const int64_t size = std::clamp<int64_t>(v.at("size").get<int64_t>(), 1, t - start);
    const double scale = v.at("scale").get<double>();
    const int64_t scaled = std::max<int64_t>(1, std::llround(double(size) * scale));
    if (scaled == size)
        return;
    const int64_t rest = t - start - size;
    const int64_t warpedLen = start + scaled + rest;
    double* warped = seriesmath::scratch(0, size_t(warpedLen));
    double* column = seriesmath::scratch(1, size_t(t));
    double* data = s.values.ptr<double>();
    for (int64_t k = 0; k < c; ++k) {
        const double* src = data + k;
        for (int64_t i = 0; i < start; ++i)
            warped[i] = src[i * c];
        seriesmath::resampleLinear(src + start * c, size, c, 0.0, double(size - 1), scaled,
                                   warped + start, 1);
        for (int64_t i = 0; i < rest; ++i)
            warped[start + scaled + i] = src[(start + size + i) * c];
        seriesmath::resampleLinear(warped, warpedLen, 1, 0.0, double(warpedLen - 1), t, column, 1);
        for (int64_t i = 0; i < t; ++i)
            data[i * c + k] = column[i];
    }
}

TransformInfo SeriesWindowWarp::info() {
    return {"series.window_warp",
            Modality::Series,
            "temporal",
            "Speed up or slow down one random window, then resample to the full length",
            {floatParam("window_ratio", 0.1, 0.01, 1.0, "window length as a fraction of the series",
                        {}, 0.01),
             floatListParam("scales", {0.5, 2.0}, 0.05, 20.0,
                            "speed factors; one is chosen per sample (< 1 shrinks the window)")},
            0.5,
            factoryOf<SeriesWindowWarp>()};
}

} // namespace augstudio::core

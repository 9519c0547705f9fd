#include "core/transforms/series/pool.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SeriesPooling::SeriesPooling(const ParamSet& p) : kind_(p.s("kind")), size_(p.intRange("size")) {}

Values SeriesPooling::draw(Rng& rng, const SampleInfo&) const {
    return {{"size", rng.integer(size_.lo, size_.hi)}};
}

void SeriesPooling::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    const int64_t n = std::max<int64_t>(1, v.at("size").get<int64_t>());
    if (t < 2 || c == 0 || n == 1)
        return;
    const int mode = kind_ == "max" ? 1 : kind_ == "min" ? 2 : 0;
    double* data = s.values.ptr<double>();
    for (int64_t k = 0; k < c; ++k) {
        double* x = data + k;
        for (int64_t b = 0; b < t; b += n) {
            const int64_t e = std::min(t, b + n);
            // The statistic of the block's values; its gaps are ignored and stay gaps.
            double acc = mode == 1 ? -INFINITY : mode == 2 ? INFINITY : 0.0;
            int64_t count = 0;
            for (int64_t i = b; i < e; ++i) {
                const double y = x[i * c];
                if (std::isnan(y))
                    continue;
                ++count;
                acc = mode == 1 ? std::max(acc, y) : mode == 2 ? std::min(acc, y) : acc + y;
            }
            if (count == 0)
                continue;
            if (mode == 0)
                acc /= double(count);
            for (int64_t i = b; i < e; ++i)
                if (!std::isnan(x[i * c]))
                    x[i * c] = acc;
        }
    }
}

TransformInfo SeriesPooling::info() {
    return {"series.pool",
            Modality::Series,
            "magnitude",
            "Replace each block of steps by its average (or max, min), keeping the length",
            {enumParam("kind", "average", {"average", "max", "min"}, "the block statistic"),
             intRangeParam("size", 2, 2, 1, 10000, "block length, or [lo, hi]", "steps")},
            0.5,
            factoryOf<SeriesPooling>()};
}

} // namespace augstudio::core

#include "core/transforms/series/permutation.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace augstudio::core {

SeriesPermutation::SeriesPermutation(const ParamSet& p)
    : maxSegments_(int(p.i("max_segments"))), randomCuts_(p.s("mode") == "random") {}

Values SeriesPermutation::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t t = std::max<int64_t>(info.frames, 1);
    const int64_t n = rng.integer(1, std::min<int64_t>(maxSegments_, t));
    std::vector<int64_t> cuts;
    if (randomCuts_) {
        // n - 1 distinct cut points from 1 .. t-1: a partial Fisher-Yates over the candidates
        // would allocate t values, so draw and reject duplicates (n is small).
        while (int64_t(cuts.size()) < n - 1) {
            const int64_t x = rng.integer(1, t - 1);
            if (std::find(cuts.begin(), cuts.end(), x) == cuts.end())
                cuts.push_back(x);
        }
        std::sort(cuts.begin(), cuts.end());
    } else {
        // numpy.array_split: the first t % n segments are one step longer.
        int64_t pos = 0;
        for (int64_t i = 0; i + 1 < n; ++i) {
            pos += t / n + (i < t % n ? 1 : 0);
            cuts.push_back(pos);
        }
    }
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    return {{"cuts", cuts}, {"order", order}};
}

void SeriesPermutation::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    const auto cuts = v.at("cuts").get<std::vector<int64_t>>();
    const auto order = v.at("order").get<std::vector<int64_t>>();
    if (t < 2 || c == 0 || order.size() != cuts.size() + 1)
        return;
    std::vector<int64_t> bounds{0};
    for (int64_t x : cuts)
        bounds.push_back(std::clamp<int64_t>(x, bounds.back(), t));
    bounds.push_back(t);
    double* data = s.values.ptr<double>();
    double* copy = seriesmath::scratch(0, size_t(t * c));
    std::memcpy(copy, data, size_t(t * c) * sizeof(double));
    // Rows are time steps, so each segment is one contiguous block.
    int64_t at = 0;
    for (int64_t seg : order) {
        const size_t i = size_t(std::clamp<int64_t>(seg, 0, int64_t(cuts.size())));
        const int64_t len = bounds[i + 1] - bounds[i];
        std::memcpy(data + at * c, copy + bounds[i] * c, size_t(len * c) * sizeof(double));
        at += len;
    }
}

TransformInfo SeriesPermutation::info() {
    return {"series.permutation",
            Modality::Series,
            "temporal",
            "Cut into segments and shuffle them",
            {intParam("max_segments", 5, 1, 1000, "segment count drawn from [1, max_segments]"),
             enumParam("mode", "equal", {"equal", "random"},
                       "equal-length segments, or cut at random points")},
            0.5,
            factoryOf<SeriesPermutation>()};
}

} // namespace augstudio::core

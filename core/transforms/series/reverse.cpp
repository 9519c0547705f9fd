#include "core/transforms/series/reverse.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>

namespace augstudio::core {

SeriesReverse::SeriesReverse(const ParamSet&) {}

Values SeriesReverse::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void SeriesReverse::applyTo(SeriesSample& s, const Values&) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    double* data = s.values.ptr<double>();
    for (int64_t i = 0, j = t - 1; i < j; ++i, --j)
        std::swap_ranges(data + i * c, data + (i + 1) * c, data + j * c);
}

TransformInfo SeriesReverse::info() {
    return {"series.reverse",          Modality::Series, "temporal", "Reverse time", {}, 0.5,
            factoryOf<SeriesReverse>()};
}

} // namespace augstudio::core

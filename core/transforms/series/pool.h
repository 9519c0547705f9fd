#pragma once

#include "core/pipeline/transform.h"

#include <string>
#include <vector>

namespace augstudio::core {

// series.pool: replaces each block of `size` steps by its average, maximum or minimum,
// keeping the length (tsaug's Pool).
class SeriesPooling : public SeriesTransform {
public:
    explicit SeriesPooling(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::string kind_;
    IntRange size_;
};

} // namespace augstudio::core

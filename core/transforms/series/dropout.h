#pragma once

#include "core/pipeline/transform.h"

#include <string>
#include <vector>

namespace augstudio::core {

// series.dropout: drops runs of `size` steps with probability p per step and fills them
// (forward, backward, the channel mean, a constant or NaN), as tsaug's Dropout.
class SeriesDropout : public SeriesTransform {
public:
    explicit SeriesDropout(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double p_;
    IntRange size_;
    std::string fill_;
    double value_;
    bool perChannel_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.scaling: multiplies each channel (or the whole series) by a factor from N(1, sigma).
class SeriesScaling : public SeriesTransform {
public:
    explicit SeriesScaling(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double sigma_;
    bool perChannel_;
};

} // namespace augstudio::core

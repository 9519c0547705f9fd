#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.reverse: reverses the time axis (timestamps stay where they are).
class SeriesReverse : public SeriesTransform {
public:
    explicit SeriesReverse(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    // no parameters
};

} // namespace augstudio::core

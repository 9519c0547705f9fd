#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.window_slice: crops a random window of reduce_ratio * T steps and stretches it
// back to T (Le Guennec et al. 2016, as in Iwana & Uchida 2021).
class SeriesWindowSlice : public SeriesTransform {
public:
    explicit SeriesWindowSlice(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double reduceRatio_;
};

} // namespace augstudio::core

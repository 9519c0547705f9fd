#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.quantize: snaps values to the centres of `levels` equal bins between the minimum
// and the maximum (tsaug's Quantize, uniform).
class SeriesQuantize : public SeriesTransform {
public:
    explicit SeriesQuantize(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange levels_;
    bool perChannel_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.permutation: cuts the series into segments (equal or random lengths) and puts
// them in a random order (Um et al. 2017).
class SeriesPermutation : public SeriesTransform {
public:
    explicit SeriesPermutation(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int maxSegments_;
    bool randomCuts_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.mixup_same_class: x' = lambda x + (1 - lambda) x_partner with lambda from
// Beta(alpha, alpha) folded to [0.5, 1] (the sample stays dominant, as tsai's MixUp1d) and a
// partner of the same label taken from the run's SeriesPool. The transform cannot see the
// dataset: whoever holds it puts a pool in the RunContext; with no partner the sample is
// unchanged and the values record "partner": null.
class SeriesMixupSameClass : public SeriesTransform {
public:
    explicit SeriesMixupSameClass(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    void mix(SeriesSample& s, const Values& v, const SeriesPool* pool) const;
    double alpha_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.drift: adds (or multiplies by 1 +) a smooth random drift, a cubic spline through a
// random walk, scaled to a maximum of max_drift (as tsaug's Drift).
class SeriesDrift : public SeriesTransform {
public:
    explicit SeriesDrift(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range maxDrift_;
    int points_;
    bool multiplicative_, perChannel_, normalize_;
};

} // namespace augstudio::core

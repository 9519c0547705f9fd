#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.jitter: additive Gaussian noise (Um et al. 2017). Draws the noise's seed, not
// the noise; with `relative` sigma is a fraction of each channel's standard deviation.
class SeriesJitter : public SeriesTransform {
public:
    explicit SeriesJitter(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double sigma_;
    bool relative_;
};

} // namespace augstudio::core

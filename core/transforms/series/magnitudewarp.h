#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.magnitude_warp: multiplies by a smooth curve, the cubic spline through knots + 2
// evenly spaced values drawn from N(1, sigma) (Um et al. 2017; Iwana & Uchida 2021).
class SeriesMagnitudeWarp : public SeriesTransform {
public:
    explicit SeriesMagnitudeWarp(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double sigma_;
    int knots_;
    bool perChannel_;
};

} // namespace augstudio::core

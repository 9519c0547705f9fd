#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.time_warp: warps the time axis by the cumulative sum of a random smooth curve
// (as magnitude_warp), rescaled to end at T-1, then reads the series back on the grid.
class SeriesTimeWarp : public SeriesTransform {
public:
    explicit SeriesTimeWarp(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double sigma_;
    int knots_;
    bool perChannel_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

#include <string>
#include <vector>

namespace augstudio::core {

// series.window_warp: speeds up or slows down one random window by a factor chosen from
// `scales`, then resamples the whole series back to T (Iwana & Uchida 2021).
class SeriesWindowWarp : public SeriesTransform {
public:
    explicit SeriesWindowWarp(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double windowRatio_;
    std::vector<double> scales_;
};

} // namespace augstudio::core

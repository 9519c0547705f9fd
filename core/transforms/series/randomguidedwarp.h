#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.random_guided_warp: the sample's time axis warped along its DTW alignment to a
// random same-class partner of the run's pool (Iwana & Uchida 2021), then resampled to T:
// the sample takes the partner's timing. With no partner the sample is unchanged.
class SeriesRandomGuidedWarp : public SeriesTransform {
public:
    explicit SeriesRandomGuidedWarp(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    void run(SeriesSample& s, const Values& v, const SeriesPool* pool) const;
    double window_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.wdba: weighted DTW barycentre averaging (Forestier et al. 2017) as in Iwana &
// Uchida's code. The batch is the sample and up to batch - 1 same-class partners of the
// run's pool (all resampled to the sample's length); its DTW medoid is the reference, and
// every member is averaged onto it along its DTW path with weight
// exp(ln 0.5 x d / d_nearest) (the medoid itself with weight 1). A batch of identical series
// averages to that series. With no partner the sample is unchanged.
class SeriesWdba : public SeriesTransform {
public:
    explicit SeriesWdba(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    void run(SeriesSample& s, const Values& v, const SeriesPool* pool) const;
    int64_t batch_;
    double window_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.discriminative_guided_warp: like random_guided_warp, but the teacher is the most
// discriminative of up to ceil(batch / 2) same-class partners: the one whose mean DTW
// distance to up to floor(batch / 2) partners of other classes, minus its mean distance to
// the other positives, is largest (Iwana & Uchida 2021; without the batch-wide variable
// window slice, which needs the whole batch). Needs partners of both kinds in the run's pool;
// otherwise the sample is unchanged.
class SeriesDiscriminativeGuidedWarp : public SeriesTransform {
public:
    explicit SeriesDiscriminativeGuidedWarp(const ParamSet& p);
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

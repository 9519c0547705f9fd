#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.spawner: SPAWNER (Kamycki et al. 2020) as in Iwana & Uchida's code: a same-class
// partner from the run's pool, both cut at a drawn step, each half aligned by DTW (band
// window x T), the average along the joined path resampled to T, plus N(0, sigma) jitter.
// With no partner in the run the sample is unchanged ("partner": null).
class SeriesSpawner : public SeriesTransform {
public:
    explicit SeriesSpawner(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    void run(SeriesSample& s, const Values& v, const SeriesPool* pool) const;
    double sigma_, window_;
};

} // namespace augstudio::core

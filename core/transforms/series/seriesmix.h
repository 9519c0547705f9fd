#pragma once

// The multi-sample series transforms that mix a partner of the run's SeriesPool into the
// sample and record a soft label: mixup (any class), cutmix (a window) and SMOTE (towards a
// near neighbour of the same class). Partners are recorded as "partner": [label, index]
// into the pool (replay with the same pool is exact) and "partners": [{"key", "label",
// "weight"}] (the item key for manifests, the weight for soft_labels.csv). Without a
// partner the sample is left as it is and both record none.

#include "core/pipeline/partnersource.h"
#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.mixup: x' = lambda x + (1 - lambda) x_partner, lambda ~ Beta(alpha, alpha)
// (unfolded: either series may dominate), the partner of any class by default.
class SeriesMixup : public SeriesTransform {
public:
    explicit SeriesMixup(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    double alpha_;
    PartnerClass which_;
};

// series.cutmix: a window of (1 - lambda) T steps, lambda ~ Beta(alpha, alpha), at a uniform
// start, replaced by the same window of the partner (resampled to the sample's length).
class SeriesCutmix : public SeriesTransform {
public:
    explicit SeriesCutmix(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    double alpha_;
    PartnerClass which_;
};

// series.smote (Chawla et al. 2002, on whole series): x' = x + u (n - x), u ~ U(0, 1), n one
// of the k nearest series of the same class by Euclidean distance (partners resampled to
// the sample's length) or DTW (the series DTW routine, band `window` x T).
class SeriesSmote : public SeriesTransform {
public:
    explicit SeriesSmote(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    int64_t k_;
    bool dtw_;
    double window_;
};

} // namespace augstudio::core

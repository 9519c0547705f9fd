#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.frequency_perturbation: the amplitude and phase perturbation of RobustTAD (Gao et
// al. 2020). Each channel's spectrum (real DFT over the whole series) is perturbed in one
// drawn segment of frequency bins: every amplitude there is multiplied by
// max(0, 1 + amplitude_sigma z) and every phase shifted by phase_sigma z' radians (z, z'
// standard normals from a drawn seed); the mean (bin 0) is never touched. NaN gaps are
// bridged linearly for the transform and stay gaps.
class SeriesFrequencyPerturbation : public SeriesTransform {
public:
    explicit SeriesFrequencyPerturbation(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double amplitudeSigma_, phaseSigma_;
    Range segment_;
};

} // namespace augstudio::core

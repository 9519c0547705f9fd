#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.iaaft_surrogate: the iterative amplitude-adjusted Fourier transform surrogate
// (Schreiber & Schmitz 1996) of each channel: starting from a shuffle of the values (from a
// drawn seed), alternately impose the original Fourier amplitudes and the original values
// by rank, until the ranks stop changing or `iterations` is reached. The result has exactly
// the channel's values (its distribution) and nearly its power spectrum, with the phases
// randomised. NaN gaps are bridged linearly for the spectrum and stay gaps.
class SeriesIaaftSurrogate : public SeriesTransform {
public:
    explicit SeriesIaaftSurrogate(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int64_t iterations_;
};

} // namespace augstudio::core

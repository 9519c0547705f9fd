#pragma once

#include "core/pipeline/partnersource.h"
#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.mix: adds a partner clip of the run (same class or any), resampled to the sample's
// rate and looped or cut to its length from a drawn offset, either at a drawn signal-to-
// partner ratio (mode snr: rms(sample) / rms(partner) = snr_db) or as a convex blend
// (mode ratio: (1 - r) x + r x_partner). The partner's soft-label weight is its share of the
// mix's energy (snr) or r (ratio). Without a partner the sample is left as it is.
class AudioMix : public AudioTransform {
public:
    explicit AudioMix(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    bool snrMode_;
    Range snr_, ratio_;
    PartnerClass which_;
};

} // namespace augstudio::core

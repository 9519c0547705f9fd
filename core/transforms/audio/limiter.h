#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.limiter: a look-ahead peak limiter (audiomentations Limiter's parameters). The gain
// each frame needs (threshold / peak over the channels) is taken as a minimum over the
// look-ahead window (the attack time), released exponentially, then smoothed by a moving
// average of the attack length: the average never exceeds the needed gain, so no output
// peak passes the threshold and the gain has no steps. Zero latency: the look-ahead reads
// ahead instead of delaying the output.
class Limiter : public AudioTransform {
public:
    explicit Limiter(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range threshold_, attack_, release_;
    bool relative_;
};

} // namespace augstudio::core

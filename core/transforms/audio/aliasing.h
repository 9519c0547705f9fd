#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.aliasing: downsample to a drawn rate by linear interpolation with no anti-alias
// filter, then back the same way (audiomentations Aliasing): what lies above the drawn
// rate's Nyquist folds down. A drawn rate at or above the clip's rate leaves it unchanged.
class Aliasing : public AudioTransform {
public:
    explicit Aliasing(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range rate_;
};

} // namespace augstudio::core

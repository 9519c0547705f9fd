#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.clip: clamp every sample to [lo, hi] (audiomentations Clip); nothing is drawn.
class Clip : public AudioTransform {
public:
    // Throws Error naming `lo` when lo > hi.
    explicit Clip(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double lo_, hi_;
};

} // namespace augstudio::core

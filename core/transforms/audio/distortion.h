#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.clipping_distortion (hard clip at drawn percentiles), audio.tanh_distortion (soft
// saturation, RMS kept) and audio.bit_crush (quantisation to fewer bits).
class Distortion : public AudioTransform {
public:
    enum class Kind { Clipping, Tanh, BitCrush };
    Distortion(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
    Range range_;
    IntRange bits_;
};

} // namespace augstudio::core

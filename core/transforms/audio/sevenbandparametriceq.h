#pragma once

#include "core/pipeline/transform.h"

#include <array>

namespace augstudio::core {

// audio.seven_band_parametric_eq: a low shelf at 100 Hz, five peaking bands and a high
// shelf at 9.6 kHz, log-spaced (centres 100, 214, 457, 979, 2095, 4484, 9600 Hz; RBJ
// biquads, one octave and a bit wide), each with a gain drawn in dB (audiomentations'
// SevenBandParametricEQ with fixed centres). Bands at or above 95% of Nyquist are skipped.
class SevenBandParametricEq : public AudioTransform {
public:
    explicit SevenBandParametricEq(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();
    static const std::array<double, 7>& centres();

private:
    Range gain_;
};

} // namespace augstudio::core

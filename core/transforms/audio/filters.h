#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/audio/dsp.h"

namespace augstudio::core {

// The RBJ biquad filters: audio.low_pass, high_pass, band_pass, band_stop (cascades, 12
// dB/octave per section) and audio.peaking_eq, low_shelf, high_shelf (one section).
class Filter : public AudioTransform {
public:
    enum class Kind { LowPass, HighPass, BandPass, BandStop, Peaking, LowShelf, HighShelf };
    Filter(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);
    // The cascade the drawn values describe, at a sample rate (tests and plots use it).
    std::vector<dsp::Biquad> design(const Values& values, double sampleRate) const;

private:
    Kind kind_;
    Range freq_, bandwidth_, gain_, q_;
    IntRange rolloff_;
};

} // namespace augstudio::core

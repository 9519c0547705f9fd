#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.speed: speed perturbation as in ASR recipes (Kaldi's sox "speed"): the clip is
// resampled by the drawn factor and played at its own rate, so tempo and pitch change
// together and the length becomes frames / factor. The factor is drawn in steps of 0.001,
// so the band-limited resampler works with the ratio 1000 : round(1000 factor).
class Speed : public AudioTransform {
public:
    explicit Speed(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();
    // The output length for a clip of `frames` at a drawn factor.
    static int64_t outputLength(int64_t frames, double factor);

private:
    Range factor_;
};

} // namespace augstudio::core

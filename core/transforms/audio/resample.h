#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.resample: band-limited resampling to a drawn rate, then back to the original rate
// (keep_rate: the clip keeps its length and loses what lies above the drawn Nyquist) or
// kept at the new rate (length round(frames * new / old)).
class Resample : public AudioTransform {
public:
    explicit Resample(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange rate_;
    bool keepRate_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.gain: a constant gain drawn in dB.
class Gain : public AudioTransform {
public:
    explicit Gain(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range gain_;
};

// audio.gain_transition: the gain moves from one drawn level to another (linearly in dB)
// over a drawn span of the clip; before it the start gain holds, after it the end gain.
class GainTransition : public AudioTransform {
public:
    explicit GainTransition(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range gain_, duration_;
};

// audio.normalize: scale so the peak (or the RMS) reaches target_db dBFS.
class Normalize : public AudioTransform {
public:
    explicit Normalize(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    bool rms_;
    double target_;
};

// audio.polarity_inversion (x -> -x) and audio.reverse (time reversal): exact rearrangements.
class Invert : public AudioTransform {
public:
    enum class Kind { Polarity, Time };
    Invert(Kind kind, const ParamSet&) : kind_(kind) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
};

} // namespace augstudio::core

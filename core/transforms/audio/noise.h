#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/audio/clipfolder.h"

namespace augstudio::core {

// audio.gaussian_noise (absolute amplitude) and audio.gaussian_snr (relative to the signal):
// white Gaussian noise generated in apply from a seed drawn in draw, so replay is exact.
class GaussianNoise : public AudioTransform {
public:
    enum class Kind { Amplitude, Snr };
    GaussianNoise(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
    Range range_;
};

// audio.colored_noise: noise with a spectral slope (pink, brown, blue, violet) at a drawn SNR.
class ColoredNoise : public AudioTransform {
public:
    explicit ColoredNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range snr_, decay_;
};

// audio.background_noise: a clip of a folder, looped or cut to length, mixed at a drawn SNR.
class BackgroundNoise : public AudioTransform {
public:
    BackgroundNoise(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    ClipFolder clips_;
    Range snr_;
};

} // namespace augstudio::core

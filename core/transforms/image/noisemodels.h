#pragma once

// Noise of the parity set: multiplicative, additive of a chosen distribution, shot
// (Poisson) noise, and single-pixel dropout. All noise comes from a seed drawn in draw().

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.multiplicative_noise: multiply by a factor drawn from `multiplier`: one for the
// image, one per channel, or one per pixel (elementwise).
class MultiplicativeNoise : public ImageTransform {
public:
    explicit MultiplicativeNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range multiplier_;
    bool perChannel_, elementwise_;
};

// image.additive_noise: noise of a drawn distribution (uniform, gaussian, laplace, beta) in
// fractions of white, one value per channel (constant), per pixel and channel (per_pixel),
// or per pixel shared by the channels (shared).
class AdditiveNoise : public ImageTransform {
public:
    enum class Distribution { Uniform, Gaussian, Laplace, Beta };
    enum class Spatial { Constant, PerPixel, Shared };
    explicit AdditiveNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Distribution distribution_;
    Spatial spatial_;
    Range uniform_, mean_, std_, betaA_, betaB_, betaScale_;
};

// image.shot_noise: Poisson photon noise in linear light (Albumentations ShotNoise): each
// value v becomes scale * Poisson(v^2.2 / scale), back through the 1/2.2 gamma.
class ShotNoise : public ImageTransform {
public:
    explicit ShotNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range scale_;
};

// image.pixel_dropout: each pixel (or each value, per_channel) set to drop_value with
// probability dropout_prob; the mask gets mask_drop_value there unless it is -1.
class PixelDropout : public ImageTransform {
public:
    explicit PixelDropout(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double probability_;
    bool perChannel_;
    double dropValue_;
    int maskDropValue_;
};

} // namespace augstudio::core

#pragma once

// Noise transforms. draw() picks the amounts and a seed; apply() generates the noise from a
// generator seeded by it, so a run can be shown, recorded and replayed exactly.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.gaussian_noise: additive normal noise, std as a fraction of the white level.
class AdditiveGaussianNoise : public ImageTransform {
public:
    explicit AdditiveGaussianNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range std_, mean_;
    bool perChannel_;
};

// image.iso_noise: camera sensor noise (Albumentations ISONoise): hue jitter and
// Poisson-like luminance noise in HLS.
class IsoNoise : public ImageTransform {
public:
    explicit IsoNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range colorShift_, intensity_;
};

// image.salt_pepper: a drawn fraction of the pixels set to white (salt) or black (pepper).
class SaltPepper : public ImageTransform {
public:
    explicit SaltPepper(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range amount_, saltRatio_;
};

} // namespace augstudio::core

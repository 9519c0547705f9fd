#pragma once

// Plasma-fractal lighting (Albumentations PlasmaBrightnessContrast and PlasmaShadow): a
// diamond-square fractal in [0, 1], drawn from a seed, modulates brightness and contrast or
// casts a shadow. Colour channels only (alpha and targets untouched), depth kept.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.plasma_brightness_contrast: out = (x - mean) (1 + contrast p) + mean + brightness p
// (p the plasma value of the pixel, brightness in fractions of white).
// image.plasma_shadow: out = x (1 - intensity p).
class PlasmaLighting : public ImageTransform {
public:
    enum class Kind { BrightnessContrast, Shadow };
    PlasmaLighting(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);

    // The plasma pattern of `size` (CV_32FC1, min 0, max 1) drawn from `seed`; roughness > 0,
    // larger is rougher (each finer octave keeps roughness / (roughness + 1) of the last's
    // amplitude).
    static cv::Mat pattern(cv::Size size, double roughness, uint64_t seed);

private:
    Kind kind_;
    Range brightness_{0, 0}, contrast_{0, 0}, intensity_{0, 0};
    double roughness_;
};

} // namespace augstudio::core

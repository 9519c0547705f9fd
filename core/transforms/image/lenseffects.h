#pragma once

// Optical artefacts of the parity set: lateral chromatic aberration, zoom blur, glass blur
// and ringing. Colour channels only (alpha and targets untouched), depth kept.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.chromatic_aberration: the red and blue planes radially distorted (k1 r^2 + k2 r^4,
// focal length the image size) with drawn coefficients, green kept (Albumentations
// ChromaticAberration); green_purple gives red and blue the same sign, red_blue opposite.
class ChromaticAberration : public ImageTransform {
public:
    explicit ChromaticAberration(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range primary_, secondary_;
    std::string mode_;
    int interpolation_;
};

// image.zoom_blur: the mean of the image zoomed about its centre by 1, 1 + step, ... up to
// a drawn max_factor (Albumentations ZoomBlur).
class ZoomBlur : public ImageTransform {
public:
    explicit ZoomBlur(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range maxFactor_, step_;
};

// image.glass_blur: Gaussian blur, `iterations` passes of swapping each pixel with a random
// neighbour within max_delta, and a second blur (Hendrycks & Dietterich's glass blur).
class GlassBlur : public ImageTransform {
public:
    explicit GlassBlur(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double sigma_;
    int maxDelta_, iterations_;
};

// image.ringing_overshoot: an ideal circular low-pass (2D sinc, Bessel J1) kernel of drawn
// size and cutoff, whose ringing overshoots edges (Albumentations RingingOvershoot).
class RingingOvershoot : public ImageTransform {
public:
    explicit RingingOvershoot(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange kernel_;
    Range cutoff_;
};

} // namespace augstudio::core

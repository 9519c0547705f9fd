#pragma once

// Filters: sharpening, embossing and blurs, applied to the colour channels (alpha and
// targets untouched), depth kept.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.sharpen and image.emboss: a 3x3 effect kernel blended with the identity by `alpha`
// (Albumentations Sharpen / Emboss).
class Sharpen : public ImageTransform {
public:
    enum class Kind { Sharpen, Emboss };
    Sharpen(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
    Range alpha_, amount_; // amount: lightness (sharpen) or strength (emboss)
};

// image.gaussian_blur: cv::GaussianBlur with a drawn odd kernel size and sigma.
class GaussianBlur : public ImageTransform {
public:
    explicit GaussianBlur(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange kernel_;
    Range sigma_;
};

// image.median_blur: cv::medianBlur with a drawn odd kernel size.
class MedianBlur : public ImageTransform {
public:
    explicit MedianBlur(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange kernel_;
};

// image.motion_blur: a line kernel of drawn length and angle.
class MotionBlur : public ImageTransform {
public:
    explicit MotionBlur(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange kernel_;
    Range angle_;
};

// image.defocus: a disc kernel softened by a small Gaussian (Albumentations Defocus).
class Defocus : public ImageTransform {
public:
    explicit Defocus(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange radius_;
    Range aliasBlur_;
};

} // namespace augstudio::core

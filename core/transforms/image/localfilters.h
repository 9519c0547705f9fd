#pragma once

// Neighbourhood filters of the parity set: box blur, unsharp masking, grey-level morphology.
// Colour channels only (alpha and targets untouched), depth kept.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.blur: cv::blur (box filter) with a drawn odd kernel size.
class BoxBlur : public ImageTransform {
public:
    explicit BoxBlur(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange kernel_;
};

// image.unsharp_mask: image + alpha (image - gaussian blur), where the difference exceeds
// threshold, softened by blurring that mask (Albumentations UnsharpMask).
class UnsharpMask : public ImageTransform {
public:
    explicit UnsharpMask(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange kernel_;
    Range sigma_, alpha_;
    double threshold_;
};

// image.morphological: dilation or erosion with an elliptic structuring element of drawn
// size (Albumentations Morphological).
class Morphological : public ImageTransform {
public:
    explicit Morphological(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange size_;
    bool dilate_;
};

} // namespace augstudio::core

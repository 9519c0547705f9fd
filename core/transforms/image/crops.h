#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.random_crop and image.center_crop: a width x height window, at a random or the
// central position. An image smaller than the window is padded (centred, with border_mode
// and fill) instead of failing.
class Crop : public ImageTransform {
public:
    enum class Kind { Random, Center };
    Crop(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
    int width_, height_, border_;
    double fill_;
};

// image.random_resized_crop: torchvision RandomResizedCrop: a window of random area
// (fraction `scale` of the image) and aspect ratio (`ratio`, drawn log-uniformly), resized
// to width x height.
class RandomResizedCrop : public ImageTransform {
public:
    explicit RandomResizedCrop(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int width_, height_;
    Range scale_, ratio_;
    int interpolation_;
};

// image.crop_and_pad: each side cropped (negative) or padded (positive) by a fraction of
// the image drawn from `percent`, then optionally resized back (Albumentations CropAndPad).
class CropAndPad : public ImageTransform {
public:
    explicit CropAndPad(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range percent_;
    bool keepSize_;
    int interpolation_, border_;
    double fill_;
};

// image.pad_if_needed: pads to at least min_width x min_height (Albumentations PadIfNeeded).
class PadIfNeeded : public ImageTransform {
public:
    explicit PadIfNeeded(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int minWidth_, minHeight_;
    std::string position_;
    int border_;
    double fill_;
};

} // namespace augstudio::core

#pragma once

// Crops, pads and rescales whose window is fixed or drawn without looking at the targets
// (Albumentations Crop, Pad, RandomCropFromBorders, RandomSizedCrop, RandomScale).

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.crop: the window [x_min, x_max) x [y_min, y_max); clipped to the image, or padded
// (border_mode / fill) where it leaves the image when pad_if_needed.
class CoordinateCrop : public ImageTransform {
public:
    explicit CoordinateCrop(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info();

private:
    int xMin_, yMin_, xMax_, yMax_;
    bool padIfNeeded_;
    int border_;
    double fill_;
};

// image.pad: each side padded by an amount drawn from its range (lo == hi: fixed).
class ImagePad : public ImageTransform {
public:
    explicit ImagePad(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info();

private:
    IntRange top_, bottom_, left_, right_;
    int border_;
    double fill_;
};

// image.random_crop_from_borders: up to crop_left of the width cut from the left, and so
// on for each side (at least one pixel stays).
class RandomCropFromBorders : public ImageTransform {
public:
    explicit RandomCropFromBorders(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double left_, right_, top_, bottom_;
};

// image.random_sized_crop: a window of drawn height (width = height * w2h_ratio) at a random
// position, resized to width x height.
class RandomSizedCrop : public ImageTransform {
public:
    explicit RandomSizedCrop(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange cropHeight_;
    double w2hRatio_;
    int width_, height_, interpolation_;
};

// image.random_scale: resize by a factor drawn from `scale` (both axes).
class RandomScale : public ImageTransform {
public:
    explicit RandomScale(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range scale_;
    int interpolation_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.shift_scale_rotate: Albumentations ShiftScaleRotate: rotation by a drawn angle and
// zoom by a drawn factor about the centre, then a shift by drawn fractions of the size;
// one warp of image, mask and targets.
class ShiftScaleRotate : public ImageTransform {
public:
    explicit ShiftScaleRotate(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info();

private:
    Range shiftX_, shiftY_, scale_, rotate_;
    int interpolation_, border_;
    double fill_;
};

// image.safe_rotate: rotation by a drawn angle into a canvas large enough for the whole
// rotated image, resized back to the input size (each axis on its own, as Albumentations
// SafeRotate): no corner is cut off.
class SafeRotate : public ImageTransform {
public:
    explicit SafeRotate(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range degrees_;
    int interpolation_, border_;
    double fill_;
};

} // namespace augstudio::core

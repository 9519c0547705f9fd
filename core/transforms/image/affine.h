#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.affine: rotation, scale, translation and shear about the image centre in one warp
// (Albumentations Affine; also what the Keras ImageDataGenerator preset builds on).
class Affine : public ImageTransform {
public:
    explicit Affine(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info();

private:
    Range rotate_, scale_, translateX_, translateY_, shearX_, shearY_;
    IntRange translatePxX_, translatePxY_;
    bool keepRatio_;
    int interpolation_, border_;
    double fill_;
};

} // namespace augstudio::core

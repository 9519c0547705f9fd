#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.perspective: a random four-point perspective warp (Albumentations Perspective):
// each corner moves inwards by |N(0, scale)| of the image size (at most 0.32), and that
// quadrilateral is stretched back onto the output rectangle.
class Perspective : public ImageTransform {
public:
    explicit Perspective(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info();

private:
    Range scale_;
    bool keepSize_;
    int interpolation_, border_;
    double fill_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.advanced_blur: Albumentations AdvancedBlur: a generalized Gaussian kernel
// exp(-(0.5 x' S^-1 x)^beta) of drawn size, sigmas along two axes, rotation and shape beta,
// each weight multiplied by drawn noise in `noise`, normalised. Colour channels only.
class AdvancedBlur : public ImageTransform {
public:
    explicit AdvancedBlur(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

    // The normalised kernel (CV_32F, size x size) of the drawn values.
    static cv::Mat kernel(const Values& values);

private:
    IntRange kernel_;
    Range sigmaX_, sigmaY_, rotate_, beta_, noise_;
};

} // namespace augstudio::core

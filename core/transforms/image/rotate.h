#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.rotate: rotation about the image centre by an angle drawn from `degrees`.
class Rotate : public ImageTransform {
public:
    explicit Rotate(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info();

private:
    Range degrees_;
    int interpolation_, border_;
    double fill_;
};

} // namespace augstudio::core

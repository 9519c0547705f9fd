#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.hflip, image.vflip, image.transpose, image.rotate90: exact, lossless rearrangements.
class Flip : public ImageTransform {
public:
    enum class Kind { Horizontal, Vertical, Transpose, Rotate90 };
    Flip(Kind kind, const ParamSet&) : kind_(kind) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
};

} // namespace augstudio::core

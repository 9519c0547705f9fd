#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.resize (to width x height), image.longest_max_size and image.smallest_max_size
// (scale so the longest / shortest side is max_size, keeping the aspect ratio).
class Resize : public ImageTransform {
public:
    enum class Kind { Exact, LongestMaxSize, SmallestMaxSize };
    Resize(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Matrix; }
    bool warpOf(const Values& values, cv::Size input, WarpStep& out) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
    int width_ = 0, height_ = 0, maxSize_ = 0;
    int interpolation_;
};

} // namespace augstudio::core

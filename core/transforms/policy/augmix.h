#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/policy/policyops.h"

namespace augstudio::core {

// policy.augmix: `width` chains of `depth` ops (drawn from [lo, hi] per chain) from AugMix's
// list at bins drawn below `severity` of 10, mixed with Dirichlet(alpha) weights and blended
// with the original by a Beta(alpha, alpha) weight (Hendrycks et al. 2020; torchvision 0.14
// AugMix). The chains warp differently, so no single geometry describes the mix: masks,
// boxes and keypoints are left as they are (AugMix is a classification augmentation).
// Values: {"weights": [original, chain 1, ...], "chains": [[{"op", "bin", "magnitude"}]]}.
class AugMix : public ImageTransform {
public:
    explicit AugMix(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int severity_, width_;
    IntRange depth_;
    double alpha_;
    std::vector<policy::OpSpace> space_;
    policy::Resampling resampling_;
};

} // namespace augstudio::core

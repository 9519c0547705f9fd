#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/policy/policyops.h"

namespace augstudio::core {

// policy.randaugment: num_ops ops drawn uniformly with replacement from torchvision's
// RandAugment list, all at bin `magnitude` of num_magnitude_bins, signs drawn (Cubuk et al.
// 2020; torchvision 0.14 RandAugment). Values: {"ops": [{"op", "bin", "magnitude"}, ...]}.
class RandAugment : public ImageTransform {
public:
    explicit RandAugment(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int numOps_, magnitude_, bins_;
    policy::Resampling resampling_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/policy/policyops.h"

namespace augstudio::core {

// policy.trivialaugment: one op drawn uniformly from TrivialAugmentWide's list at a bin
// drawn uniformly from num_magnitude_bins, sign drawn (Mueller & Hutter 2021; torchvision
// 0.14 TrivialAugmentWide). Values: {"ops": [{"op", "bin", "magnitude"}]}.
class TrivialAugment : public ImageTransform {
public:
    explicit TrivialAugment(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int bins_;
    policy::Resampling resampling_;
};

} // namespace augstudio::core

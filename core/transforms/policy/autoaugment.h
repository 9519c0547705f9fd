#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/policy/policyops.h"

namespace augstudio::core {

// policy.autoaugment: one of the 25 published sub-policies of the chosen policy (ImageNet,
// CIFAR-10 or SVHN; Cubuk et al. 2019) drawn uniformly; each of its two ops applied with its
// probability at its magnitude bin of 10, signs drawn (torchvision 0.14 AutoAugment).
// Values: {"policy", "sub_policy", "ops": [{"op", "bin", "magnitude", "applied"}, x2]}.
class AutoAugment : public ImageTransform {
public:
    explicit AutoAugment(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

    // One op of a sub-policy: its name, probability and magnitude bin (-1: none).
    struct PolicyStep {
        const char* op;
        double p;
        int bin;
    };
    struct SubPolicy {
        PolicyStep first, second;
    };
    static const std::vector<SubPolicy>& subPolicies(const std::string& policy);

private:
    std::string policy_;
    const std::vector<SubPolicy>* table_;
    policy::Resampling resampling_;
};

} // namespace augstudio::core

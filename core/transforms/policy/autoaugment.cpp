#include "core/transforms/policy/autoaugment.h"

#include <stdexcept>

namespace augstudio::core {

namespace {

// AutoAugment's magnitudes are bins of 10 (torchvision's _augmentation_space(10, ...)).
constexpr int kAutoAugmentBins = 10;
constexpr int kNoBin = -1;

using Sub = AutoAugment::SubPolicy;

// torchvision 0.14 AutoAugment._get_policies, in its order.
const std::vector<Sub> kImageNet = {
    {{"Posterize", 0.4, 8}, {"Rotate", 0.6, 9}},
    {{"Solarize", 0.6, 5}, {"AutoContrast", 0.6, kNoBin}},
    {{"Equalize", 0.8, kNoBin}, {"Equalize", 0.6, kNoBin}},
    {{"Posterize", 0.6, 7}, {"Posterize", 0.6, 6}},
    {{"Equalize", 0.4, kNoBin}, {"Solarize", 0.2, 4}},
    {{"Equalize", 0.4, kNoBin}, {"Rotate", 0.8, 8}},
    {{"Solarize", 0.6, 3}, {"Equalize", 0.6, kNoBin}},
    {{"Posterize", 0.8, 5}, {"Equalize", 1.0, kNoBin}},
    {{"Rotate", 0.2, 3}, {"Solarize", 0.6, 8}},
    {{"Equalize", 0.6, kNoBin}, {"Posterize", 0.4, 6}},
    {{"Rotate", 0.8, 8}, {"Color", 0.4, 0}},
    {{"Rotate", 0.4, 9}, {"Equalize", 0.6, kNoBin}},
    {{"Equalize", 0.0, kNoBin}, {"Equalize", 0.8, kNoBin}},
    {{"Invert", 0.6, kNoBin}, {"Equalize", 1.0, kNoBin}},
    {{"Color", 0.6, 4}, {"Contrast", 1.0, 8}},
    {{"Rotate", 0.8, 8}, {"Color", 1.0, 2}},
    {{"Color", 0.8, 8}, {"Solarize", 0.8, 7}},
    {{"Sharpness", 0.4, 7}, {"Invert", 0.6, kNoBin}},
    {{"ShearX", 0.6, 5}, {"Equalize", 1.0, kNoBin}},
    {{"Color", 0.4, 0}, {"Equalize", 0.6, kNoBin}},
    {{"Equalize", 0.4, kNoBin}, {"Solarize", 0.2, 4}},
    {{"Solarize", 0.6, 5}, {"AutoContrast", 0.6, kNoBin}},
    {{"Invert", 0.6, kNoBin}, {"Equalize", 1.0, kNoBin}},
    {{"Color", 0.6, 4}, {"Contrast", 1.0, 8}},
    {{"Equalize", 0.8, kNoBin}, {"Equalize", 0.6, kNoBin}},
};

const std::vector<Sub> kCifar10 = {
    {{"Invert", 0.1, kNoBin}, {"Contrast", 0.2, 6}},
    {{"Rotate", 0.7, 2}, {"TranslateX", 0.3, 9}},
    {{"Sharpness", 0.8, 1}, {"Sharpness", 0.9, 3}},
    {{"ShearY", 0.5, 8}, {"TranslateY", 0.7, 9}},
    {{"AutoContrast", 0.5, kNoBin}, {"Equalize", 0.9, kNoBin}},
    {{"ShearY", 0.2, 7}, {"Posterize", 0.3, 7}},
    {{"Color", 0.4, 3}, {"Brightness", 0.6, 7}},
    {{"Sharpness", 0.3, 9}, {"Brightness", 0.7, 9}},
    {{"Equalize", 0.6, kNoBin}, {"Equalize", 0.5, kNoBin}},
    {{"Contrast", 0.6, 7}, {"Sharpness", 0.6, 5}},
    {{"Color", 0.7, 7}, {"TranslateX", 0.5, 8}},
    {{"Equalize", 0.3, kNoBin}, {"AutoContrast", 0.4, kNoBin}},
    {{"TranslateY", 0.4, 3}, {"Sharpness", 0.2, 6}},
    {{"Brightness", 0.9, 6}, {"Color", 0.2, 8}},
    {{"Solarize", 0.5, 2}, {"Invert", 0.0, kNoBin}},
    {{"Equalize", 0.2, kNoBin}, {"AutoContrast", 0.6, kNoBin}},
    {{"Equalize", 0.2, kNoBin}, {"Equalize", 0.6, kNoBin}},
    {{"Color", 0.9, 9}, {"Equalize", 0.6, kNoBin}},
    {{"AutoContrast", 0.8, kNoBin}, {"Solarize", 0.2, 8}},
    {{"Brightness", 0.1, 3}, {"Color", 0.7, 0}},
    {{"Solarize", 0.4, 5}, {"AutoContrast", 0.9, kNoBin}},
    {{"TranslateY", 0.9, 9}, {"TranslateY", 0.7, 9}},
    {{"AutoContrast", 0.9, kNoBin}, {"Solarize", 0.8, 3}},
    {{"Equalize", 0.8, kNoBin}, {"Invert", 0.1, kNoBin}},
    {{"TranslateY", 0.7, 9}, {"AutoContrast", 0.9, kNoBin}},
};

const std::vector<Sub> kSvhn = {
    {{"ShearX", 0.9, 4}, {"Invert", 0.2, kNoBin}},
    {{"ShearY", 0.9, 8}, {"Invert", 0.7, kNoBin}},
    {{"Equalize", 0.6, kNoBin}, {"Solarize", 0.6, 6}},
    {{"Invert", 0.9, kNoBin}, {"Equalize", 0.6, kNoBin}},
    {{"Equalize", 0.6, kNoBin}, {"Rotate", 0.9, 3}},
    {{"ShearX", 0.9, 4}, {"AutoContrast", 0.8, kNoBin}},
    {{"ShearY", 0.9, 8}, {"Invert", 0.4, kNoBin}},
    {{"ShearY", 0.9, 5}, {"Solarize", 0.2, 6}},
    {{"Invert", 0.9, kNoBin}, {"AutoContrast", 0.8, kNoBin}},
    {{"Equalize", 0.6, kNoBin}, {"Rotate", 0.9, 3}},
    {{"ShearX", 0.9, 4}, {"Solarize", 0.3, 3}},
    {{"ShearY", 0.8, 8}, {"Invert", 0.7, kNoBin}},
    {{"Equalize", 0.9, kNoBin}, {"TranslateY", 0.6, 6}},
    {{"Invert", 0.9, kNoBin}, {"Equalize", 0.6, kNoBin}},
    {{"Contrast", 0.3, 3}, {"Rotate", 0.8, 4}},
    {{"Invert", 0.8, kNoBin}, {"TranslateY", 0.0, 2}},
    {{"ShearY", 0.7, 6}, {"Solarize", 0.4, 8}},
    {{"Invert", 0.6, kNoBin}, {"Rotate", 0.8, 4}},
    {{"ShearY", 0.3, 7}, {"TranslateX", 0.9, 3}},
    {{"ShearX", 0.1, 6}, {"Invert", 0.6, kNoBin}},
    {{"Solarize", 0.7, 2}, {"TranslateY", 0.6, 7}},
    {{"ShearY", 0.8, 4}, {"Invert", 0.8, kNoBin}},
    {{"ShearX", 0.7, 9}, {"TranslateY", 0.8, 3}},
    {{"ShearY", 0.8, 5}, {"AutoContrast", 0.7, kNoBin}},
    {{"ShearX", 0.7, 2}, {"Invert", 0.1, kNoBin}},
};

} // namespace

const std::vector<AutoAugment::SubPolicy>& AutoAugment::subPolicies(const std::string& policy) {
    if (policy == "imagenet")
        return kImageNet;
    if (policy == "cifar10")
        return kCifar10;
    if (policy == "svhn")
        return kSvhn;
    throw std::invalid_argument("policy: unknown AutoAugment policy '" + policy +
                                "' (expected imagenet, cifar10 or svhn)");
}

AutoAugment::AutoAugment(const ParamSet& p)
    : policy_(p.s("policy")), table_(&subPolicies(policy_)), resampling_(policy::resamplingOf(p)) {}

Values AutoAugment::draw(Rng& rng, const SampleInfo& info) const {
    const std::vector<policy::OpSpace>& space = policy::autoAugmentSpace();
    const int64_t id = rng.integer(0, int64_t(table_->size()) - 1);
    const SubPolicy& sub = (*table_)[size_t(id)];
    nlohmann::json ops = nlohmann::json::array();
    for (const PolicyStep& step : {sub.first, sub.second}) {
        // torchvision applies an op when rand() <= p; uniform() is in [0, 1) as rand().
        const bool applied = rng.uniform() <= step.p;
        const policy::OpSpace* op = policy::findOp(space, step.op);
        // torchvision negates a signed op when its sign draw is 0: either way probability 1/2.
        const bool negative = op->signedOp && rng.bernoulli(0.5);
        Values v = policy::opValues(*op, step.bin == kNoBin ? 0 : step.bin, kAutoAugmentBins,
                                    negative, info);
        v["applied"] = applied;
        ops.push_back(std::move(v));
    }
    return makeValues({{"policy", policy_}, {"sub_policy", id}, {"ops", std::move(ops)}});
}

void AutoAugment::applyTo(ImageSample& sample, const Values& values) const {
    policy::applyOps(sample, values.at("ops"), resampling_, "values.ops");
}

TransformInfo AutoAugment::info() {
    return {"policy.autoaugment",
            Modality::Image,
            "policy",
            "AutoAugment (Cubuk et al. 2019): one of the 25 published sub-policies for ImageNet, "
            "CIFAR-10 or SVHN, two ops with their probabilities and magnitudes (torchvision "
            "0.14 tables)",
            {enumParam("policy", "imagenet", {"imagenet", "cifar10", "svhn"},
                       "the dataset whose learned policy is used"),
             policy::interpolationParam("nearest"), fillParam()},
            1.0,
            factoryOf<AutoAugment>()};
}

} // namespace augstudio::core

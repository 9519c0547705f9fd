#include "core/transforms/policy/randaugment.h"

#include <stdexcept>
#include <string>

namespace augstudio::core {

RandAugment::RandAugment(const ParamSet& p)
    : numOps_(int(p.i("num_ops"))), magnitude_(int(p.i("magnitude"))),
      bins_(int(p.i("num_magnitude_bins"))), resampling_(policy::resamplingOf(p)) {
    if (magnitude_ >= bins_)
        throw std::invalid_argument("magnitude: expected a bin below num_magnitude_bins (" +
                                    std::to_string(bins_) + "), got " + std::to_string(magnitude_));
}

Values RandAugment::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json ops = nlohmann::json::array();
    for (int i = 0; i < numOps_; ++i)
        ops.push_back(
            policy::drawOp(rng, policy::randAugmentSpace(), magnitude_, magnitude_, bins_, info));
    return makeValues({{"ops", std::move(ops)}});
}

void RandAugment::applyTo(ImageSample& sample, const Values& values) const {
    policy::applyOps(sample, values.at("ops"), resampling_, "values.ops");
}

TransformInfo RandAugment::info() {
    return {
        "policy.randaugment",
        Modality::Image,
        "policy",
        "RandAugment (Cubuk et al. 2020): num_ops ops of torchvision's 14 at one magnitude, "
        "drawn with replacement, signs at random (torchvision 0.14 tables)",
        {intParam("num_ops", 2, 0, 14, "ops applied in sequence (torchvision num_ops)"),
         intParam("magnitude", 9, 0, 99, "the magnitude bin of every op, below num_magnitude_bins"),
         intParam("num_magnitude_bins", 31, 2, 100,
                  "bins from magnitude 0 to each op's maximum (torchvision 31)"),
         policy::interpolationParam("nearest"), fillParam()},
        1.0,
        factoryOf<RandAugment>()};
}

} // namespace augstudio::core

#include "core/transforms/policy/trivialaugment.h"

namespace augstudio::core {

TrivialAugment::TrivialAugment(const ParamSet& p)
    : bins_(int(p.i("num_magnitude_bins"))), resampling_(policy::resamplingOf(p)) {}

Values TrivialAugment::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json ops = nlohmann::json::array();
    ops.push_back(
        policy::drawOp(rng, policy::trivialAugmentWideSpace(), 0, bins_ - 1, bins_, info));
    return makeValues({{"ops", std::move(ops)}});
}

void TrivialAugment::applyTo(ImageSample& sample, const Values& values) const {
    policy::applyOps(sample, values.at("ops"), resampling_, "values.ops");
}

TransformInfo TrivialAugment::info() {
    return {"policy.trivialaugment",
            Modality::Image,
            "policy",
            "TrivialAugment Wide (Mueller & Hutter 2021): one op of torchvision's 14 at a "
            "random magnitude bin, sign at random (torchvision 0.14 tables)",
            {intParam("num_magnitude_bins", 31, 2, 100,
                      "bins from magnitude 0 to each op's maximum (torchvision 31)"),
             policy::interpolationParam("nearest"), fillParam()},
            1.0,
            factoryOf<TrivialAugment>()};
}

} // namespace augstudio::core

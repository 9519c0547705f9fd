#include "core/transforms/policy/augmix.h"

#include "core/random/distributions.h"
#include "core/util/error.h"

#include <stdexcept>
#include <string>

namespace augstudio::core {

namespace {

// AugMix draws its bins from torchvision's _augmentation_space(_PARAMETER_MAX = 10, ...).
constexpr int kAugMixBins = 10;

// Dirichlet(alpha, ..., alpha) as normalised Gamma(alpha) variates.
std::vector<double> dirichlet(Rng& rng, double alpha, int n) {
    std::vector<double> out(static_cast<size_t>(n));
    double sum = 0.0;
    for (double& x : out) {
        x = gammaVariate(rng, alpha);
        sum += x;
    }
    for (double& x : out)
        x = sum > 0.0 ? x / sum : 1.0 / n;
    return out;
}

} // namespace

AugMix::AugMix(const ParamSet& p)
    : severity_(int(p.i("severity"))), width_(int(p.i("width"))), depth_(p.intRange("depth")),
      alpha_(p.f("alpha")), space_(policy::augMixSpace(p.b("all_ops"))),
      resampling_(policy::resamplingOf(p)) {}

Values AugMix::draw(Rng& rng, const SampleInfo& info) const {
    // Beta(alpha, alpha) for the original against the chains, as torchvision's Dirichlet of 2.
    const std::vector<double> m = dirichlet(rng, alpha_, 2);
    const std::vector<double> chainWeights = dirichlet(rng, alpha_, width_);
    nlohmann::json weights = nlohmann::json::array();
    weights.push_back(m[0]);
    for (double w : chainWeights)
        weights.push_back(w * m[1]);
    nlohmann::json chains = nlohmann::json::array();
    for (int i = 0; i < width_; ++i) {
        const int64_t depth = rng.integer(depth_.lo, depth_.hi);
        nlohmann::json chain = nlohmann::json::array();
        for (int64_t d = 0; d < depth; ++d)
            chain.push_back(policy::drawOp(rng, space_, 0, severity_ - 1, kAugMixBins, info));
        chains.push_back(std::move(chain));
    }
    return makeValues({{"weights", std::move(weights)}, {"chains", std::move(chains)}});
}

void AugMix::applyTo(ImageSample& sample, const Values& values) const {
    const nlohmann::json& weights = values.at("weights");
    const nlohmann::json& chains = values.at("chains");
    if (!weights.is_array() || !chains.is_array() || weights.size() != chains.size() + 1)
        throw PipelineError("values.weights",
                            "expected one weight for the original and one per chain (" +
                                std::to_string(chains.size()) + " chains), got " + weights.dump());
    if (sample.image.empty())
        return;
    // torchvision mixes in float32 and converts back by truncation.
    cv::Mat mix;
    sample.image.convertTo(mix, CV_32F, weights[0].get<double>());
    for (size_t i = 0; i < chains.size(); ++i) {
        ImageSample view;
        view.image = sample.image.clone();
        policy::applyOps(view, chains[i], resampling_, "values.chains[" + std::to_string(i) + "]");
        cv::Mat chain;
        view.image.convertTo(chain, CV_32F);
        cv::scaleAdd(chain, weights[i + 1].get<double>(), mix, mix);
    }
    policy::truncateInto(mix, sample.image);
}

TransformInfo AugMix::info() {
    return {"policy.augmix",
            Modality::Image,
            "policy",
            "AugMix (Hendrycks et al. 2020): width chains of 1-3 ops mixed by Dirichlet weights "
            "and blended with the original (torchvision 0.14 AugMix); boxes and masks kept as "
            "they are",
            {intParam("severity", 3, 1, 10, "ops draw their bin below this, of 10"),
             intParam("width", 3, 1, 10, "augmentation chains mixed (torchvision mixture_width)"),
             intRangeParam("depth", 1, 3, 1, 10,
                           "ops per chain drawn from [lo, hi] (torchvision chain_depth -1 is "
                           "[1, 3]; [d, d] is a fixed depth)"),
             floatParam("alpha", 1.0, 0.01, 10.0,
                        "Dirichlet and Beta concentration of the mixing weights", "", 0.1),
             boolParam("all_ops", true,
                       "include Brightness, Color, Contrast and Sharpness (torchvision all_ops)"),
             policy::interpolationParam("linear"), fillParam()},
            1.0,
            factoryOf<AugMix>()};
}

} // namespace augstudio::core

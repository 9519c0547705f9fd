#include "core/transforms/image/anisotropicblur.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <numbers>

namespace augstudio::core {

AdvancedBlur::AdvancedBlur(const ParamSet& p)
    : kernel_(p.intRange("kernel")), sigmaX_(p.range("sigma_x")), sigmaY_(p.range("sigma_y")),
      rotate_(p.range("rotate")), beta_(p.range("beta")), noise_(p.range("noise")) {}

Values AdvancedBlur::draw(Rng& rng, const SampleInfo&) const {
    const int64_t k = pixel::drawOddKernel(rng, kernel_.lo, kernel_.hi);
    const double sx = rng.uniform(sigmaX_.lo, sigmaX_.hi), sy = rng.uniform(sigmaY_.lo, sigmaY_.hi);
    const double angle = rng.uniform(rotate_.lo, rotate_.hi);
    const double beta = rng.uniform(beta_.lo, beta_.hi);
    return makeValues({{"angle", angle},
                       {"beta", beta},
                       {"kernel", k},
                       {"noise_high", noise_.hi},
                       {"noise_low", noise_.lo},
                       {"seed", pixel::drawSeed(rng)},
                       {"sigma_x", sx},
                       {"sigma_y", sy}});
}

cv::Mat AdvancedBlur::kernel(const Values& v) {
    const int k = v.at("kernel").get<int>();
    const double sx = std::max(1e-6, v.at("sigma_x").get<double>());
    const double sy = std::max(1e-6, v.at("sigma_y").get<double>());
    const double a = v.at("angle").get<double>() * std::numbers::pi / 180.0;
    const double beta = v.at("beta").get<double>();
    // The inverse of R diag(sx^2, sy^2) R^T.
    const double c = std::cos(a), s = std::sin(a);
    const double i00 = c * c / (sx * sx) + s * s / (sy * sy);
    const double i11 = s * s / (sx * sx) + c * c / (sy * sy);
    const double i01 = c * s * (1 / (sx * sx) - 1 / (sy * sy));
    Rng noise(v.at("seed").get<uint64_t>());
    const double lo = v.at("noise_low").get<double>(), hi = v.at("noise_high").get<double>();
    cv::Mat out(k, k, CV_32F);
    const int half = k / 2;
    for (int y = 0; y < k; ++y)
        for (int x = 0; x < k; ++x) {
            const double dx = x - half, dy = y - half;
            const double q = 0.5 * (i00 * dx * dx + 2 * i01 * dx * dy + i11 * dy * dy);
            out.at<float>(y, x) = float(std::exp(-std::pow(q, beta)) * noise.uniform(lo, hi));
        }
    const double sum = cv::sum(out)[0];
    if (sum > 0)
        out /= sum;
    return out;
}

void AdvancedBlur::applyTo(ImageSample& s, const Values& v) const {
    if (v.at("kernel").get<int>() <= 1)
        return;
    const cv::Mat k = kernel(v);
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        cv::filter2D(colour, colour, -1, k, cv::Point(-1, -1), 0, cv::BORDER_REFLECT_101);
        if (colour.depth() == CV_32F) {
            cv::min(colour, 1.0, colour);
            cv::max(colour, 0.0, colour);
        }
    });
}

TransformInfo AdvancedBlur::info() {
    return pixel::info(
        "image.advanced_blur",
        "Anisotropic generalized Gaussian blur with a noisy kernel (sigmas, rotation, shape)",
        {intRangeParam("kernel", 3, 7, 1, 99,
                       "kernel size drawn from the odd sizes in [lo, hi] (1 leaves the image "
                       "unchanged)",
                       "px"),
         rangeParam("sigma_x", 0.2, 1.0, 0.01, 50, "sigma along the first axis, drawn", "px", 0.05),
         rangeParam("sigma_y", 0.2, 1.0, 0.01, 50, "sigma along the second axis, drawn", "px",
                    0.05),
         rangeParam("rotate", -90, 90, -180, 180, "rotation of the axes drawn from [lo, hi]", "deg",
                    1),
         rangeParam("beta", 0.5, 8.0, 0.1, 20,
                    "shape drawn from [lo, hi]: 1 Gaussian, < 1 heavier tails, > 1 flatter top", "",
                    0.1),
         rangeParam("noise", 0.9, 1.1, 0, 10,
                    "each kernel weight is multiplied by a factor from [lo, hi]", "x", 0.01)},
        factoryOf<AdvancedBlur>());
}

} // namespace augstudio::core

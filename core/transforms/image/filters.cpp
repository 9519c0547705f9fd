#include "core/transforms/image/filters.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <numbers>

namespace augstudio::core {

namespace {

// Convolves the colour channels with `kernel` (CV_32F), saturated to the depth.
void convolve(cv::Mat& image, const cv::Mat& kernel) {
    pixel::onColour(image, [&](cv::Mat& colour) {
        cv::filter2D(colour, colour, -1, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT_101);
        if (colour.depth() == CV_32F) {
            cv::min(colour, 1.0, colour);
            cv::max(colour, 0.0, colour);
        }
    });
}

ParamSpec kernelParam(int64_t lo, int64_t hi) {
    return intRangeParam("kernel", lo, hi, 1, 99,
                         "kernel size drawn from the odd sizes in [lo, hi] (1 leaves the image "
                         "unchanged)",
                         "px");
}

} // namespace

// --- sharpen / emboss --------------------------------------------------------------------

Sharpen::Sharpen(Kind kind, const ParamSet& p)
    : kind_(kind), alpha_(p.range("alpha")),
      amount_(p.range(kind == Kind::Sharpen ? "lightness" : "strength")) {}

Values Sharpen::draw(Rng& rng, const SampleInfo&) const {
    const double a = rng.uniform(alpha_.lo, alpha_.hi);
    return {
        {"alpha", a},
        {kind_ == Kind::Sharpen ? "lightness" : "strength", rng.uniform(amount_.lo, amount_.hi)}};
}

void Sharpen::applyTo(ImageSample& s, const Values& v) const {
    const double a = v.at("alpha").get<double>();
    if (a == 0.0)
        return;
    cv::Mat effect;
    if (kind_ == Kind::Sharpen) {
        const float l = v.at("lightness").get<float>();
        effect = (cv::Mat_<float>(3, 3) << -1, -1, -1, -1, 8 + l, -1, -1, -1, -1);
    } else {
        const float t = v.at("strength").get<float>();
        effect = (cv::Mat_<float>(3, 3) << -1 - t, -t, 0, -t, 1, t, 0, t, 1 + t);
    }
    cv::Mat identity = cv::Mat::zeros(3, 3, CV_32F);
    identity.at<float>(1, 1) = 1.0f;
    convolve(s.image, (1.0 - a) * identity + a * effect);
}

TransformInfo Sharpen::info(Kind kind) {
    const bool sharpen = kind == Kind::Sharpen;
    std::vector<ParamSpec> params = {rangeParam(
        "alpha", 0.2, 0.5, 0, 1,
        "blend of the effect with the original, drawn from [lo, hi] (0 unchanged)", "", 0.01)};
    if (sharpen)
        params.push_back(rangeParam("lightness", 0.5, 1.0, 0, 10,
                                    "centre weight added to the sharpening kernel, drawn from "
                                    "[lo, hi]",
                                    "", 0.01));
    else
        params.push_back(rangeParam("strength", 0.2, 0.7, 0, 10,
                                    "embossing strength drawn from [lo, hi]", "", 0.01));
    return pixel::info(sharpen ? "image.sharpen" : "image.emboss",
                       sharpen ? "Sharpen with a 3x3 kernel blended with the original"
                               : "Emboss with a 3x3 kernel blended with the original",
                       std::move(params), [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
                           return std::make_unique<Sharpen>(kind, p);
                       });
}

// --- gaussian_blur -----------------------------------------------------------------------

GaussianBlur::GaussianBlur(const ParamSet& p)
    : kernel_(p.intRange("kernel")), sigma_(p.range("sigma")) {}

Values GaussianBlur::draw(Rng& rng, const SampleInfo&) const {
    const int64_t k = pixel::drawOddKernel(rng, kernel_.lo, kernel_.hi);
    return {{"kernel", k}, {"sigma", rng.uniform(sigma_.lo, sigma_.hi)}};
}

void GaussianBlur::applyTo(ImageSample& s, const Values& v) const {
    const int k = v.at("kernel").get<int>();
    const double sigma = v.at("sigma").get<double>();
    if (k <= 1)
        return;
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        cv::GaussianBlur(colour, colour, cv::Size(k, k), sigma, sigma, cv::BORDER_REFLECT_101);
    });
}

TransformInfo GaussianBlur::info() {
    return pixel::info("image.gaussian_blur", "Gaussian blur of random kernel size and sigma",
                       {kernelParam(3, 7),
                        rangeParam("sigma", 0, 0, 0, 50,
                                   "sigma drawn from [lo, hi]; 0 derives it from the kernel size "
                                   "as OpenCV does",
                                   "px", 0.1)},
                       factoryOf<GaussianBlur>());
}

// --- median_blur -------------------------------------------------------------------------

MedianBlur::MedianBlur(const ParamSet& p) : kernel_(p.intRange("kernel")) {}

Values MedianBlur::draw(Rng& rng, const SampleInfo&) const {
    return {{"kernel", pixel::drawOddKernel(rng, kernel_.lo, kernel_.hi)}};
}

void MedianBlur::applyTo(ImageSample& s, const Values& v) const {
    int k = v.at("kernel").get<int>();
    if (k <= 1)
        return;
    // OpenCV's median filter takes kernels above 5 on 8-bit images only.
    if (s.image.depth() != CV_8U)
        k = std::min(k, 5);
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        cv::Mat out;
        cv::medianBlur(colour, out, k);
        colour = out;
    });
}

TransformInfo MedianBlur::info() {
    return pixel::info("image.median_blur",
                       "Median blur of random kernel size (16-bit and float: at most 5)",
                       {kernelParam(3, 7)}, factoryOf<MedianBlur>());
}

// --- motion_blur -------------------------------------------------------------------------

MotionBlur::MotionBlur(const ParamSet& p)
    : kernel_(p.intRange("kernel")), angle_(p.range("angle")) {}

Values MotionBlur::draw(Rng& rng, const SampleInfo&) const {
    const int64_t k = pixel::drawOddKernel(rng, kernel_.lo, kernel_.hi);
    return {{"kernel", k}, {"angle", rng.uniform(angle_.lo, angle_.hi)}};
}

void MotionBlur::applyTo(ImageSample& s, const Values& v) const {
    const int k = v.at("kernel").get<int>();
    if (k <= 1)
        return;
    const double a = v.at("angle").get<double>() * std::numbers::pi / 180.0;
    const double r = (k - 1) / 2.0;
    cv::Mat kernel = cv::Mat::zeros(k, k, CV_32F);
    const cv::Point2d c(r, r), d(r * std::cos(a), -r * std::sin(a));
    cv::line(kernel, cv::Point(cvRound(c.x - d.x), cvRound(c.y - d.y)),
             cv::Point(cvRound(c.x + d.x), cvRound(c.y + d.y)), cv::Scalar(1.0), 1, cv::LINE_8);
    kernel /= cv::sum(kernel)[0];
    convolve(s.image, kernel);
}

TransformInfo MotionBlur::info() {
    return pixel::info(
        "image.motion_blur", "Blur along a line of random length and angle",
        {kernelParam(3, 7),
         rangeParam("angle", 0, 360, 0, 360,
                    "direction of the motion drawn from [lo, hi] (counter-clockwise)", "deg", 1)},
        factoryOf<MotionBlur>());
}

// --- defocus -----------------------------------------------------------------------------

Defocus::Defocus(const ParamSet& p)
    : radius_(p.intRange("radius")), aliasBlur_(p.range("alias_blur")) {}

Values Defocus::draw(Rng& rng, const SampleInfo&) const {
    const int64_t r = rng.integer(radius_.lo, radius_.hi);
    return {{"radius", r}, {"alias_blur", rng.uniform(aliasBlur_.lo, aliasBlur_.hi)}};
}

void Defocus::applyTo(ImageSample& s, const Values& v) const {
    const int radius = v.at("radius").get<int>();
    const double alias = v.at("alias_blur").get<double>();
    if (radius <= 0)
        return;
    const int half = std::max(8, radius);
    cv::Mat disc = cv::Mat::zeros(2 * half + 1, 2 * half + 1, CV_32F);
    cv::circle(disc, cv::Point(half, half), radius, cv::Scalar(1.0), cv::FILLED, cv::LINE_8);
    disc /= cv::sum(disc)[0];
    if (alias > 0) {
        const int ks = radius <= 8 ? 3 : 5;
        cv::GaussianBlur(disc, disc, cv::Size(ks, ks), alias);
    }
    convolve(s.image, disc);
}

TransformInfo Defocus::info() {
    return pixel::info(
        "image.defocus", "Out-of-focus blur with a disc kernel",
        {intRangeParam("radius", 3, 10, 0, 50, "disc radius drawn from [lo, hi] (0 unchanged)",
                       "px"),
         rangeParam("alias_blur", 0.1, 0.5, 0, 10,
                    "sigma of the Gaussian softening the disc, drawn from [lo, hi]", "px", 0.05)},
        factoryOf<Defocus>());
}

} // namespace augstudio::core

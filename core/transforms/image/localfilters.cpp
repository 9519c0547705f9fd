#include "core/transforms/image/localfilters.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

namespace augstudio::core {

namespace {

ParamSpec oddKernelParam(int64_t lo, int64_t hi) {
    return intRangeParam("kernel", lo, hi, 1, 99,
                         "kernel size drawn from the odd sizes in [lo, hi] (1 leaves the image "
                         "unchanged)",
                         "px");
}

} // namespace

// --- blur --------------------------------------------------------------------------------

BoxBlur::BoxBlur(const ParamSet& p) : kernel_(p.intRange("kernel")) {}

Values BoxBlur::draw(Rng& rng, const SampleInfo&) const {
    return {{"kernel", pixel::drawOddKernel(rng, kernel_.lo, kernel_.hi)}};
}

void BoxBlur::applyTo(ImageSample& s, const Values& v) const {
    const int k = v.at("kernel").get<int>();
    if (k <= 1)
        return;
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        cv::blur(colour, colour, cv::Size(k, k), cv::Point(-1, -1), cv::BORDER_REFLECT_101);
    });
}

TransformInfo BoxBlur::info() {
    return pixel::info("image.blur", "Box blur of a random odd kernel size", {oddKernelParam(3, 7)},
                       factoryOf<BoxBlur>());
}

// --- unsharp_mask ------------------------------------------------------------------------

UnsharpMask::UnsharpMask(const ParamSet& p)
    : kernel_(p.intRange("kernel")), sigma_(p.range("sigma")), alpha_(p.range("alpha")),
      threshold_(p.f("threshold")) {}

Values UnsharpMask::draw(Rng& rng, const SampleInfo&) const {
    const int64_t k = pixel::drawOddKernel(rng, kernel_.lo, kernel_.hi);
    const double sigma = rng.uniform(sigma_.lo, sigma_.hi);
    const double alpha = rng.uniform(alpha_.lo, alpha_.hi);
    return makeValues({{"alpha", alpha}, {"kernel", k}, {"sigma", sigma}});
}

void UnsharpMask::applyTo(ImageSample& s, const Values& v) const {
    const int k = v.at("kernel").get<int>();
    const double sigma = v.at("sigma").get<double>(), alpha = v.at("alpha").get<double>();
    if (k <= 1 || alpha == 0.0)
        return;
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        const double top = pixel::maxValue(colour.depth());
        cv::Mat f, blurred, residual, mask, soft;
        colour.convertTo(f, CV_32F, 1.0 / top);
        cv::GaussianBlur(f, blurred, cv::Size(k, k), sigma, sigma, cv::BORDER_REFLECT_101);
        cv::subtract(f, blurred, residual);
        // Where |residual| exceeds threshold (8-bit levels): 1, else 0, then softened.
        cv::compare(cv::abs(residual), threshold_ / 255.0, mask, cv::CMP_GT);
        mask.convertTo(soft, CV_32F, 1.0 / 255.0);
        cv::GaussianBlur(soft, soft, cv::Size(k, k), 0, 0, cv::BORDER_REFLECT_101);
        cv::Mat sharp = f + alpha * residual;
        cv::min(sharp, 1.0, sharp);
        cv::max(sharp, 0.0, sharp);
        // f + soft (sharp - f): the sharpened value where the mask is, the original elsewhere.
        cv::subtract(sharp, f, sharp);
        cv::multiply(sharp, soft, sharp);
        cv::add(f, sharp, f);
        f.convertTo(colour, colour.depth(), top);
    });
}

TransformInfo UnsharpMask::info() {
    return pixel::info(
        "image.unsharp_mask", "Unsharp masking: add the difference from a Gaussian blur",
        {oddKernelParam(3, 7),
         rangeParam("sigma", 0, 0, 0, 50,
                    "Gaussian sigma drawn from [lo, hi]; 0 derives it from the kernel size", "px",
                    0.1),
         rangeParam("alpha", 0.2, 0.5, 0, 5,
                    "strength of the added difference drawn from [lo, hi] (0 unchanged)", "", 0.01),
         floatParam("threshold", 10, 0, 255,
                    "smallest difference (in 8-bit levels) that is sharpened", "level", 1)},
        factoryOf<UnsharpMask>());
}

// --- morphological -----------------------------------------------------------------------

Morphological::Morphological(const ParamSet& p)
    : size_(p.intRange("size")), dilate_(p.s("operation") == "dilation") {}

Values Morphological::draw(Rng& rng, const SampleInfo&) const {
    return {{"size", rng.integer(size_.lo, size_.hi)}};
}

void Morphological::applyTo(ImageSample& s, const Values& v) const {
    const int size = v.at("size").get<int>();
    if (size <= 1)
        return;
    const cv::Mat element = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(size, size));
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        if (dilate_)
            cv::dilate(colour, colour, element);
        else
            cv::erode(colour, colour, element);
    });
}

TransformInfo Morphological::info() {
    return pixel::info("image.morphological",
                       "Grey-level dilation or erosion with an elliptic element of drawn size",
                       {intRangeParam("size", 2, 3, 1, 99,
                                      "element size drawn from [lo, hi] (1 leaves the image "
                                      "unchanged)",
                                      "px"),
                        enumParam("operation", "dilation", {"dilation", "erosion"},
                                  "dilation spreads bright regions, erosion dark ones")},
                       factoryOf<Morphological>());
}

} // namespace augstudio::core

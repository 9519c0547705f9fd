#include "core/transforms/image/spatter.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

// Albumentations' default colours (RGB, 8-bit levels).
constexpr double kRainColour[3] = {238, 238, 175};
constexpr double kMudColour[3] = {20, 42, 63};

cv::Mat liquidLayer(cv::Size size, uint64_t seed, double mean, double stddev, double sigma,
                    double threshold) {
    cv::Mat layer(size, CV_32F);
    pixel::fillNormal(layer, seed, mean, stddev);
    cv::GaussianBlur(layer, layer, cv::Size(), sigma, sigma, cv::BORDER_REPLICATE);
    cv::threshold(layer, layer, threshold, 0, cv::THRESH_TOZERO);
    return layer;
}

// Rain drops (0..1 per pixel) from the liquid layer's edges.
cv::Mat rainDrops(const cv::Mat& layer) {
    cv::Mat layer8;
    layer.convertTo(layer8, CV_8U, 255.0);
    cv::Mat edges;
    cv::Canny(layer8, edges, 50, 150);
    cv::Mat dist;
    cv::distanceTransform(255 - edges, dist, cv::DIST_L2, 5);
    cv::threshold(dist, dist, 20, 20, cv::THRESH_TRUNC);
    cv::blur(dist, dist, cv::Size(3, 3));
    cv::Mat dist8;
    dist.convertTo(dist8, CV_8U);
    cv::equalizeHist(dist8, dist8);
    const cv::Matx33f emboss(-2, -1, 0, -1, 1, 1, 0, 1, 2);
    cv::filter2D(dist8, dist8, -1, emboss);
    cv::Mat shaped;
    dist8.convertTo(shaped, CV_32F);
    cv::blur(shaped, shaped, cv::Size(3, 3));
    cv::Mat m = layer.mul(shaped);
    double hi = 0;
    cv::minMaxLoc(m, nullptr, &hi);
    if (hi > 0)
        m *= 1.0 / hi;
    return m;
}

cv::Mat mudAmount(const cv::Mat& layer, double threshold, double sigma) {
    cv::Mat m;
    cv::threshold(layer, m, threshold, 1.0, cv::THRESH_BINARY);
    cv::GaussianBlur(m, m, cv::Size(), sigma, sigma, cv::BORDER_REPLICATE);
    cv::threshold(m, m, 1.2 * threshold, 0, cv::THRESH_TOZERO);
    return m;
}

} // namespace

Spatter::Spatter(const ParamSet& p)
    : mean_(p.range("mean")), std_(p.range("std")), sigma_(p.range("gauss_sigma")),
      threshold_(p.range("cutout_threshold")), intensity_(p.range("intensity")), mode_(p.s("mode")),
      colour_(p.list("color")) {}

Values Spatter::draw(Rng& rng, const SampleInfo&) const {
    std::string mode = mode_;
    if (mode == "random")
        mode = rng.bernoulli(0.5) ? "rain" : "mud";
    return makeValues({{"mode", mode},
                       {"mean", rng.uniform(mean_.lo, mean_.hi)},
                       {"std", rng.uniform(std_.lo, std_.hi)},
                       {"gauss_sigma", rng.uniform(sigma_.lo, sigma_.hi)},
                       {"cutout_threshold", rng.uniform(threshold_.lo, threshold_.hi)},
                       {"intensity", rng.uniform(intensity_.lo, intensity_.hi)},
                       {"seed", pixel::drawSeed(rng)}});
}

void Spatter::applyTo(ImageSample& s, const Values& v) const {
    if (s.image.empty())
        return;
    const bool rain = v.at("mode").get<std::string>() == "rain";
    const double threshold = v.at("cutout_threshold").get<double>();
    const double sigma = std::max(0.1, v.at("gauss_sigma").get<double>());
    const cv::Mat layer =
        liquidLayer(s.image.size(), v.at("seed").get<uint64_t>(), v.at("mean").get<double>(),
                    v.at("std").get<double>(), sigma, threshold);
    const bool given = colour_.size() == 3 && (colour_[0] > 0 || colour_[1] > 0 || colour_[2] > 0);
    const double* rgb = given ? colour_.data() : rain ? kRainColour : kMudColour;
    pixel::onColour(s.image, [&](cv::Mat& image) {
        const double top = pixel::maxValue(image.depth());
        const int cn = image.channels();
        // The colour in the image's channel order, as a fraction of white.
        std::vector<float> colour(static_cast<size_t>(cn));
        if (cn == 1)
            colour[0] = float((0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255.0);
        else
            for (int c = 0; c < 3; ++c)
                colour[size_t(c)] = float(rgb[2 - c] / 255.0);
        cv::Mat f;
        image.convertTo(f, CV_32F, 1.0 / top);
        if (rain) {
            const cv::Mat drops = rainDrops(layer);
            const float k = float(v.at("intensity").get<double>());
            for (int y = 0; y < f.rows; ++y) {
                float* px = f.ptr<float>(y);
                const float* d = drops.ptr<float>(y);
                for (int x = 0; x < f.cols; ++x)
                    for (int c = 0; c < cn; ++c)
                        px[x * cn + c] += d[x] * colour[size_t(c)] * k;
            }
        } else {
            const cv::Mat m = mudAmount(layer, threshold, sigma);
            for (int y = 0; y < f.rows; ++y) {
                float* px = f.ptr<float>(y);
                const float* a = m.ptr<float>(y);
                for (int x = 0; x < f.cols; ++x) {
                    const float w = std::clamp(a[x], 0.0f, 1.0f);
                    for (int c = 0; c < cn; ++c)
                        px[x * cn + c] = px[x * cn + c] * (1.0f - w) + w * colour[size_t(c)];
                }
            }
        }
        cv::min(cv::max(f, 0.0), 1.0, f);
        f.convertTo(image, image.depth(), top);
    });
}

TransformInfo Spatter::info() {
    return pixel::info(
        "image.spatter",
        "Rain or mud spatter on the lens, from a blurred random liquid layer (Albumentations "
        "Spatter)",
        {rangeParam("mean", 0.65, 0.65, 0, 1, "mean of the liquid layer's normal field", "", 0.01),
         rangeParam("std", 0.3, 0.3, 0, 1, "standard deviation of the liquid layer's field", "",
                    0.01),
         rangeParam("gauss_sigma", 2, 2, 0.1, 20, "blur of the liquid layer", "px", 0.1),
         rangeParam("cutout_threshold", 0.68, 0.68, 0, 1,
                    "the layer is cut to zero below this level", "", 0.01),
         rangeParam("intensity", 0.6, 0.6, 0, 1, "strength of the rain drops", "", 0.01),
         enumParam("mode", "rain", {"rain", "mud", "random"},
                   "rain drops, mud, or either at random"),
         floatListParam("color", {0, 0, 0}, 0, 255,
                        "spatter colour R, G, B in 8-bit levels; [0, 0, 0] keeps the mode's "
                        "(rain 238, 238, 175; mud 20, 42, 63)")},
        factoryOf<Spatter>());
}

} // namespace augstudio::core

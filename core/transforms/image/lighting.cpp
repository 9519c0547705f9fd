#include "core/transforms/image/lighting.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace augstudio::core {

// --- illumination ------------------------------------------------------------------------

Illumination::Illumination(const ParamSet& p)
    : mode_(p.s("mode")), effect_(p.s("effect")), intensity_(p.range("intensity")),
      angle_(p.range("angle")), centre_(p.range("centre")), sigma_(p.range("sigma")) {}

Values Illumination::draw(Rng& rng, const SampleInfo&) const {
    double intensity = rng.uniform(intensity_.lo, intensity_.hi);
    const bool darken = effect_ == "darken" || (effect_ == "both" && rng.bernoulli(0.5));
    if (darken)
        intensity = -intensity;
    Values v = makeValues({{"intensity", intensity}, {"mode", mode_}});
    if (mode_ == "linear")
        v["angle"] = rng.uniform(angle_.lo, angle_.hi);
    else if (mode_ == "corner")
        v["corner"] = rng.integer(0, 3);
    else {
        v["centre_x"] = rng.uniform(centre_.lo, centre_.hi);
        v["centre_y"] = rng.uniform(centre_.lo, centre_.hi);
        v["sigma"] = rng.uniform(sigma_.lo, sigma_.hi);
    }
    return v;
}

void Illumination::applyTo(ImageSample& s, const Values& v) const {
    const double intensity = v.at("intensity").get<double>();
    if (intensity == 0.0)
        return;
    const std::string mode = v.at("mode").get<std::string>();
    const int w = s.image.cols, h = s.image.rows;
    cv::Mat gain(h, w, CV_32F);
    if (mode == "linear") {
        // A ramp from -1 to 1 along the angle's direction, over the image's extent.
        const double a = v.at("angle").get<double>() * std::numbers::pi / 180.0;
        const double dx = std::cos(a), dy = std::sin(a);
        const double c[4] = {0, dx * (w - 1), dy * (h - 1), dx * (w - 1) + dy * (h - 1)};
        const double lo = *std::min_element(c, c + 4), hi = *std::max_element(c, c + 4);
        const double span = hi > lo ? hi - lo : 1.0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                gain.at<float>(y, x) =
                    float(1 + intensity * (2 * ((x * dx + y * dy - lo) / span) - 1));
    } else if (mode == "corner") {
        const int corner = v.at("corner").get<int>(); // 0 top-left, 1 top-right, 2 bottom-right
        const double cx = corner == 1 || corner == 2 ? w - 1 : 0;
        const double cy = corner >= 2 ? h - 1 : 0;
        const double diagonal = std::max(1.0, std::hypot(w - 1, h - 1));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                gain.at<float>(y, x) =
                    float(1 + intensity * (1 - std::hypot(x - cx, y - cy) / diagonal));
    } else {
        const double cx = v.at("centre_x").get<double>() * w,
                     cy = v.at("centre_y").get<double>() * h;
        const double sigma = std::max(1e-6, v.at("sigma").get<double>() * std::max(w, h));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const double d2 = (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy);
                gain.at<float>(y, x) = float(1 + intensity * std::exp(-d2 / (2 * sigma * sigma)));
            }
    }
    pixel::multiplyByGain(s.image, gain);
}

TransformInfo Illumination::info() {
    return pixel::info(
        "image.illumination", "Lighting patterns: a linear ramp, a lit corner or a Gaussian spot",
        {enumParam("mode", "linear", {"linear", "corner", "gaussian"}, "shape of the light"),
         enumParam("effect", "both", {"brighten", "darken", "both"},
                   "brighten, darken, or either (drawn)"),
         rangeParam("intensity", 0.01, 0.2, 0, 1,
                    "strength drawn from [lo, hi], as a fraction of the level (0 unchanged)", "",
                    0.005),
         rangeParam("angle", 0, 360, 0, 360, "linear: direction of the ramp drawn from [lo, hi]",
                    "deg", 1),
         rangeParam("centre", 0.1, 0.9, 0, 1,
                    "gaussian: spot centre, as fractions of width and height, drawn from [lo, "
                    "hi]",
                    "", 0.01),
         rangeParam("sigma", 0.2, 1.0, 0.01, 10,
                    "gaussian: spot size as a fraction of the larger side, drawn from [lo, hi]", "",
                    0.01)},
        factoryOf<Illumination>());
}

// --- planckian_jitter --------------------------------------------------------------------

PlanckianJitter::PlanckianJitter(const ParamSet& p)
    : daylight_(p.s("mode") == "cied"), temperature_(p.range("temperature")),
      gaussian_(p.s("sampling") == "gaussian") {}

namespace {

// CIE 1931 chromaticity of a blackbody (Kang et al. 2002), 1667 K to 25000 K.
cv::Point2d blackbodyXy(double t) {
    t = std::clamp(t, 1667.0, 25000.0);
    const double t2 = t * t, t3 = t2 * t;
    const double x = t <= 4000 ? -0.2661239e9 / t3 - 0.2343589e6 / t2 + 0.8776956e3 / t + 0.179910
                               : -3.0258469e9 / t3 + 2.1070379e6 / t2 + 0.2226347e3 / t + 0.240390;
    const double x2 = x * x, x3 = x2 * x;
    const double y = t <= 2222   ? -1.1063814 * x3 - 1.34811020 * x2 + 2.18555832 * x - 0.20219683
                     : t <= 4000 ? -0.9549476 * x3 - 1.37418593 * x2 + 2.09137015 * x - 0.16748867
                                 : 3.0817580 * x3 - 5.87338670 * x2 + 3.75112997 * x - 0.37001483;
    return {x, y};
}

// CIE daylight illuminant chromaticity (CIE 015), 4000 K to 25000 K.
cv::Point2d daylightXy(double t) {
    t = std::clamp(t, 4000.0, 25000.0);
    const double t2 = t * t, t3 = t2 * t;
    const double x = t <= 7000 ? -4.6070e9 / t3 + 2.9678e6 / t2 + 0.09911e3 / t + 0.244063
                               : -2.0064e9 / t3 + 1.9018e6 / t2 + 0.24748e3 / t + 0.237040;
    return {x, -3.0 * x * x + 2.870 * x - 0.275};
}

// Linear sRGB (R, G, B) of chromaticity xy at luminance 1.
cv::Vec3d linearRgbOf(cv::Point2d xy) {
    const double X = xy.x / xy.y, Y = 1.0, Z = (1.0 - xy.x - xy.y) / xy.y;
    return {3.2406 * X - 1.5372 * Y - 0.4986 * Z, -0.9689 * X + 1.8758 * Y + 0.0415 * Z,
            0.0557 * X - 0.2040 * Y + 1.0570 * Z};
}

} // namespace

cv::Vec3d PlanckianJitter::gains(double kelvin, bool daylight) {
    auto rgb = [daylight](double t) {
        const cv::Vec3d c = linearRgbOf(daylight ? daylightXy(t) : blackbodyXy(t));
        return cv::Vec3d(std::max(0.0, c[0] / c[1]), 1.0, std::max(0.0, c[2] / c[1]));
    };
    const cv::Vec3d at = rgb(kelvin), white = rgb(6500.0);
    return {at[0] / white[0], 1.0, at[2] / white[2]};
}

Values PlanckianJitter::draw(Rng& rng, const SampleInfo&) const {
    double t;
    if (gaussian_) {
        // Centred on 6500 K (neutral), a sixth of the range as standard deviation, clipped.
        t = std::clamp(rng.normal(6500.0, (temperature_.hi - temperature_.lo) / 6.0),
                       temperature_.lo, temperature_.hi);
    } else {
        t = rng.uniform(temperature_.lo, temperature_.hi);
    }
    return {{"temperature", t}};
}

void PlanckianJitter::applyTo(ImageSample& s, const Values& v) const {
    const double t = v.at("temperature").get<double>();
    if (t == 6500.0 || pixel::colourChannels(s.image) != 3)
        return;
    const cv::Vec3d g = gains(t, daylight_);
    const double scale[3] = {g[2], g[1], g[0]}; // B, G, R
    pixel::mapChannelValues(s.image, [&](int c, double value) { return value * scale[c]; });
}

TransformInfo PlanckianJitter::info() {
    return pixel::info(
        "image.planckian_jitter",
        "White-balance jitter: the colour cast of a drawn blackbody or daylight temperature",
        {enumParam("mode", "blackbody", {"blackbody", "cied"},
                   "blackbody (Planckian locus) or CIE daylight illuminants (4000 K and up)"),
         rangeParam("temperature", 3000, 15000, 1667, 25000,
                    "colour temperature drawn from [lo, hi]; 6500 K leaves the image unchanged",
                    "K", 50),
         enumParam("sampling", "uniform", {"uniform", "gaussian"},
                   "uniform over the range, or Gaussian around 6500 K")},
        factoryOf<PlanckianJitter>());
}

} // namespace augstudio::core

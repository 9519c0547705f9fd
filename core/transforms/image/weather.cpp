#include "core/transforms/image/weather.h"

#include "core/transforms/image/pixelops.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace augstudio::core {

namespace {

// A region of interest given as [x1, y1, x2, y2] fractions of the image.
std::vector<double> readRoi(const ParamSet& p) {
    std::vector<double> roi = p.list("roi");
    if (roi.size() != 4 || roi[0] > roi[2] || roi[1] > roi[3])
        throw Error("roi", "expected [x1, y1, x2, y2] fractions with x1 <= x2 and y1 <= y2");
    return roi;
}

ParamSpec roiParam(std::vector<double> def, const char* what) {
    return floatListParam("roi", std::move(def), 0, 1,
                          std::string("region where ") + what +
                              " may appear: [x1, y1, x2, y2] as fractions of the image");
}

// Blends a filled circle of grey level `level` into the image with opacity `alpha`,
// touching only the circle's bounding rectangle.
void blendCircle(cv::Mat& image, cv::Point2d centre, double radius, double level, double alpha) {
    const int r = std::max(1, int(std::lround(radius)));
    const cv::Point c(int(std::lround(centre.x)), int(std::lround(centre.y)));
    const cv::Rect box =
        cv::Rect(c.x - r, c.y - r, 2 * r + 1, 2 * r + 1) & cv::Rect(0, 0, image.cols, image.rows);
    if (box.empty() || alpha <= 0)
        return;
    cv::Mat roi = image(box);
    cv::Mat overlay = roi.clone();
    cv::circle(overlay, c - box.tl(), r, cv::Scalar::all(level), cv::FILLED, cv::LINE_AA);
    cv::addWeighted(overlay, alpha, roi, 1.0 - alpha, 0.0, roi);
}

// Blends the colour channels towards white by the per-pixel opacity, in one pass.
template <class T> void haze(cv::Mat& image, const cv::Mat& opacity) {
    const int channels = image.channels(), cn = pixel::colourChannels(image);
    const float top = float(pixel::maxValue(image.depth()));
    for (int y = 0; y < image.rows; ++y) {
        T* row = image.ptr<T>(y);
        const float* a = opacity.ptr<float>(y);
        for (int x = 0; x < image.cols; ++x)
            for (int c = 0; c < cn; ++c) {
                T& v = row[x * channels + c];
                v = cv::saturate_cast<T>(float(v) + a[x] * (top - float(v)));
            }
    }
}

} // namespace

// --- fog ---------------------------------------------------------------------------------

Fog::Fog(const ParamSet& p) : coef_(p.range("fog_coef")), patchiness_(p.f("patchiness")) {}

Values Fog::draw(Rng& rng, const SampleInfo&) const {
    return {{"fog_coef", rng.uniform(coef_.lo, coef_.hi)}, {"seed", pixel::drawSeed(rng)}};
}

void Fog::applyTo(ImageSample& s, const Values& v) const {
    const double coef = v.at("fog_coef").get<double>();
    if (coef <= 0.0)
        return;
    // A smooth random field: an 8x8 grid of uniform values, enlarged with cubic interpolation.
    cv::Mat grid(8, 8, CV_32F), field;
    Rng rng(v.at("seed").get<uint64_t>());
    for (auto it = grid.begin<float>(), end = grid.end<float>(); it != end; ++it)
        *it = float(rng.uniform());
    cv::resize(grid, field, s.image.size(), 0, 0, cv::INTER_CUBIC);
    // Haze opacity: up to 0.8 where the fog is densest.
    cv::Mat opacity = 0.8 * coef * (1.0 - patchiness_ * field);
    cv::max(opacity, 0.0, opacity);
    cv::Mat& im = s.image;
    switch (im.depth()) {
    case CV_8U:
        haze<uint8_t>(im, opacity);
        break;
    case CV_16U:
        haze<uint16_t>(im, opacity);
        break;
    case CV_32F:
        haze<float>(im, opacity);
        break;
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
    const double sigma = coef * std::min(im.cols, im.rows) / 300.0;
    if (sigma > 0.3)
        pixel::onColour(
            im, [sigma](cv::Mat& colour) { cv::GaussianBlur(colour, colour, cv::Size(), sigma); });
}

TransformInfo Fog::info() {
    return pixel::info(
        "image.fog", "Patchy white fog",
        {rangeParam("fog_coef", 0.3, 1, 0, 1, "fog density drawn from [lo, hi] (0 unchanged)", "",
                    0.05),
         floatParam("patchiness", 0.5, 0, 1, "how uneven the fog is: 0 uniform haze, 1 clear gaps",
                    "", 0.05)},
        factoryOf<Fog>());
}

// --- rain --------------------------------------------------------------------------------

Rain::Rain(const ParamSet& p)
    : slant_(p.range("slant")), length_(int(p.i("drop_length"))), width_(int(p.i("drop_width"))),
      blur_(int(p.i("blur"))), density_(p.f("density")), level_(p.f("drop_level")),
      brightness_(p.f("brightness")) {}

Values Rain::draw(Rng& rng, const SampleInfo&) const {
    return {{"slant", rng.uniform(slant_.lo, slant_.hi)}, {"seed", pixel::drawSeed(rng)}};
}

void Rain::applyTo(ImageSample& s, const Values& v) const {
    const double slant = v.at("slant").get<double>();
    Rng rng(v.at("seed").get<uint64_t>());
    const int w = s.image.cols, h = s.image.rows;
    const int64_t drops = std::llround(density_ * w * h);
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        const cv::Scalar level = cv::Scalar::all(level_ * pixel::levelScale(colour.depth()));
        const cv::Point2d step(slant, length_);
        for (int64_t i = 0; i < drops; ++i) {
            const cv::Point2d start(rng.uniform(0, w), rng.uniform(0, std::max(1, h - length_)));
            cv::line(colour, cv::Point(start), cv::Point(start + step), level, width_, cv::LINE_8);
        }
        if (blur_ > 1)
            cv::blur(colour, colour, cv::Size(blur_, blur_));
        if (brightness_ != 1.0)
            colour.convertTo(colour, -1, brightness_);
    });
}

TransformInfo Rain::info() {
    return pixel::info(
        "image.rain", "Rain streaks over a darkened scene",
        {rangeParam("slant", -10, 10, -50, 50,
                    "horizontal travel of each drop, drawn from [lo, hi] (negative: to the left)",
                    "px", 1),
         intParam("drop_length", 20, 1, 200, "length of a drop", "px"),
         intParam("drop_width", 1, 1, 10, "thickness of a drop", "px"),
         floatParam("density", 0.0016, 0, 0.05, "drops per pixel of the image", "", 0.0001),
         floatParam("drop_level", 200, 0, 255, "grey level of the drops in 8-bit levels", "level",
                    1),
         intParam("blur", 7, 1, 31, "box blur size applied after the drops (1: none)", "px"),
         floatParam("brightness", 0.7, 0, 1, "the scene's levels are multiplied by this", "",
                    0.05)},
        factoryOf<Rain>());
}

// --- shadow ------------------------------------------------------------------------------

Shadow::Shadow(const ParamSet& p)
    : count_(p.intRange("num_shadows")), vertices_(int(p.i("vertices"))), roi_(readRoi(p)),
      intensity_(p.range("intensity")) {}

Values Shadow::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json shadows = nlohmann::json::array();
    const int64_t n = rng.integer(count_.lo, count_.hi);
    for (int64_t i = 0; i < n; ++i) {
        nlohmann::json points = nlohmann::json::array();
        for (int k = 0; k < vertices_; ++k) {
            const double x = rng.uniform(roi_[0] * info.width, roi_[2] * info.width);
            const double y = rng.uniform(roi_[1] * info.height, roi_[3] * info.height);
            points.push_back({std::lround(x), std::lround(y)});
        }
        shadows.push_back(
            {{"points", points}, {"intensity", rng.uniform(intensity_.lo, intensity_.hi)}});
    }
    return {{"shadows", shadows}};
}

void Shadow::applyTo(ImageSample& s, const Values& v) const {
    const nlohmann::json& shadows = v.at("shadows");
    if (shadows.empty())
        return;
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        for (const auto& shadow : shadows) {
            std::vector<cv::Point> pts;
            for (const auto& p : shadow.at("points"))
                pts.emplace_back(p[0].get<int>(), p[1].get<int>());
            const cv::Rect box = cv::boundingRect(pts) & cv::Rect(0, 0, colour.cols, colour.rows);
            if (box.empty())
                continue;
            cv::Mat mask = cv::Mat::zeros(box.size(), CV_8U);
            const cv::Point* poly = pts.data();
            const int count = int(pts.size());
            cv::fillPoly(mask, &poly, &count, 1, cv::Scalar(255), cv::LINE_8, 0, -box.tl());
            cv::Mat roi = colour(box), dark;
            roi.convertTo(dark, -1, 1.0 - shadow.at("intensity").get<double>());
            dark.copyTo(roi, mask);
        }
    });
}

TransformInfo Shadow::info() {
    return pixel::info(
        "image.shadow", "Darkened random polygons",
        {intRangeParam("num_shadows", 1, 2, 0, 10, "number of shadows, drawn from [lo, hi]", ""),
         intParam("vertices", 5, 3, 20, "corners of each shadow polygon", ""),
         roiParam({0, 0.5, 1, 1}, "shadow corners"),
         rangeParam("intensity", 0.5, 0.5, 0, 1,
                    "darkening drawn from [lo, hi]: levels in a shadow are multiplied by "
                    "1 - intensity",
                    "", 0.05)},
        factoryOf<Shadow>());
}

// --- sun_flare ---------------------------------------------------------------------------

SunFlare::SunFlare(const ParamSet& p)
    : roi_(readRoi(p)), angle_(p.range("angle")), circles_(p.intRange("circles")),
      radius_(p.f("radius")), level_(p.f("level")) {}

Values SunFlare::draw(Rng& rng, const SampleInfo& info) const {
    const double x = rng.uniform(roi_[0] * info.width, roi_[2] * info.width);
    const double y = rng.uniform(roi_[1] * info.height, roi_[3] * info.height);
    const double angle = 2.0 * std::numbers::pi * rng.uniform(angle_.lo, angle_.hi);
    // Circles sit at points every 10 px along the line through the source (Albumentations).
    const int stops = std::max(1, (info.width + 9) / 10);
    const int64_t maxRad = std::max(info.height / 100 - 2, 2);
    nlohmann::json circles = nlohmann::json::array();
    const int64_t n = rng.integer(circles_.lo, circles_.hi);
    for (int64_t i = 0; i < n; ++i) {
        const double alpha = rng.uniform(0.05, 0.2);
        const double t = -x + 10.0 * double(rng.integer(0, stops - 1));
        const int64_t rad = rng.integer(1, maxRad);
        const double level = rng.uniform(std::max(0.0, level_ - 50), level_);
        circles.push_back({x + t * std::cos(angle), y + t * std::sin(angle),
                           double(rad * rad * rad), alpha, level});
    }
    return {{"x", x}, {"y", y}, {"angle", angle * 180.0 / std::numbers::pi}, {"circles", circles}};
}

void SunFlare::applyTo(ImageSample& s, const Values& v) const {
    const cv::Point2d source(v.at("x").get<double>(), v.at("y").get<double>());
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        const double scale = pixel::levelScale(colour.depth());
        for (const auto& c : v.at("circles"))
            blendCircle(colour, {c[0].get<double>(), c[1].get<double>()}, c[2].get<double>(),
                        c[4].get<double>() * scale, c[3].get<double>());
        // The source: concentric discs, opaque at the centre and fading outwards.
        const double radius = std::max(1.0, radius_ * colour.cols);
        const int rings = std::max(2, int(radius / 10));
        for (int i = 0; i < rings; ++i) {
            const double t = double(rings - 1 - i) / (rings - 1);
            const double r = 1.0 + (radius - 1.0) * i / (rings - 1);
            blendCircle(colour, source, r, level_ * scale, t * t * t);
        }
    });
}

TransformInfo SunFlare::info() {
    return pixel::info(
        "image.sun_flare", "A sun flare: bright source and translucent circles",
        {roiParam({0, 0, 1, 0.5}, "the flare source"),
         rangeParam("angle", 0, 1, 0, 1, "direction of the circles drawn from [lo, hi], in turns",
                    "turn", 0.01),
         intRangeParam("circles", 6, 10, 0, 50, "number of flare circles, drawn from [lo, hi]", ""),
         floatParam("radius", 0.4, 0.01, 2, "radius of the source glow, as a fraction of the width",
                    "", 0.01),
         floatParam("level", 255, 0, 255, "grey level of the flare in 8-bit levels", "level", 1)},
        factoryOf<SunFlare>());
}

// --- snow --------------------------------------------------------------------------------

Snow::Snow(const ParamSet& p) : snowPoint_(p.range("snow_point")), brightness_(p.f("brightness")) {}

Values Snow::draw(Rng& rng, const SampleInfo&) const {
    return {{"snow_point", rng.uniform(snowPoint_.lo, snowPoint_.hi)}};
}

void Snow::applyTo(ImageSample& s, const Values& v) const {
    // Albumentations: lightness below snow_point * 127.5 + 85 (8-bit) is multiplied.
    const double threshold = v.at("snow_point").get<double>() * 127.5 + 85.0;
    const double gain = brightness_;
    cv::Mat& im = s.image;
    if (pixel::colourChannels(im) == 1) {
        const double t = threshold * pixel::levelScale(im.depth());
        pixel::mapValues(im, [=](double x) { return x < t ? x * gain : x; });
        return;
    }
    pixel::inColourSpace(im, cv::COLOR_BGR2HLS, cv::COLOR_HLS2BGR, [&](cv::Mat& hls) {
        if (hls.depth() == CV_8U) {
            cv::Mat table(1, 256, CV_8UC3);
            for (int x = 0; x < 256; ++x)
                table.at<cv::Vec3b>(x) = cv::Vec3b(
                    uint8_t(x), x < threshold ? cv::saturate_cast<uint8_t>(x * gain) : uint8_t(x),
                    uint8_t(x));
            pixel::lookUp(hls, table);
            return;
        }
        const float t = float(threshold / 255.0), g = float(gain);
        for (int y = 0; y < hls.rows; ++y) {
            auto* row = hls.ptr<cv::Vec3f>(y);
            for (int x = 0; x < hls.cols; ++x)
                if (row[x][1] < t)
                    row[x][1] = std::min(1.0f, row[x][1] * g);
        }
    });
}

TransformInfo Snow::info() {
    return pixel::info(
        "image.snow", "Snow: brightens the darker parts of the scene",
        {rangeParam("snow_point", 0.1, 0.3, 0, 1, "amount of snow drawn from [lo, hi]", "", 0.01),
         floatParam("brightness", 2.5, 1, 10,
                    "factor applied to the lightness under the snow threshold", "", 0.1)},
        factoryOf<Snow>());
}

} // namespace augstudio::core

#include "core/transforms/image/degrade.h"

#include "core/transforms/image/geometry.h"
#include "core/transforms/image/pixelops.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace augstudio::core {

// --- jpeg_compression --------------------------------------------------------------------

JpegCompression::JpegCompression(const ParamSet& p) : quality_(p.intRange("quality")) {}

Values JpegCompression::draw(Rng& rng, const SampleInfo&) const {
    return {{"quality", rng.integer(quality_.lo, quality_.hi)}};
}

void JpegCompression::applyTo(ImageSample& s, const Values& v) const {
    const int quality = v.at("quality").get<int>();
    pixel::onColour(s.image, [quality](cv::Mat& colour) {
        // JPEG is 8-bit: deeper images pass through 8 bits and come back to their depth.
        const int depth = colour.depth();
        const double top = pixel::maxValue(depth);
        cv::Mat eight = colour;
        if (depth != CV_8U)
            colour.convertTo(eight, CV_8U, 255.0 / top);
        std::vector<uint8_t> bytes;
        cv::imencode(".jpg", eight, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
        cv::Mat decoded = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
        if (depth != CV_8U)
            decoded.convertTo(colour, depth, top / 255.0);
        else
            colour = decoded;
    });
}

TransformInfo JpegCompression::info() {
    return pixel::info("image.jpeg_compression", "JPEG compression artefacts at a random quality",
                       {intRangeParam("quality", 50, 99, 1, 100,
                                      "JPEG quality drawn from [lo, hi] (16-bit and float images "
                                      "pass through 8 bits)",
                                      "")},
                       factoryOf<JpegCompression>());
}

// --- downscale ---------------------------------------------------------------------------

Downscale::Downscale(const ParamSet& p)
    : scale_(p.range("scale")), down_(geometry::cvInterpolation(p.s("interpolation_down"))),
      up_(geometry::cvInterpolation(p.s("interpolation_up"))) {}

Values Downscale::draw(Rng& rng, const SampleInfo&) const {
    return {{"scale", rng.uniform(scale_.lo, scale_.hi)}};
}

void Downscale::applyTo(ImageSample& s, const Values& v) const {
    const double scale = v.at("scale").get<double>();
    if (scale >= 1.0)
        return;
    const cv::Size full = s.image.size();
    const cv::Size small(std::max(1, int(std::lround(full.width * scale))),
                         std::max(1, int(std::lround(full.height * scale))));
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        cv::Mat reduced;
        cv::resize(colour, reduced, small, 0, 0, down_);
        cv::resize(reduced, colour, full, 0, 0, up_);
    });
}

TransformInfo Downscale::info() {
    auto interpolation = [](const char* name, const char* def, const char* help) {
        ParamSpec p = interpolationParam(def);
        p.name = name;
        p.help = help;
        return p;
    };
    return pixel::info(
        "image.downscale", "Lose resolution: shrink by a random scale and enlarge back",
        {rangeParam("scale", 0.25, 0.5, 0.01, 1,
                    "size factor of the reduced image, drawn from [lo, hi] (1 unchanged)", "",
                    0.01),
         interpolation("interpolation_down", "nearest", "interpolation when shrinking"),
         interpolation("interpolation_up", "linear", "interpolation when enlarging back")},
        factoryOf<Downscale>());
}

} // namespace augstudio::core

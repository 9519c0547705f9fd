#include "core/transforms/image/perspective.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace augstudio::core {

Perspective::Perspective(const ParamSet& p)
    : scale_(p.range("scale")), keepSize_(p.b("keep_size")),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values Perspective::draw(Rng& rng, const SampleInfo&) const {
    const double sigma = rng.uniform(scale_.lo, scale_.hi);
    // Inward offsets of the corners, as fractions of width (x) and height (y).
    nlohmann::json corners = nlohmann::json::array();
    for (int i = 0; i < 4; ++i) {
        const double x = std::fmod(std::abs(rng.normal(0.0, sigma)), 0.32);
        const double y = std::fmod(std::abs(rng.normal(0.0, sigma)), 0.32);
        corners.push_back({x, y});
    }
    return {{"scale", sigma}, {"corners", corners}};
}

void Perspective::applyTo(ImageSample& s, const Values& v) const {
    WarpStep step;
    if (!warpOf(v, s.image.size(), step) || step.interpolation < 0)
        return;
    geometry::warpPerspective(s, step.matrix, step.size, interpolation_, border_, fill_);
}

bool Perspective::warpOf(const Values& v, cv::Size input, WarpStep& result) const {
    const int w = input.width, h = input.height;
    const nlohmann::json& c = v.at("corners");
    bool identity = true;
    for (const auto& corner : c)
        identity = identity && corner[0].get<double>() == 0 && corner[1].get<double>() == 0;
    if (identity || w < 2 || h < 2) {
        result = geometry::identityStep(input);
        return true;
    }
    const double W = w - 1, H = h - 1; // pixel-centre extent
    // Corners in the order top-left, top-right, bottom-right, bottom-left, moved inwards.
    const cv::Point2f src[4] = {
        {float(c[0][0].get<double>() * W), float(c[0][1].get<double>() * H)},
        {float(W - c[1][0].get<double>() * W), float(c[1][1].get<double>() * H)},
        {float(W - c[2][0].get<double>() * W), float(H - c[2][1].get<double>() * H)},
        {float(c[3][0].get<double>() * W), float(H - c[3][1].get<double>() * H)}};
    cv::Size out(w, h);
    if (!keepSize_) {
        // The quadrilateral's longest edges give the output size (Albumentations keep_size off).
        const double top = cv::norm(src[1] - src[0]), bottom = cv::norm(src[2] - src[3]);
        const double left = cv::norm(src[3] - src[0]), right = cv::norm(src[2] - src[1]);
        out = {std::max(1, int(std::lround(std::max(top, bottom))) + 1),
               std::max(1, int(std::lround(std::max(left, right))) + 1)};
    }
    const float ow = float(out.width - 1), oh = float(out.height - 1);
    const cv::Point2f dst[4] = {{0, 0}, {ow, 0}, {ow, oh}, {0, oh}};
    const cv::Matx33d m = cv::getPerspectiveTransform(src, dst);
    result = geometry::resampleStep(m, out, interpolation_, border_, fill_);
    return true;
}

TransformInfo Perspective::info() {
    return {"image.perspective",
            Modality::Image,
            "spatial",
            "Random four-point perspective: corners move inwards by |N(0, scale)| of the size",
            {rangeParam("scale", 0.05, 0.1, 0, 1,
                        "standard deviation of the corner offsets, as a fraction of the image "
                        "size, drawn from [lo, hi]",
                        "", 0.01),
             boolParam("keep_size", true,
                       "stretch the result back to the input size; false keeps the size of "
                       "the warped quadrilateral"),
             interpolationParam(), borderModeParam(), fillParam()},
            0.5,
            factoryOf<Perspective>()};
}

} // namespace augstudio::core

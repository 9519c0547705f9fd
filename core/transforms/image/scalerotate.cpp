#include "core/transforms/image/scalerotate.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace augstudio::core {

// --- shift_scale_rotate ------------------------------------------------------------------

ShiftScaleRotate::ShiftScaleRotate(const ParamSet& p)
    : shiftX_(p.range("shift_x")), shiftY_(p.range("shift_y")), scale_(p.range("scale")),
      rotate_(p.range("rotate")), interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values ShiftScaleRotate::draw(Rng& rng, const SampleInfo&) const {
    const double angle = rng.uniform(rotate_.lo, rotate_.hi);
    const double scale = rng.uniform(scale_.lo, scale_.hi);
    const double dx = rng.uniform(shiftX_.lo, shiftX_.hi);
    const double dy = rng.uniform(shiftY_.lo, shiftY_.hi);
    return makeValues({{"angle", angle}, {"dx", dx}, {"dy", dy}, {"scale", scale}});
}

void ShiftScaleRotate::applyTo(ImageSample& s, const Values& v) const {
    WarpStep step;
    if (!warpOf(v, s.image.size(), step) || step.interpolation < 0)
        return;
    geometry::warpAffine(s, cv::Matx23d(step.matrix.val), step.size, interpolation_, border_,
                         fill_);
}

bool ShiftScaleRotate::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    const double angle = v.at("angle").get<double>(), scale = v.at("scale").get<double>(),
                 dx = v.at("dx").get<double>(), dy = v.at("dy").get<double>();
    if (angle == 0 && scale == 1 && dx == 0 && dy == 0) {
        out = geometry::identityStep(input);
        return true;
    }
    const cv::Point2f centre((input.width - 1) * 0.5f, (input.height - 1) * 0.5f);
    cv::Matx23d m = cv::getRotationMatrix2D(centre, angle, scale);
    m(0, 2) += dx * input.width;
    m(1, 2) += dy * input.height;
    out = geometry::resampleStep(m, input, interpolation_, border_, fill_);
    return true;
}

TransformInfo ShiftScaleRotate::info() {
    return {
        "image.shift_scale_rotate",
        Modality::Image,
        "spatial",
        "Rotate and zoom about the centre, then shift, in one warp (Albumentations "
        "ShiftScaleRotate)",
        {rangeParam("shift_x", -0.0625, 0.0625, -1, 1,
                    "horizontal shift drawn from [lo, hi], as a fraction of the width", "", 0.005),
         rangeParam("shift_y", -0.0625, 0.0625, -1, 1,
                    "vertical shift drawn from [lo, hi], as a fraction of the height", "", 0.005),
         rangeParam("scale", 0.9, 1.1, 0.05, 10,
                    "zoom factor drawn from [lo, hi] (Albumentations scale_limit l is "
                    "[1 - l, 1 + l])",
                    "x", 0.01),
         rangeParam("rotate", -45, 45, -180, 180,
                    "angle drawn from [lo, hi], counter-clockwise positive", "deg", 0.5),
         interpolationParam(), borderModeParam(), fillParam()},
        0.5,
        factoryOf<ShiftScaleRotate>()};
}

// --- safe_rotate -------------------------------------------------------------------------

SafeRotate::SafeRotate(const ParamSet& p)
    : degrees_(p.range("degrees")), interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values SafeRotate::draw(Rng& rng, const SampleInfo&) const {
    return {{"angle", rng.uniform(degrees_.lo, degrees_.hi)}};
}

void SafeRotate::applyTo(ImageSample& s, const Values& v) const {
    const double angle = v.at("angle").get<double>();
    if (angle == 0.0)
        return;
    const double w = s.image.cols, h = s.image.rows;
    const double a = angle * CV_PI / 180.0, c = std::cos(a), sn = std::sin(a);
    // The rotated image's bounding size, squeezed back into w x h axis by axis.
    const double sx = w / (std::abs(c) * w + std::abs(sn) * h);
    const double sy = h / (std::abs(sn) * w + std::abs(c) * h);
    const double cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
    const cv::Matx33d toOrigin(1, 0, -cx, 0, 1, -cy, 0, 0, 1);
    const cv::Matx33d rotation(c, sn, 0, -sn, c, 0, 0, 0, 1);
    const cv::Matx33d squeeze(sx, 0, 0, 0, sy, 0, 0, 0, 1);
    const cv::Matx33d back(1, 0, cx, 0, 1, cy, 0, 0, 1);
    const cv::Matx33d m = back * squeeze * rotation * toOrigin;
    geometry::warpAffine(s, cv::Matx23d(m.val), s.image.size(), interpolation_, border_, fill_);
}

TransformInfo SafeRotate::info() {
    return {"image.safe_rotate",
            Modality::Image,
            "spatial",
            "Rotate by a random angle into a canvas holding the whole rotated image, resized "
            "back to the input size (nothing is cut off)",
            {rangeParam("degrees", -90, 90, -180, 180, "angle drawn uniformly from [lo, hi]", "deg",
                        0.5),
             interpolationParam(), borderModeParam(), fillParam()},
            0.5,
            factoryOf<SafeRotate>()};
}

} // namespace augstudio::core

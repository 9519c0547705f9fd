#include "core/transforms/image/affine.h"

#include "core/transforms/image/geometry.h"

#include <cmath>

namespace augstudio::core {

Affine::Affine(const ParamSet& p)
    : rotate_(p.range("rotate")), scale_(p.range("scale")), translateX_(p.range("translate_x")),
      translateY_(p.range("translate_y")), shearX_(p.range("shear_x")), shearY_(p.range("shear_y")),
      translatePxX_(p.intRange("translate_px_x")), translatePxY_(p.intRange("translate_px_y")),
      keepRatio_(p.b("keep_ratio")),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values Affine::draw(Rng& rng, const SampleInfo& info) const {
    const double angle = rng.uniform(rotate_.lo, rotate_.hi);
    const double scaleX = rng.uniform(scale_.lo, scale_.hi);
    const double scaleY = keepRatio_ ? scaleX : rng.uniform(scale_.lo, scale_.hi);
    // Pixel shifts, when given, replace the fractions (Keras integer width_shift_range).
    auto shift = [&](const IntRange& px, const Range& fraction, int extent) {
        if (px.lo != 0 || px.hi != 0)
            return double(rng.integer(px.lo, px.hi));
        return rng.uniform(fraction.lo, fraction.hi) * extent;
    };
    const double tx = shift(translatePxX_, translateX_, info.width);
    const double ty = shift(translatePxY_, translateY_, info.height);
    const double shearX = rng.uniform(shearX_.lo, shearX_.hi);
    const double shearY = rng.uniform(shearY_.lo, shearY_.hi);
    return {{"angle", angle}, {"scale_x", scaleX}, {"scale_y", scaleY}, {"tx_px", tx},
            {"ty_px", ty},    {"shear_x", shearX}, {"shear_y", shearY}};
}

void Affine::applyTo(ImageSample& s, const Values& v) const {
    WarpStep step;
    if (!warpOf(v, s.image.size(), step) || step.interpolation < 0)
        return;
    geometry::warpAffine(s, cv::Matx23d(step.matrix.val), step.size, interpolation_, border_,
                         fill_);
}

bool Affine::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    const double angle = v.at("angle").get<double>(), sx = v.at("scale_x").get<double>(),
                 sy = v.at("scale_y").get<double>(), tx = v.at("tx_px").get<double>(),
                 ty = v.at("ty_px").get<double>(), hx = v.at("shear_x").get<double>(),
                 hy = v.at("shear_y").get<double>();
    if (angle == 0 && sx == 1 && sy == 1 && tx == 0 && ty == 0 && hx == 0 && hy == 0) {
        out = geometry::identityStep(input);
        return true;
    }
    // On pixel centres: T(centre + t) . R(angle) . Shear . S . T(-centre); angle
    // counter-clockwise positive as image.rotate.
    const double cx = (input.width - 1) * 0.5, cy = (input.height - 1) * 0.5;
    const double a = angle * CV_PI / 180.0;
    const cv::Matx33d toOrigin(1, 0, -cx, 0, 1, -cy, 0, 0, 1);
    const cv::Matx33d scale(sx, 0, 0, 0, sy, 0, 0, 0, 1);
    const cv::Matx33d shear(1, std::tan(hx * CV_PI / 180.0), 0, std::tan(hy * CV_PI / 180.0), 1, 0,
                            0, 0, 1);
    const cv::Matx33d rotation(std::cos(a), std::sin(a), 0, -std::sin(a), std::cos(a), 0, 0, 0, 1);
    const cv::Matx33d back(1, 0, cx + tx, 0, 1, cy + ty, 0, 0, 1);
    const cv::Matx33d m = back * rotation * shear * scale * toOrigin;
    out = geometry::resampleStep(m, input, interpolation_, border_, fill_);
    return true;
}

TransformInfo Affine::info() {
    return {
        "image.affine",
        Modality::Image,
        "spatial",
        "Rotate, scale, translate and shear about the centre in one warp (Albumentations "
        "Affine, Keras ImageDataGenerator)",
        {rangeParam("rotate", -15, 15, -180, 180,
                    "rotation angle drawn from [lo, hi], counter-clockwise positive", "deg", 0.5),
         rangeParam("scale", 0.9, 1.1, 0.05, 10,
                    "zoom factor drawn from [lo, hi]; > 1 enlarges the content (Keras "
                    "zoom_range z maps to 1 / z)",
                    "x", 0.01),
         rangeParam("translate_x", -0.1, 0.1, -1, 1, "horizontal shift as a fraction of the width",
                    "", 0.01),
         rangeParam("translate_y", -0.1, 0.1, -1, 1, "vertical shift as a fraction of the height",
                    "", 0.01),
         intRangeParam("translate_px_x", 0, 0, -4096, 4096,
                       "horizontal shift in whole pixels; when not [0, 0] it replaces "
                       "translate_x (Keras integer width_shift_range)",
                       "px"),
         intRangeParam("translate_px_y", 0, 0, -4096, 4096,
                       "vertical shift in whole pixels; when not [0, 0] it replaces "
                       "translate_y (Keras integer height_shift_range)",
                       "px"),
         rangeParam("shear_x", 0, 0, -80, 80, "horizontal shear angle (x += tan(shear_x) * y)",
                    "deg", 0.5),
         rangeParam("shear_y", 0, 0, -80, 80, "vertical shear angle (y += tan(shear_y) * x)", "deg",
                    0.5),
         boolParam("keep_ratio", true,
                   "one scale for both axes; false draws the horizontal and vertical "
                   "scales independently (Keras zoom_range)"),
         interpolationParam(), borderModeParam(), fillParam()},
        0.5,
        factoryOf<Affine>()};
}

} // namespace augstudio::core

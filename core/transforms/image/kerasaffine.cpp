#include "core/transforms/image/kerasaffine.h"

#include "core/transforms/image/geometry.h"

#include <cmath>

namespace augstudio::core {

KerasAffine::KerasAffine(const ParamSet& p)
    : theta_(p.range("rotate")), translateX_(p.range("translate_x")),
      translateY_(p.range("translate_y")), shear_(p.range("shear")), zoom_(p.range("zoom")),
      translatePxX_(p.intRange("translate_px_x")), translatePxY_(p.intRange("translate_px_y")),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values KerasAffine::draw(Rng& rng, const SampleInfo& info) const {
    const double theta = rng.uniform(theta_.lo, theta_.hi);
    // Pixel shifts, when given, replace the fractions (Keras integer shift ranges).
    auto shift = [&](const IntRange& px, const Range& fraction, int extent) {
        if (px.lo != 0 || px.hi != 0)
            return double(rng.integer(px.lo, px.hi));
        return rng.uniform(fraction.lo, fraction.hi) * extent;
    };
    const double tx = shift(translatePxX_, translateX_, info.width);
    const double ty = shift(translatePxY_, translateY_, info.height);
    const double shear = rng.uniform(shear_.lo, shear_.hi);
    // Keras draws the two zoom factors independently and uniformly.
    const double zx = rng.uniform(zoom_.lo, zoom_.hi);
    const double zy = rng.uniform(zoom_.lo, zoom_.hi);
    return makeValues(
        {{"theta", theta}, {"tx", tx}, {"ty", ty}, {"shear", shear}, {"zx", zx}, {"zy", zy}});
}

void KerasAffine::applyTo(ImageSample& s, const Values& v) const {
    const double theta = v.at("theta").get<double>() * CV_PI / 180.0, tx = v.at("tx").get<double>(),
                 ty = v.at("ty").get<double>(), shear = v.at("shear").get<double>() * CV_PI / 180.0,
                 zx = v.at("zx").get<double>(), zy = v.at("zy").get<double>();
    if (theta == 0 && tx == 0 && ty == 0 && shear == 0 && zx == 1 && zy == 1)
        return;
    if (!(zx > 0) || !(zy > 0) || !(std::abs(std::cos(shear)) > 1e-6))
        throw std::invalid_argument("image.keras_affine: degenerate zoom or shear");
    // Keras's map from output to input pixel, (x, y) = (column, row), about the centre:
    // centre . rotation . shift . shear . zoom . centre^-1; the warp takes its inverse.
    const double cx = (s.image.cols - 1) * 0.5, cy = (s.image.rows - 1) * 0.5;
    const cv::Matx33d toCentre(1, 0, cx, 0, 1, cy, 0, 0, 1);
    const cv::Matx33d fromCentre(1, 0, -cx, 0, 1, -cy, 0, 0, 1);
    const cv::Matx33d rotation(std::cos(theta), -std::sin(theta), 0, std::sin(theta),
                               std::cos(theta), 0, 0, 0, 1);
    const cv::Matx33d shift(1, 0, tx, 0, 1, ty, 0, 0, 1);
    const cv::Matx33d shearing(1, -std::sin(shear), 0, 0, std::cos(shear), 0, 0, 0, 1);
    const cv::Matx33d zoom(zx, 0, 0, 0, zy, 0, 0, 0, 1);
    const cv::Matx33d outputToInput = toCentre * rotation * shift * shearing * zoom * fromCentre;
    const cv::Matx33d m = outputToInput.inv();
    geometry::warpAffine(s, cv::Matx23d(m.val), s.image.size(), interpolation_, border_, fill_);
}

TransformInfo KerasAffine::info() {
    return {"image.keras_affine",
            Modality::Image,
            "spatial",
            "Keras ImageDataGenerator's rotation, shift, shear and zoom in one warp, composed "
            "and drawn as Keras does (the Keras preset's geometry)",
            {rangeParam("rotate", 0, 0, -180, 180,
                        "rotation angle theta drawn from [lo, hi], counter-clockwise positive",
                        "deg", 0.5),
             rangeParam("translate_x", 0, 0, -1, 1,
                        "horizontal shift tx as a fraction of the width (Keras "
                        "width_shift_range)",
                        "", 0.01),
             rangeParam("translate_y", 0, 0, -1, 1,
                        "vertical shift ty as a fraction of the height (Keras "
                        "height_shift_range)",
                        "", 0.01),
             intRangeParam("translate_px_x", 0, 0, -4096, 4096,
                           "horizontal shift in whole pixels; when not [0, 0] it replaces "
                           "translate_x (Keras integer width_shift_range)",
                           "px"),
             intRangeParam("translate_px_y", 0, 0, -4096, 4096,
                           "vertical shift in whole pixels; when not [0, 0] it replaces "
                           "translate_y (Keras integer height_shift_range)",
                           "px"),
             rangeParam("shear", 0, 0, -80, 80,
                        "shear angle drawn from [lo, hi], Keras's matrix [[1, -sin], [0, cos]]",
                        "deg", 0.5),
             rangeParam("zoom", 1, 1, 0.1, 20,
                        "zx and zy drawn independently from [lo, hi]; content appears 1 / z "
                        "times as large (Keras zoom_range z: [1 - z, 1 + z])",
                        "x", 0.01),
             interpolationParam(), borderModeParam(), fillParam()},
            1.0,
            factoryOf<KerasAffine>()};
}

} // namespace augstudio::core

#include "core/transforms/image/rotate.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/imgproc.hpp>

namespace augstudio::core {

Rotate::Rotate(const ParamSet& p)
    : degrees_(p.range("degrees")), interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values Rotate::draw(Rng& rng, const SampleInfo&) const {
    return {{"angle", rng.uniform(degrees_.lo, degrees_.hi)}};
}

void Rotate::applyTo(ImageSample& s, const Values& v) const {
    WarpStep step;
    if (!warpOf(v, s.image.size(), step) || step.interpolation < 0)
        return;
    geometry::warpAffine(s, cv::Matx23d(step.matrix.val), step.size, interpolation_, border_,
                         fill_);
}

bool Rotate::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    const double angle = v.at("angle").get<double>();
    if (angle == 0.0) {
        out = geometry::identityStep(input);
        return true;
    }
    const cv::Point2f centre((input.width - 1) * 0.5f, (input.height - 1) * 0.5f);
    const cv::Matx23d m = cv::getRotationMatrix2D(centre, angle, 1.0);
    out = geometry::resampleStep(m, input, interpolation_, border_, fill_);
    return true;
}

TransformInfo Rotate::info() {
    return {"image.rotate",
            Modality::Image,
            "spatial",
            "Rotate about the centre by a random angle (counter-clockwise positive)",
            {rangeParam("degrees", -20, 20, -180, 180, "angle drawn uniformly from [lo, hi]", "deg",
                        0.5),
             interpolationParam(), borderModeParam(), fillParam()},
            0.5,
            factoryOf<Rotate>()};
}

} // namespace augstudio::core

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
    const double angle = v.at("angle").get<double>();
    if (angle == 0.0)
        return;
    const cv::Point2f centre((s.image.cols - 1) * 0.5f, (s.image.rows - 1) * 0.5f);
    geometry::warpAffine(s, cv::getRotationMatrix2D(centre, angle, 1.0), s.image.size(),
                         interpolation_, border_, fill_);
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

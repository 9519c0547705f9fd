#include "core/transforms/image/flips.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/core.hpp>

namespace augstudio::core {

Values Flip::draw(Rng& rng, const SampleInfo&) const {
    if (kind_ == Kind::Rotate90)
        return {{"k", rng.integer(1, 3)}};
    return Values::object();
}

void Flip::applyTo(ImageSample& s, const Values& v) const {
    switch (kind_) {
    case Kind::Horizontal:
        geometry::flip(s, 1);
        return;
    case Kind::Vertical:
        geometry::flip(s, 0);
        return;
    case Kind::Transpose:
        geometry::transpose(s);
        return;
    case Kind::Rotate90:
        // k quarter turns counter-clockwise, as numpy.rot90 / Albumentations RandomRotate90.
        geometry::rotate90(s, v.at("k").get<int>());
        return;
    }
}

bool Flip::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    switch (kind_) {
    case Kind::Horizontal:
        out = geometry::flipStep(1, input);
        return true;
    case Kind::Vertical:
        out = geometry::flipStep(0, input);
        return true;
    case Kind::Transpose:
        out = geometry::transposeStep(input);
        return true;
    case Kind::Rotate90:
        out = geometry::rotate90Step(v.at("k").get<int>(), input);
        return true;
    }
    return false;
}

TransformInfo Flip::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Image;
    t.kind = "spatial";
    switch (kind) {
    case Kind::Horizontal:
        t.id = "image.hflip";
        t.summary = "Mirror left-right";
        break;
    case Kind::Vertical:
        t.id = "image.vflip";
        t.summary = "Mirror top-bottom";
        break;
    case Kind::Transpose:
        t.id = "image.transpose";
        t.summary = "Swap rows and columns";
        break;
    case Kind::Rotate90:
        t.id = "image.rotate90";
        t.summary = "Rotate by k quarter turns, k drawn from {1, 2, 3}";
        break;
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Flip>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

#include "core/transforms/image/resizes.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace augstudio::core {

Resize::Resize(Kind kind, const ParamSet& p)
    : kind_(kind), interpolation_(geometry::cvInterpolation(p.s("interpolation"))) {
    if (kind == Kind::Exact) {
        width_ = int(p.i("width"));
        height_ = int(p.i("height"));
    } else {
        maxSize_ = int(p.i("max_size"));
    }
}

Values Resize::draw(Rng&, const SampleInfo& info) const {
    if (kind_ == Kind::Exact)
        return {{"width", width_}, {"height", height_}};
    const int w = std::max(1, info.width), h = std::max(1, info.height);
    const int side = kind_ == Kind::LongestMaxSize ? std::max(w, h) : std::min(w, h);
    const double scale = double(maxSize_) / side;
    // The constrained side is exactly max_size; the other keeps the aspect ratio.
    const int ow = w == side ? maxSize_ : std::max(1, int(std::lround(w * scale)));
    const int oh = h == side ? maxSize_ : std::max(1, int(std::lround(h * scale)));
    return {{"scale", scale}, {"width", ow}, {"height", oh}};
}

void Resize::applyTo(ImageSample& s, const Values& v) const {
    geometry::resize(s, {v.at("width").get<int>(), v.at("height").get<int>()}, interpolation_);
}

bool Resize::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    const cv::Size size(v.at("width").get<int>(), v.at("height").get<int>());
    if (size == input) {
        out = geometry::identityStep(input);
        return true;
    }
    // Area resampling averages the source window; one warp would sample it instead.
    if (interpolation_ == cv::INTER_AREA)
        return false;
    out = geometry::resizeStep(cv::Rect(cv::Point(), input), size, interpolation_);
    return true;
}

TransformInfo Resize::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Image;
    t.kind = "spatial";
    t.defaultP = 1.0;
    switch (kind) {
    case Kind::Exact:
        t.id = "image.resize";
        t.summary = "Resize to width x height";
        t.params = {intParam("width", 256, 1, 16384, "output width", "px"),
                    intParam("height", 256, 1, 16384, "output height", "px")};
        break;
    case Kind::LongestMaxSize:
        t.id = "image.longest_max_size";
        t.summary = "Scale so the longest side is max_size, keeping the aspect ratio";
        t.params = {intParam("max_size", 1024, 1, 16384, "length of the longest side", "px")};
        break;
    case Kind::SmallestMaxSize:
        t.id = "image.smallest_max_size";
        t.summary = "Scale so the shortest side is max_size, keeping the aspect ratio";
        t.params = {intParam("max_size", 1024, 1, 16384, "length of the shortest side", "px")};
        break;
    }
    t.params.push_back(interpolationParam());
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Resize>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

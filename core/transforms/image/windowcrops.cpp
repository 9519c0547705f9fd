#include "core/transforms/image/windowcrops.h"

#include "core/transforms/image/geometry.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

cv::Rect windowFromValues(const Values& v) {
    return {v.at("x").get<int>(), v.at("y").get<int>(), v.at("width").get<int>(),
            v.at("height").get<int>()};
}

Values windowValues(cv::Rect r) {
    return makeValues({{"height", r.height}, {"width", r.width}, {"x", r.x}, {"y", r.y}});
}

bool isWholeImage(const ImageSample& s, cv::Rect r) {
    return r == cv::Rect(0, 0, s.image.cols, s.image.rows);
}

ParamSpec coordinateParam(const char* name, int def, const char* help) {
    return intParam(name, def, 0, 65536, help, "px");
}

ParamSpec padSideParam(const char* name) {
    return intRangeParam(name, 10, 10, 0, 4096,
                         "pixels added on this side, drawn from [lo, hi] (lo == hi: fixed)", "px");
}

ParamSpec borderFractionParam(const char* name, const char* side) {
    return floatParam(name, 0.1, 0, 1,
                      std::string("at most this fraction of the image is cut from the ") + side, "",
                      0.01);
}

} // namespace

// --- crop --------------------------------------------------------------------------------

CoordinateCrop::CoordinateCrop(const ParamSet& p)
    : xMin_(int(p.i("x_min"))), yMin_(int(p.i("y_min"))), xMax_(int(p.i("x_max"))),
      yMax_(int(p.i("y_max"))), padIfNeeded_(p.b("pad_if_needed")),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {
    if (xMax_ <= xMin_)
        throw Error("x_max", "expected x_max > x_min");
    if (yMax_ <= yMin_)
        throw Error("y_max", "expected y_max > y_min");
}

Values CoordinateCrop::draw(Rng&, const SampleInfo& info) const {
    if (padIfNeeded_)
        return windowValues({xMin_, yMin_, xMax_ - xMin_, yMax_ - yMin_});
    // Clipped to the image; a window wholly outside keeps the last row / column.
    const int x0 = std::min(xMin_, std::max(0, info.width - 1));
    const int y0 = std::min(yMin_, std::max(0, info.height - 1));
    const int x1 = std::max(x0 + 1, std::min(xMax_, info.width));
    const int y1 = std::max(y0 + 1, std::min(yMax_, info.height));
    return windowValues({x0, y0, x1 - x0, y1 - y0});
}

void CoordinateCrop::applyTo(ImageSample& s, const Values& v) const {
    const cv::Rect r = windowFromValues(v);
    if (!isWholeImage(s, r))
        geometry::crop(s, r, border_, fill_);
}

bool CoordinateCrop::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    out = geometry::windowStep(windowFromValues(v), input, border_, fill_);
    return true;
}

TransformInfo CoordinateCrop::info() {
    return {"image.crop",
            Modality::Image,
            "spatial",
            "Crop the fixed window [x_min, x_max) x [y_min, y_max); clipped to the image, or "
            "padded where it leaves it when pad_if_needed",
            {coordinateParam("x_min", 0, "left edge of the window"),
             coordinateParam("y_min", 0, "top edge of the window"),
             coordinateParam("x_max", 1024, "right edge of the window (exclusive)"),
             coordinateParam("y_max", 1024, "bottom edge of the window (exclusive)"),
             boolParam("pad_if_needed", false,
                       "pad where the window leaves the image (false: clip the window)"),
             borderModeParam(), fillParam()},
            1.0,
            factoryOf<CoordinateCrop>()};
}

// --- pad ---------------------------------------------------------------------------------

ImagePad::ImagePad(const ParamSet& p)
    : top_(p.intRange("top")), bottom_(p.intRange("bottom")), left_(p.intRange("left")),
      right_(p.intRange("right")), border_(geometry::cvBorder(p.s("border_mode"))),
      fill_(p.f("fill")) {}

Values ImagePad::draw(Rng& rng, const SampleInfo&) const {
    const int64_t top = rng.integer(top_.lo, top_.hi), bottom = rng.integer(bottom_.lo, bottom_.hi);
    const int64_t left = rng.integer(left_.lo, left_.hi), right = rng.integer(right_.lo, right_.hi);
    return makeValues({{"bottom", bottom}, {"left", left}, {"right", right}, {"top", top}});
}

void ImagePad::applyTo(ImageSample& s, const Values& v) const {
    const int top = v.at("top").get<int>(), bottom = v.at("bottom").get<int>(),
              left = v.at("left").get<int>(), right = v.at("right").get<int>();
    if (top == 0 && bottom == 0 && left == 0 && right == 0)
        return;
    geometry::crop(s, {-left, -top, s.image.cols + left + right, s.image.rows + top + bottom},
                   border_, fill_);
}

bool ImagePad::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    const int top = v.at("top").get<int>(), bottom = v.at("bottom").get<int>(),
              left = v.at("left").get<int>(), right = v.at("right").get<int>();
    out =
        geometry::windowStep({-left, -top, input.width + left + right, input.height + top + bottom},
                             input, border_, fill_);
    return true;
}

TransformInfo ImagePad::info() {
    return {"image.pad",
            Modality::Image,
            "spatial",
            "Pad each side by a drawn or fixed number of pixels (border_mode / fill)",
            {padSideParam("top"), padSideParam("bottom"), padSideParam("left"),
             padSideParam("right"), borderModeParam(), fillParam()},
            1.0,
            factoryOf<ImagePad>()};
}

// --- random_crop_from_borders ------------------------------------------------------------

RandomCropFromBorders::RandomCropFromBorders(const ParamSet& p)
    : left_(p.f("crop_left")), right_(p.f("crop_right")), top_(p.f("crop_top")),
      bottom_(p.f("crop_bottom")) {}

Values RandomCropFromBorders::draw(Rng& rng, const SampleInfo& info) const {
    // As Albumentations: the low edge within the first fraction, the high edge within the
    // last, never crossing (one pixel stays).
    auto edges = [&](int extent, double low, double high) {
        const int64_t a = rng.integer(0, std::min<int64_t>(extent - 1, int64_t(low * extent)));
        const int64_t b = rng.integer(std::max<int64_t>(a + 1, int64_t((1.0 - high) * extent)),
                                      std::max<int64_t>(a + 1, extent));
        return std::pair<int, int>(int(a), int(b));
    };
    const auto [x0, x1] = edges(info.width, left_, right_);
    const auto [y0, y1] = edges(info.height, top_, bottom_);
    return windowValues({x0, y0, x1 - x0, y1 - y0});
}

void RandomCropFromBorders::applyTo(ImageSample& s, const Values& v) const {
    const cv::Rect r = windowFromValues(v);
    if (!isWholeImage(s, r))
        geometry::crop(s, r);
}

TransformInfo RandomCropFromBorders::info() {
    return {"image.random_crop_from_borders",
            Modality::Image,
            "spatial",
            "Cut a drawn amount from each border, up to the given fraction of the image",
            {borderFractionParam("crop_left", "left"), borderFractionParam("crop_right", "right"),
             borderFractionParam("crop_top", "top"), borderFractionParam("crop_bottom", "bottom")},
            0.5,
            factoryOf<RandomCropFromBorders>()};
}

// --- random_sized_crop -------------------------------------------------------------------

RandomSizedCrop::RandomSizedCrop(const ParamSet& p)
    : cropHeight_(p.intRange("crop_height")), w2hRatio_(p.f("w2h_ratio")),
      width_(int(p.i("width"))), height_(int(p.i("height"))),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))) {}

Values RandomSizedCrop::draw(Rng& rng, const SampleInfo& info) const {
    const int h =
        std::clamp(int(rng.integer(cropHeight_.lo, cropHeight_.hi)), 1, std::max(1, info.height));
    const int w = std::clamp(int(std::lround(h * w2hRatio_)), 1, std::max(1, info.width));
    const int x = int(rng.integer(0, std::max(0, info.width - w)));
    const int y = int(rng.integer(0, std::max(0, info.height - h)));
    return windowValues({x, y, w, h});
}

void RandomSizedCrop::applyTo(ImageSample& s, const Values& v) const {
    geometry::cropResize(s, windowFromValues(v), {width_, height_}, interpolation_);
}

TransformInfo RandomSizedCrop::info() {
    return {"image.random_sized_crop",
            Modality::Image,
            "spatial",
            "Crop a window of drawn height (width = height * w2h_ratio, both clipped to the "
            "image) at a random position, resized to width x height",
            {intRangeParam("crop_height", 128, 256, 1, 16384,
                           "window height drawn from [lo, hi] (clipped to the image)", "px"),
             floatParam("w2h_ratio", 1.0, 0.01, 100, "window width / window height", "", 0.01),
             intParam("width", 224, 1, 16384, "output width", "px"),
             intParam("height", 224, 1, 16384, "output height", "px"), interpolationParam()},
            1.0,
            factoryOf<RandomSizedCrop>()};
}

// --- random_scale ------------------------------------------------------------------------

RandomScale::RandomScale(const ParamSet& p)
    : scale_(p.range("scale")), interpolation_(geometry::cvInterpolation(p.s("interpolation"))) {}

Values RandomScale::draw(Rng& rng, const SampleInfo&) const {
    return {{"scale", rng.uniform(scale_.lo, scale_.hi)}};
}

void RandomScale::applyTo(ImageSample& s, const Values& v) const {
    const double f = v.at("scale").get<double>();
    const cv::Size size(std::max(1, int(std::lround(s.image.cols * f))),
                        std::max(1, int(std::lround(s.image.rows * f))));
    geometry::resize(s, size, interpolation_);
}

TransformInfo RandomScale::info() {
    return {"image.random_scale",
            Modality::Image,
            "spatial",
            "Resize by a factor drawn from scale (the output size changes)",
            {rangeParam("scale", 0.9, 1.1, 0.01, 10,
                        "resize factor drawn from [lo, hi] (Albumentations scale_limit l is "
                        "[1 - l, 1 + l])",
                        "x", 0.01),
             interpolationParam()},
            0.5,
            factoryOf<RandomScale>()};
}

} // namespace augstudio::core

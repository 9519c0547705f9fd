#include "core/transforms/image/crops.h"

#include "core/transforms/image/geometry.h"

#include <cmath>

namespace augstudio::core {

namespace {

cv::Rect windowOf(const Values& v) {
    return {v.at("x").get<int>(), v.at("y").get<int>(), v.at("width").get<int>(),
            v.at("height").get<int>()};
}

Values valuesOf(cv::Rect r) {
    return makeValues({{"height", r.height}, {"width", r.width}, {"x", r.x}, {"y", r.y}});
}

// Crops to `r` (padding where it leaves the image) unless it is the whole image.
void cropTo(ImageSample& s, cv::Rect r, int border, double fill) {
    if (r == cv::Rect(0, 0, s.image.cols, s.image.rows))
        return;
    geometry::crop(s, r, border, fill);
}

ParamSpec sizeParam(const char* name, int def, const char* help) {
    return intParam(name, def, 1, 16384, help, "px");
}

} // namespace

Crop::Crop(Kind kind, const ParamSet& p)
    : kind_(kind), width_(int(p.i("width"))), height_(int(p.i("height"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values Crop::draw(Rng& rng, const SampleInfo& info) const {
    // Along each axis: a random or central offset when the image is larger, a centred
    // (negative) offset, i.e. padding, when it is smaller.
    auto offset = [&](int extent, int window) -> int {
        if (extent <= window)
            return -((window - extent) / 2);
        return kind_ == Kind::Random ? int(rng.integer(0, extent - window)) : (extent - window) / 2;
    };
    const int x = offset(info.width, width_);
    const int y = offset(info.height, height_);
    return valuesOf({x, y, width_, height_});
}

void Crop::applyTo(ImageSample& s, const Values& v) const {
    cropTo(s, windowOf(v), border_, fill_);
}

bool Crop::warpOf(const Values& v, cv::Size input, WarpStep& out) const {
    out = geometry::windowStep(windowOf(v), input, border_, fill_);
    return true;
}

TransformInfo Crop::info(Kind kind) {
    const bool random = kind == Kind::Random;
    TransformInfo t{random ? "image.random_crop" : "image.center_crop",
                    Modality::Image,
                    "spatial",
                    random ? "Crop a width x height window at a random position; a smaller "
                             "image is padded (centred, border_mode / fill) to the window"
                           : "Crop the central width x height window; a smaller image is "
                             "padded (centred, border_mode / fill) to the window",
                    {sizeParam("width", 224, "window width"),
                     sizeParam("height", 224, "window height"), borderModeParam(), fillParam()},
                    1.0,
                    nullptr};
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Crop>(kind, p);
    };
    return t;
}

RandomResizedCrop::RandomResizedCrop(const ParamSet& p)
    : width_(int(p.i("width"))), height_(int(p.i("height"))), scale_(p.range("scale")),
      ratio_(p.range("ratio")), interpolation_(geometry::cvInterpolation(p.s("interpolation"))) {}

Values RandomResizedCrop::draw(Rng& rng, const SampleInfo& info) const {
    const int W = info.width, H = info.height;
    const double area = double(W) * H;
    const double logLo = std::log(ratio_.lo), logHi = std::log(ratio_.hi);
    // torchvision: ten tries at a window that fits, then the whole image clamped to ratio.
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double target = area * rng.uniform(scale_.lo, scale_.hi);
        const double aspect = std::exp(rng.uniform(logLo, logHi));
        const int w = int(std::lround(std::sqrt(target * aspect)));
        const int h = int(std::lround(std::sqrt(target / aspect)));
        if (w > 0 && h > 0 && w <= W && h <= H) {
            const int x = int(rng.integer(0, W - w)), y = int(rng.integer(0, H - h));
            return valuesOf({x, y, w, h});
        }
    }
    const double inRatio = H > 0 ? double(W) / H : 1.0;
    int w = W, h = H;
    if (inRatio < ratio_.lo)
        h = std::max(1, int(std::lround(w / ratio_.lo)));
    else if (inRatio > ratio_.hi)
        w = std::max(1, int(std::lround(h * ratio_.hi)));
    return valuesOf({(W - w) / 2, (H - h) / 2, w, h});
}

void RandomResizedCrop::applyTo(ImageSample& s, const Values& v) const {
    geometry::cropResize(s, windowOf(v), {width_, height_}, interpolation_);
}

TransformInfo RandomResizedCrop::info() {
    return {
        "image.random_resized_crop",
        Modality::Image,
        "spatial",
        "Crop a window of random area and aspect ratio, resized to width x height "
        "(torchvision RandomResizedCrop)",
        {sizeParam("width", 224, "output width"), sizeParam("height", 224, "output height"),
         rangeParam("scale", 0.08, 1.0, 0.001, 1.0,
                    "window area as a fraction of the image area, drawn from [lo, hi]", "", 0.01),
         rangeParam("ratio", 0.75, 4.0 / 3.0, 0.05, 20.0,
                    "window aspect ratio (width / height), drawn log-uniformly from [lo, hi]", "",
                    0.01),
         interpolationParam()},
        1.0,
        factoryOf<RandomResizedCrop>()};
}

CropAndPad::CropAndPad(const ParamSet& p)
    : percent_(p.range("percent")), keepSize_(p.b("keep_size")),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values CropAndPad::draw(Rng& rng, const SampleInfo& info) const {
    auto side = [&](int extent) {
        return int(std::lround(rng.uniform(percent_.lo, percent_.hi) * extent));
    };
    int top = side(info.height), right = side(info.width);
    int bottom = side(info.height), left = side(info.width);
    // Never crop the image away: at least one pixel stays along each axis.
    if (info.height + top + bottom < 1)
        bottom = 1 - info.height - top;
    if (info.width + left + right < 1)
        right = 1 - info.width - left;
    return makeValues({{"bottom", bottom}, {"left", left}, {"right", right}, {"top", top}});
}

void CropAndPad::applyTo(ImageSample& s, const Values& v) const {
    const int top = v.at("top").get<int>(), right = v.at("right").get<int>(),
              bottom = v.at("bottom").get<int>(), left = v.at("left").get<int>();
    if (top == 0 && right == 0 && bottom == 0 && left == 0)
        return;
    const cv::Size original = s.image.size();
    const cv::Rect window(-left, -top, std::max(1, original.width + left + right),
                          std::max(1, original.height + top + bottom));
    if (keepSize_)
        geometry::cropResize(s, window, original, interpolation_, border_, fill_);
    else
        cropTo(s, window, border_, fill_);
}

TransformInfo CropAndPad::info() {
    return {"image.crop_and_pad",
            Modality::Image,
            "spatial",
            "Crop (negative) or pad (positive) each side by a fraction of the image drawn from "
            "percent, then resize back when keep_size (Albumentations CropAndPad)",
            {rangeParam("percent", -0.1, 0.1, -0.45, 1.0,
                        "per side, drawn independently: negative crops, positive pads", "", 0.01),
             boolParam("keep_size", true, "resize the result back to the input size"),
             interpolationParam(), borderModeParam(), fillParam()},
            0.5,
            factoryOf<CropAndPad>()};
}

PadIfNeeded::PadIfNeeded(const ParamSet& p)
    : minWidth_(int(p.i("min_width"))), minHeight_(int(p.i("min_height"))),
      position_(p.s("position")), border_(geometry::cvBorder(p.s("border_mode"))),
      fill_(p.f("fill")) {}

Values PadIfNeeded::draw(Rng&, const SampleInfo& info) const {
    const int padX = std::max(0, minWidth_ - info.width);
    const int padY = std::max(0, minHeight_ - info.height);
    int left = padX / 2, top = padY / 2;
    if (position_ == "top_left" || position_ == "bottom_left")
        left = 0;
    if (position_ == "top_right" || position_ == "bottom_right")
        left = padX;
    if (position_ == "top_left" || position_ == "top_right")
        top = 0;
    if (position_ == "bottom_left" || position_ == "bottom_right")
        top = padY;
    return makeValues(
        {{"bottom", padY - top}, {"left", left}, {"right", padX - left}, {"top", top}});
}

void PadIfNeeded::applyTo(ImageSample& s, const Values& v) const {
    const int top = v.at("top").get<int>(), bottom = v.at("bottom").get<int>(),
              left = v.at("left").get<int>(), right = v.at("right").get<int>();
    cropTo(s, {-left, -top, s.image.cols + left + right, s.image.rows + top + bottom}, border_,
           fill_);
}

TransformInfo PadIfNeeded::info() {
    return {"image.pad_if_needed",
            Modality::Image,
            "spatial",
            "Pad to at least min_width x min_height; larger images pass unchanged",
            {sizeParam("min_width", 512, "minimum output width"),
             sizeParam("min_height", 512, "minimum output height"),
             enumParam("position", "center",
                       {"center", "top_left", "top_right", "bottom_left", "bottom_right"},
                       "where the image sits in the padded result"),
             borderModeParam(), fillParam()},
            1.0,
            factoryOf<PadIfNeeded>()};
}

} // namespace augstudio::core

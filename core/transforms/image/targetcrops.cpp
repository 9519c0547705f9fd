#include "core/transforms/image/targetcrops.h"

#include "core/transforms/image/geometry.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

cv::Rect targetWindowOf(const Values& v) {
    return {v.at("x").get<int>(), v.at("y").get<int>(), v.at("width").get<int>(),
            v.at("height").get<int>()};
}

Values targetWindowValues(cv::Rect r) {
    return makeValues({{"height", r.height}, {"width", r.width}, {"x", r.x}, {"y", r.y}});
}

const ImageSample* imageOf(const SampleInfo& info) {
    return info.sample ? std::get_if<ImageSample>(info.sample) : nullptr;
}

std::vector<BoundingBox> boxesOf(const SampleInfo& info) {
    const ImageSample* s = imageOf(info);
    return s ? s->boxes : std::vector<BoundingBox>{};
}

// The offset of a `window`-long span on an `extent`-long axis: covering [lo, hi) where it
// can (random among the offsets that do, else as close as possible), centred and padded
// when the window is longer than the axis.
int placeSpan(Rng& rng, int extent, int window, double lo, double hi) {
    if (window >= extent)
        return -((window - extent) / 2);
    const int first = std::clamp(int(std::ceil(hi)) - window, 0, extent - window);
    const int last = std::clamp(int(std::floor(lo)), 0, extent - window);
    return int(rng.integer(std::min(first, last), std::max(first, last)));
}

void cropUnlessWhole(ImageSample& s, cv::Rect r, int border = 0, double fill = 0) {
    if (r != cv::Rect(0, 0, s.image.cols, s.image.rows))
        geometry::crop(s, r, border, fill);
}

ParamSpec cropSizeParam(const char* name, int def, const char* help) {
    return intParam(name, def, 1, 16384, help, "px");
}

} // namespace

// --- bbox_safe_random_crop / random_sized_bbox_safe_crop --------------------------------

BboxSafeRandomCrop::BboxSafeRandomCrop(Kind kind, const ParamSet& p)
    : kind_(kind), erosionRate_(p.f("erosion_rate")) {
    if (kind == Kind::Sized) {
        width_ = int(p.i("width"));
        height_ = int(p.i("height"));
        interpolation_ = geometry::cvInterpolation(p.s("interpolation"));
    }
}

Values BboxSafeRandomCrop::draw(Rng& rng, const SampleInfo& info) const {
    const int W = std::max(1, info.width), H = std::max(1, info.height);
    const std::vector<BoundingBox> boxes = boxesOf(info);
    if (boxes.empty()) {
        const int lowest = std::clamp(int(H * (1.0 - erosionRate_)), 1, H);
        const int h = int(rng.integer(lowest, H));
        const int w = std::clamp(int(double(h) * W / H), 1, W);
        const int x = int(rng.integer(0, W - w)), y = int(rng.integer(0, H - h));
        return targetWindowValues({x, y, w, h});
    }
    double x1 = boxes[0].x1, y1 = boxes[0].y1, x2 = boxes[0].x2, y2 = boxes[0].y2;
    for (const BoundingBox& b : boxes) {
        x1 = std::min(x1, b.x1);
        y1 = std::min(y1, b.y1);
        x2 = std::max(x2, b.x2);
        y2 = std::max(y2, b.y2);
    }
    // The union shrunk by erosion_rate (half on each side), within the image.
    const double ex = erosionRate_ * (x2 - x1) / 2, ey = erosionRate_ * (y2 - y1) / 2;
    x1 = std::clamp(x1 + ex, 0.0, double(W));
    x2 = std::clamp(x2 - ex, x1, double(W));
    y1 = std::clamp(y1 + ey, 0.0, double(H));
    y2 = std::clamp(y2 - ey, y1, double(H));
    const int left = int(std::floor(x1 * rng.uniform()));
    const int top = int(std::floor(y1 * rng.uniform()));
    const int right = int(std::ceil(x2 + (W - x2) * rng.uniform()));
    const int bottom = int(std::ceil(y2 + (H - y2) * rng.uniform()));
    return targetWindowValues({left, top, std::max(1, std::min(W, right) - left),
                               std::max(1, std::min(H, bottom) - top)});
}

void BboxSafeRandomCrop::applyTo(ImageSample& s, const Values& v) const {
    const cv::Rect r = targetWindowOf(v);
    if (kind_ == Kind::Sized)
        geometry::cropResize(s, r, {width_, height_}, interpolation_);
    else
        cropUnlessWhole(s, r);
}

TransformInfo BboxSafeRandomCrop::info(Kind kind) {
    const bool sized = kind == Kind::Sized;
    std::vector<ParamSpec> params;
    if (sized)
        params = {cropSizeParam("width", 224, "output width"),
                  cropSizeParam("height", 224, "output height")};
    params.push_back(floatParam("erosion_rate", 0.0, 0, 1,
                                "fraction of the boxes' union that may be cut away (0 keeps "
                                "every box whole)",
                                "", 0.01));
    if (sized)
        params.push_back(interpolationParam());
    TransformInfo t{sized ? "image.random_sized_bbox_safe_crop" : "image.bbox_safe_random_crop",
                    Modality::Image,
                    "spatial",
                    sized ? "Crop a random window containing every box, resized to width x "
                            "height"
                          : "Crop a random window containing every box",
                    std::move(params),
                    sized ? 1.0 : 0.5,
                    nullptr};
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<BboxSafeRandomCrop>(kind, p);
    };
    return t;
}

// --- at_least_one_bbox_random_crop -------------------------------------------------------

AtLeastOneBboxRandomCrop::AtLeastOneBboxRandomCrop(const ParamSet& p)
    : width_(int(p.i("width"))), height_(int(p.i("height"))), erosion_(p.f("erosion_factor")),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values AtLeastOneBboxRandomCrop::draw(Rng& rng, const SampleInfo& info) const {
    const std::vector<BoundingBox> boxes = boxesOf(info);
    // Without boxes every window position qualifies: the span to cover is empty.
    double x1 = info.width, y1 = info.height, x2 = 0, y2 = 0;
    if (!boxes.empty()) {
        const BoundingBox& b = boxes[size_t(rng.integer(0, int64_t(boxes.size()) - 1))];
        const double ex = erosion_ * (b.x2 - b.x1) / 2, ey = erosion_ * (b.y2 - b.y1) / 2;
        x1 = b.x1 + ex;
        x2 = b.x2 - ex;
        y1 = b.y1 + ey;
        y2 = b.y2 - ey;
    }
    const int x = placeSpan(rng, info.width, width_, x1, x2);
    const int y = placeSpan(rng, info.height, height_, y1, y2);
    return targetWindowValues({x, y, width_, height_});
}

void AtLeastOneBboxRandomCrop::applyTo(ImageSample& s, const Values& v) const {
    cropUnlessWhole(s, targetWindowOf(v), border_, fill_);
}

TransformInfo AtLeastOneBboxRandomCrop::info() {
    return {"image.at_least_one_bbox_random_crop",
            Modality::Image,
            "spatial",
            "Crop a width x height window containing one drawn box (a random window without "
            "boxes; padded when the image is smaller)",
            {cropSizeParam("width", 224, "window width"),
             cropSizeParam("height", 224, "window height"),
             floatParam("erosion_factor", 0.0, 0, 1,
                        "fraction of the drawn box that may fall outside the window", "", 0.01),
             borderModeParam(), fillParam()},
            1.0,
            factoryOf<AtLeastOneBboxRandomCrop>()};
}

// --- random_crop_near_bbox ---------------------------------------------------------------

RandomCropNearBbox::RandomCropNearBbox(const ParamSet& p)
    : shiftX_(p.f("max_part_shift_x")), shiftY_(p.f("max_part_shift_y")) {}

Values RandomCropNearBbox::draw(Rng& rng, const SampleInfo& info) const {
    const int W = std::max(1, info.width), H = std::max(1, info.height);
    const std::vector<BoundingBox> boxes = boxesOf(info);
    if (boxes.empty())
        return targetWindowValues({0, 0, W, H});
    const BoundingBox& b = boxes[size_t(rng.integer(0, int64_t(boxes.size()) - 1))];
    const int64_t sx = std::lround(shiftX_ * (b.x2 - b.x1));
    const int64_t sy = std::lround(shiftY_ * (b.y2 - b.y1));
    const int x1 = std::clamp(int(std::floor(b.x1) - rng.integer(-sx, sx)), 0, W - 1);
    const int x2 = std::clamp(int(std::ceil(b.x2) + rng.integer(-sx, sx)), x1 + 1, W);
    const int y1 = std::clamp(int(std::floor(b.y1) - rng.integer(-sy, sy)), 0, H - 1);
    const int y2 = std::clamp(int(std::ceil(b.y2) + rng.integer(-sy, sy)), y1 + 1, H);
    return targetWindowValues({x1, y1, x2 - x1, y2 - y1});
}

void RandomCropNearBbox::applyTo(ImageSample& s, const Values& v) const {
    cropUnlessWhole(s, targetWindowOf(v));
}

TransformInfo RandomCropNearBbox::info() {
    return {"image.random_crop_near_bbox",
            Modality::Image,
            "spatial",
            "Crop around one drawn box, each edge moved by up to max_part_shift of the box's "
            "size (the whole image when there are no boxes)",
            {floatParam("max_part_shift_x", 0.3, 0, 10,
                        "largest move of the left and right edges, as a fraction of the box "
                        "width",
                        "", 0.01),
             floatParam("max_part_shift_y", 0.3, 0, 10,
                        "largest move of the top and bottom edges, as a fraction of the box "
                        "height",
                        "", 0.01)},
            1.0,
            factoryOf<RandomCropNearBbox>()};
}

// --- crop_non_empty_mask -----------------------------------------------------------------

CropNonEmptyMask::CropNonEmptyMask(const ParamSet& p)
    : width_(int(p.i("width"))), height_(int(p.i("height"))), ignore_(p.list("ignore_values")),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values CropNonEmptyMask::draw(Rng& rng, const SampleInfo& info) const {
    const ImageSample* s = imageOf(info);
    cv::Mat labelled;
    if (s && !s->mask.empty()) {
        cv::compare(s->mask, 0, labelled, cv::CMP_NE);
        for (double value : ignore_) {
            cv::Mat ignored;
            cv::compare(s->mask, value, ignored, cv::CMP_EQ);
            labelled.setTo(0, ignored);
        }
    }
    const int count = labelled.empty() ? 0 : cv::countNonZero(labelled);
    if (count == 0) {
        const int x = placeSpan(rng, info.width, width_, info.width, 0);
        const int y = placeSpan(rng, info.height, height_, info.height, 0);
        return targetWindowValues({x, y, width_, height_});
    }
    // The k-th labelled pixel in row order, then a window with it at a random place.
    int64_t k = rng.integer(0, count - 1);
    cv::Point at(0, 0);
    for (int y = 0; y < labelled.rows; ++y) {
        const int inRow = cv::countNonZero(labelled.row(y));
        if (k >= inRow) {
            k -= inRow;
            continue;
        }
        const uint8_t* row = labelled.ptr<uint8_t>(y);
        for (int x = 0; x < labelled.cols; ++x)
            if (row[x] && k-- == 0) {
                at = {x, y};
                break;
            }
        break;
    }
    const int x = placeSpan(rng, info.width, width_, at.x, at.x + 1);
    const int y = placeSpan(rng, info.height, height_, at.y, at.y + 1);
    return targetWindowValues({x, y, width_, height_});
}

void CropNonEmptyMask::applyTo(ImageSample& s, const Values& v) const {
    cropUnlessWhole(s, targetWindowOf(v), border_, fill_);
}

TransformInfo CropNonEmptyMask::info() {
    return {"image.crop_non_empty_mask",
            Modality::Image,
            "spatial",
            "Crop a width x height window over a drawn labelled mask pixel (a random window "
            "when the mask is empty or absent)",
            {cropSizeParam("width", 224, "window width"),
             cropSizeParam("height", 224, "window height"),
             floatListParam("ignore_values", {}, 0, 65535,
                            "mask values that do not count as labelled (0 never does)"),
             borderModeParam(), fillParam()},
            1.0,
            factoryOf<CropNonEmptyMask>()};
}

} // namespace augstudio::core

#include "core/transforms/image/mosaic.h"

#include "core/transforms/image/imagepartners.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace augstudio::core {

ImageMosaic::ImageMosaic(const ParamSet& p)
    : width_(int(p.i("width"))), height_(int(p.i("height"))), centreLo_(p.range("center_range").lo),
      centreHi_(p.range("center_range").hi), minVisibility_(p.f("min_visibility")),
      which_(partnerClassFromName(p.s("partner_class"))) {}

Values ImageMosaic::draw(Rng& rng, const SampleInfo& info) const {
    const int cx = int(std::lround(rng.uniform(centreLo_, centreHi_) * width_));
    const int cy = int(std::lround(rng.uniform(centreLo_, centreHi_) * height_));
    nlohmann::json partners = partnerrefs::draw(rng, info, imagepartners::labelOf(info), which_, 3);
    const double total = double(width_) * height_;
    const std::array<double, 3> areas = {double(width_ - cx) * cy, double(cx) * (height_ - cy),
                                         double(width_ - cx) * (height_ - cy)};
    for (size_t i = 0; i < partners.size(); ++i)
        partners[i]["weight"] = areas[i] / total;
    return makeValues(
        {{"center", nlohmann::json::array({cx, cy})}, {"partners", std::move(partners)}});
}

void ImageMosaic::applyTo(ImageSample&, const Values&) const {} // no run: no partners

void ImageMosaic::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    auto* s = std::get_if<ImageSample>(&sample);
    if (!s)
        throw std::invalid_argument("transform applied to a sample of another modality");
    const nlohmann::json& partners = v.at("partners");
    if (partners.empty() || s->image.empty())
        return;
    const int cx = v.at("center")[0].get<int>(), cy = v.at("center")[1].get<int>();
    const int W = width_, H = height_;
    std::array<std::shared_ptr<const Sample>, 3> held;
    std::array<const ImageSample*, 4> tiles = {s, nullptr, nullptr, nullptr};
    for (size_t i = 0; i < 3 && i < partners.size(); ++i) {
        held[i] = partnerrefs::load(run, partners[i]);
        tiles[i + 1] = imagepartners::imageOf(held[i]);
    }
    const std::array<cv::Rect, 4> areas = {cv::Rect(0, 0, cx, cy), cv::Rect(cx, 0, W - cx, cy),
                                           cv::Rect(0, cy, cx, H - cy),
                                           cv::Rect(cx, cy, W - cx, H - cy)};
    const int type = s->image.type();
    cv::Mat canvas(H, W, type, cv::Scalar::all(0));
    const bool anyMask = std::any_of(tiles.begin(), tiles.end(),
                                     [](const ImageSample* t) { return t && !t->mask.empty(); });
    const int maskType = s->mask.empty() ? CV_8UC1 : s->mask.type();
    cv::Mat mask = anyMask ? cv::Mat(H, W, maskType, cv::Scalar::all(0)) : cv::Mat();
    std::vector<BoundingBox> boxes;
    std::vector<Keypoint> keypoints;
    for (size_t t = 0; t < 4; ++t) {
        const ImageSample* img = tiles[t];
        const cv::Rect& area = areas[t];
        if (!img || area.empty())
            continue;
        const double f = std::min(double(W) / img->image.cols, double(H) / img->image.rows);
        const int rw = std::max(1, int(std::lround(img->image.cols * f)));
        const int rh = std::max(1, int(std::lround(img->image.rows * f)));
        // The inner corner of each image sits on the centre.
        const int ox = (t == 0 || t == 2) ? cx - rw : cx;
        const int oy = (t == 0 || t == 1) ? cy - rh : cy;
        const cv::Rect placedRect(ox, oy, rw, rh);
        const cv::Rect shown = placedRect & area;
        if (shown.empty())
            continue;
        const cv::Mat scaled = imagepartners::fitted(img->image, {rw, rh}, type);
        scaled(shown - placedRect.tl()).copyTo(canvas(shown));
        if (anyMask && !img->mask.empty())
            imagepartners::fitted(img->mask, {rw, rh}, maskType, true)(shown - placedRect.tl())
                .copyTo(mask(shown));
        const double sx = double(rw) / img->image.cols, sy = double(rh) / img->image.rows;
        for (const BoundingBox& b : img->boxes) {
            BoundingBox q = imagepartners::placed(b, sx, sy, ox, oy);
            const double whole = q.area();
            if (imagepartners::clipVisible(q, shown, whole, minVisibility_))
                boxes.push_back(q);
        }
        if (t == 0)
            for (const Keypoint& k : img->keypoints) {
                const Keypoint q{k.x * sx + ox, k.y * sy + oy};
                if (q.x >= shown.x && q.x < shown.br().x && q.y >= shown.y && q.y < shown.br().y)
                    keypoints.push_back(q);
            }
    }
    s->image = canvas;
    s->mask = mask;
    s->boxes = std::move(boxes);
    s->keypoints = std::move(keypoints);
}

TransformInfo ImageMosaic::info() {
    return {
        "image.mosaic",
        Modality::Image,
        "mix",
        "2x2 mosaic of the sample and three partners of the run at a drawn centre; boxes and "
        "masks of all four kept and clipped",
        {intParam("width", 512, 8, 16384, "Output width", "px"),
         intParam("height", 512, 8, 16384, "Output height", "px"),
         rangeParam("center_range", 0.3, 0.7, 0.0, 1.0,
                    "Where the centre falls, as a share of the width and of the height", {}, 0.05),
         floatParam("min_visibility", 0.3, 0.0, 1.0,
                    "Boxes keeping less of their area than this are dropped", {}, 0.05),
         partnerrefs::classParam("any")},
        0.5,
        factoryOf<ImageMosaic>()};
}

} // namespace augstudio::core

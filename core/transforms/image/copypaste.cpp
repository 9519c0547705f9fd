#include "core/transforms/image/copypaste.h"

#include "core/sample/imagetargets.h"
#include "core/transforms/image/imagepartners.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace augstudio::core {

namespace {
struct PastedObject {
    cv::Rect at;    // where in the sample's frame `pixels` lies
    cv::Mat pixels; // CV_8UC1 of at.size(), 255 on the object
    BoundingBox box;
};

// The partner's objects, in the sample's frame.
std::vector<PastedObject> objectsOf(const ImageSample& p, const cv::Mat& mask, cv::Size size) {
    std::vector<PastedObject> out;
    const cv::Mat on = mask != 0;
    const double sx = double(size.width) / p.image.cols, sy = double(size.height) / p.image.rows;
    const cv::Rect whole({0, 0}, size);
    if (!p.boxes.empty()) {
        for (const BoundingBox& b : p.boxes) {
            const BoundingBox q = imagepartners::placed(b, sx, sy, 0, 0);
            const cv::Rect r = cv::Rect(cv::Point(int(std::floor(q.x1)), int(std::floor(q.y1))),
                                        cv::Point(int(std::ceil(q.x2)), int(std::ceil(q.y2)))) &
                               whole;
            if (r.empty())
                continue;
            // The object is what the mask holds inside its box, cut to its tight extent.
            const cv::Rect tight = cv::boundingRect(on(r)) + r.tl();
            if (tight.empty())
                continue;
            PastedObject o{tight,
                           on(tight),
                           {double(tight.x), double(tight.y), double(tight.br().x),
                            double(tight.br().y), b.classId}};
            out.push_back(std::move(o));
        }
        return out;
    }
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(on, labels, stats, centroids, 8, CV_32S);
    for (int k = 1; k < n; ++k) {
        const cv::Rect r(stats.at<int>(k, cv::CC_STAT_LEFT), stats.at<int>(k, cv::CC_STAT_TOP),
                         stats.at<int>(k, cv::CC_STAT_WIDTH), stats.at<int>(k, cv::CC_STAT_HEIGHT));
        out.push_back(
            {r, labels(r) == k, {double(r.x), double(r.y), double(r.br().x), double(r.br().y), 0}});
    }
    return out;
}

// The partner's objects that have COCO polygons, cut by their rasterised outlines (pixels
// whose centres lie inside), in the sample's frame: for partners without a mask.
std::vector<PastedObject> polygonObjectsOf(const ImageSample& p, cv::Size size) {
    std::vector<PastedObject> out;
    const double sx = double(size.width) / p.image.cols, sy = double(size.height) / p.image.rows;
    const cv::Rect whole({0, 0}, size);
    constexpr int kShift = 8; // sub-pixel vertices for fillPoly
    for (const BoundingBox& b : p.boxes) {
        if (b.polygon.empty())
            continue;
        BoundingBox q = imagepartners::placed(b, sx, sy, 0, 0);
        std::vector<std::vector<cv::Point>> rings;
        for (const auto& ring : q.polygon) {
            std::vector<cv::Point> fixed;
            for (const auto& v : ring) // continuous coordinates to pixel centres
                fixed.emplace_back(int(std::lround((v.x - 0.5) * (1 << kShift))),
                                   int(std::lround((v.y - 0.5) * (1 << kShift))));
            rings.push_back(std::move(fixed));
        }
        cv::Mat pixels = cv::Mat::zeros(size, CV_8UC1);
        cv::fillPoly(pixels, rings, cv::Scalar(255), cv::LINE_8, kShift);
        const cv::Rect tight = cv::boundingRect(pixels);
        if (tight.empty())
            continue;
        PastedObject o{tight,
                       pixels(tight),
                       {double(tight.x), double(tight.y), double(tight.br().x),
                        double(tight.br().y), b.classId}};
        o.box.polygon = std::move(q.polygon);
        geometry::clampPolygon(o.box, whole);
        out.push_back(std::move(o));
    }
    return out;
}
} // namespace

ImageCopyPaste::ImageCopyPaste(const ParamSet& p)
    : objectP_(p.f("object_p")), which_(partnerClassFromName(p.s("partner_class"))) {}

Values ImageCopyPaste::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t seed = int64_t(rng.next() >> 33);
    nlohmann::json partners = partnerrefs::draw(rng, info, imagepartners::labelOf(info), which_, 1);
    for (auto& p : partners)
        p["weight"] = 0.0; // objects bring their own boxes; the image label stays
    return makeValues({{"seed", seed}, {"partners", std::move(partners)}});
}

void ImageCopyPaste::applyTo(ImageSample&, const Values&) const {} // no run: no partner

void ImageCopyPaste::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    const auto [s, loaded, p] = imagepartners::firstPartner(sample, v, run);
    if (!p)
        return;
    const cv::Size size = s->image.size();
    // Objects by the partner's mask, or else by its boxes' COCO polygons.
    const bool byMask = !p->mask.empty();
    const int maskType = !s->mask.empty() ? s->mask.type() : byMask ? p->mask.type() : CV_8UC1;
    const cv::Mat partnerMask =
        byMask ? imagepartners::fitted(p->mask, size, maskType, true) : cv::Mat();
    Rng pick(uint64_t(v.at("seed").get<int64_t>()));
    cv::Mat paste = cv::Mat::zeros(size, CV_8UC1);
    std::vector<BoundingBox> pasted;
    for (PastedObject& o : byMask ? objectsOf(*p, partnerMask, size) : polygonObjectsOf(*p, size))
        if (pick.bernoulli(objectP_)) {
            cv::Mat under = paste(o.at);
            cv::bitwise_or(under, o.pixels, under);
            pasted.push_back(o.box);
        }
    if (pasted.empty())
        return;
    const cv::Mat other = imagepartners::fitted(p->image, size, s->image.type());
    // Written in place unless the sample's pixels are the partner's (the same buffer: an
    // output may share a partner's pixels), which must stay as they are.
    const auto shares = [](const cv::Mat& a, const cv::Mat& b) { return a.u && a.u == b.u; };
    if (shares(s->image, other) || shares(s->image, p->image))
        s->image = s->image.clone();
    other.copyTo(s->image, paste);
    if (byMask) {
        if (s->mask.empty())
            s->mask = cv::Mat::zeros(size, maskType);
        else if (shares(s->mask, partnerMask) || shares(s->mask, p->mask))
            s->mask = s->mask.clone();
        partnerMask.copyTo(s->mask, paste);
    } else if (!s->mask.empty()) {
        s->mask = s->mask.clone();
        s->mask.setTo(0, paste); // a polygon brings no mask value: its pixels are background
    }
    // The sample's boxes shrink to their part left uncovered.
    std::vector<BoundingBox> kept;
    const cv::Rect whole({0, 0}, size);
    for (const BoundingBox& b : s->boxes) {
        const cv::Rect r = cv::Rect(cv::Point(int(std::floor(b.x1)), int(std::floor(b.y1))),
                                    cv::Point(int(std::ceil(b.x2)), int(std::ceil(b.y2)))) &
                           whole;
        if (r.empty())
            continue;
        const cv::Mat left = paste(r) == 0;
        const int visible = cv::countNonZero(left);
        if (double(visible) / r.area() < s->minVisibility)
            continue;
        if (visible == r.area()) {
            kept.push_back(b);
            continue;
        }
        const cv::Rect tight = cv::boundingRect(left) + r.tl();
        BoundingBox shrunk{std::max(b.x1, double(tight.x)), std::max(b.y1, double(tight.y)),
                           std::min(b.x2, double(tight.br().x)),
                           std::min(b.y2, double(tight.br().y)), b.classId};
        // The outline is kept, within what stays of the box (COCO keeps occluded outlines).
        shrunk.polygon = b.polygon;
        geometry::clampPolygon(
            shrunk, cv::Rect(cv::Point(int(std::floor(shrunk.x1)), int(std::floor(shrunk.y1))),
                             cv::Point(int(std::ceil(shrunk.x2)), int(std::ceil(shrunk.y2)))));
        kept.push_back(std::move(shrunk));
    }
    kept.insert(kept.end(), pasted.begin(), pasted.end());
    s->boxes = std::move(kept);
}

TransformInfo ImageCopyPaste::info() {
    return {"image.copy_paste",
            Modality::Image,
            "mix",
            "Paste objects cut by their masks from a partner image of the run; occluded boxes "
            "shrink or are dropped",
            {floatParam("object_p", 0.5, 0.0, 1.0, "Probability of pasting each object", {}, 0.05),
             partnerrefs::classParam("any")},
            0.5,
            factoryOf<ImageCopyPaste>()};
}

} // namespace augstudio::core

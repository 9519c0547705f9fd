#include "core/transforms/image/imagemix.h"

#include "core/random/distributions.h"
#include "core/transforms/image/imagepartners.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

ImageMixup::ImageMixup(const ParamSet& p)
    : alpha_(p.f("alpha")), which_(partnerClassFromName(p.s("partner_class"))) {}

Values ImageMixup::draw(Rng& rng, const SampleInfo& info) const {
    const double lambda = betaVariate(rng, alpha_, alpha_);
    nlohmann::json partners = partnerrefs::draw(rng, info, imagepartners::labelOf(info), which_, 1);
    for (auto& p : partners)
        p["weight"] = 1.0 - lambda;
    const double kept = partners.empty() ? 1.0 : lambda;
    return makeValues({{"lambda", kept}, {"partners", std::move(partners)}});
}

void ImageMixup::applyTo(ImageSample&, const Values&) const {} // no run: no partner

void ImageMixup::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    const auto [s, loaded, p] = imagepartners::firstPartner(sample, v, run);
    if (!p)
        return;
    const double lambda = v.at("lambda").get<double>();
    const cv::Mat other = imagepartners::fitted(p->image, s->image.size(), s->image.type());
    // In place (the sample's pixels are its own) unless they are the partner's: a fresh
    // frame-sized buffer per sample costs more than the blend.
    if (s->image.u == other.u)
        s->image = s->image.clone();
    cv::addWeighted(s->image, lambda, other, 1.0 - lambda, 0.0, s->image);
    const double sx = double(s->image.cols) / p->image.cols;
    const double sy = double(s->image.rows) / p->image.rows;
    for (const BoundingBox& b : p->boxes)
        s->boxes.push_back(imagepartners::placed(b, sx, sy, 0, 0));
}

TransformInfo ImageMixup::info() {
    return {
        "image.mixup",
        Modality::Image,
        "mix",
        "Blend with a partner image of the run, lambda ~ Beta(alpha, alpha); soft label in "
        "the manifest and soft_labels.csv; boxes of both kept",
        {floatParam("alpha", 0.4, 0.01, 10.0, "Beta(alpha, alpha) weight of the sample", {}, 0.05),
         partnerrefs::classParam("any")},
        0.5,
        factoryOf<ImageMixup>()};
}

ImageCutmix::ImageCutmix(const ParamSet& p)
    : alpha_(p.f("alpha")), which_(partnerClassFromName(p.s("partner_class"))) {}

Values ImageCutmix::draw(Rng& rng, const SampleInfo& info) const {
    const double lambda = betaVariate(rng, alpha_, alpha_);
    const int w = info.width, h = info.height;
    const double cut = std::sqrt(1.0 - lambda);
    const int cw = int(std::lround(w * cut)), ch = int(std::lround(h * cut));
    const int cx = w > 0 ? int(rng.integer(0, w - 1)) : 0;
    const int cy = h > 0 ? int(rng.integer(0, h - 1)) : 0;
    const int x1 = std::clamp(cx - cw / 2, 0, w), x2 = std::clamp(cx + cw / 2, 0, w);
    const int y1 = std::clamp(cy - ch / 2, 0, h), y2 = std::clamp(cy + ch / 2, 0, h);
    const double share = w > 0 && h > 0 ? double(x2 - x1) * double(y2 - y1) / (double(w) * h) : 0;
    nlohmann::json partners =
        share > 0 ? partnerrefs::draw(rng, info, imagepartners::labelOf(info), which_, 1)
                  : nlohmann::json::array();
    for (auto& p : partners)
        p["weight"] = share;
    return makeValues(
        {{"box", nlohmann::json::array({x1, y1, x2, y2})}, {"partners", std::move(partners)}});
}

void ImageCutmix::applyTo(ImageSample&, const Values&) const {} // no run: no partner

void ImageCutmix::applyWith(Sample& sample, const Values& v, const RunContext& run) const {
    const auto [s, loaded, p] = imagepartners::firstPartner(sample, v, run);
    if (!p)
        return;
    const nlohmann::json& b = v.at("box");
    const cv::Rect whole(0, 0, s->image.cols, s->image.rows);
    const cv::Rect box = cv::Rect(cv::Point(b[0].get<int>(), b[1].get<int>()),
                                  cv::Point(b[2].get<int>(), b[3].get<int>())) &
                         whole;
    if (box.empty())
        return;
    const cv::Mat other = imagepartners::fitted(p->image, s->image.size(), s->image.type());
    if (!s->image.isContinuous() || s->image.u == other.u)
        s->image = s->image.clone();
    other(box).copyTo(s->image(box));
    if (!s->mask.empty()) {
        if (!p->mask.empty())
            imagepartners::fitted(p->mask, s->mask.size(), s->mask.type(), true)(box).copyTo(
                s->mask(box));
        else
            s->mask(box).setTo(0);
    }
    // The sample's boxes lose the part under the box.
    std::vector<BoundingBox> kept;
    for (const BoundingBox& o : s->boxes) {
        const double area = o.area();
        const double ix =
            std::max(0.0, std::min(o.x2, double(box.br().x)) - std::max(o.x1, double(box.x)));
        const double iy =
            std::max(0.0, std::min(o.y2, double(box.br().y)) - std::max(o.y1, double(box.y)));
        if (area > 0 && (area - ix * iy) / area >= s->minVisibility)
            kept.push_back(o);
    }
    const double sx = double(s->image.cols) / p->image.cols;
    const double sy = double(s->image.rows) / p->image.rows;
    for (const BoundingBox& o : p->boxes) {
        BoundingBox q = imagepartners::placed(o, sx, sy, 0, 0);
        const double whole = q.area();
        if (imagepartners::clipVisible(q, box, whole, s->minVisibility))
            kept.push_back(q);
    }
    s->boxes = std::move(kept);
}

TransformInfo ImageCutmix::info() {
    return {"image.cutmix",
            Modality::Image,
            "mix",
            "Paste a box of a partner image, box area (1 - lambda) from Beta(alpha, alpha); label "
            "weight by area; boxes kept by visibility",
            {floatParam("alpha", 1.0, 0.01, 10.0, "Beta(alpha, alpha) share kept by the sample", {},
                        0.05),
             partnerrefs::classParam("any")},
            0.5,
            factoryOf<ImageCutmix>()};
}

} // namespace augstudio::core

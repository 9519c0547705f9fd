#include "core/transforms/image/templatetransform.h"

#include "core/transforms/image/imagepartners.h"
#include "core/transforms/image/pixelops.h"

#include <opencv2/core.hpp>

#include <algorithm>

namespace augstudio::core {

TemplateTransform::TemplateTransform(const ParamSet& p, const LoadContext& load)
    : reference_(p.s("folder"), load), weight_(p.range("image_weight")) {}

Values TemplateTransform::draw(Rng& rng, const SampleInfo& info) const {
    Values v = reference_.draw(rng, info);
    v["image_weight"] = rng.uniform(weight_.lo, weight_.hi);
    return v;
}

void TemplateTransform::applyReference(ImageSample& s, const Values& v,
                                       const RunContext* run) const {
    const double w = std::clamp(v.at("image_weight").get<double>(), 0.0, 1.0);
    if (s.image.empty() || w >= 1)
        return;
    const ReferenceImage::Found ref = reference_.find(v, run);
    if (!ref.image)
        return;
    const cv::Mat templ = imagepartners::fitted(ref.image->image, s.image.size(), s.image.type());
    if (s.image.channels() != 4 && s.image.u != templ.u) { // in place: the pixels are the sample's
        cv::addWeighted(s.image, w, templ, 1.0 - w, 0.0, s.image);
        return;
    }
    cv::Mat out;
    cv::addWeighted(s.image, w, templ, 1.0 - w, 0.0, out);
    if (s.image.channels() == 4) {
        const int alpha[] = {3, 3};
        cv::mixChannels(&s.image, 1, &out, 1, alpha, 1); // alpha stays the sample's
    }
    s.image = out;
}

TransformInfo TemplateTransform::info() {
    TransformInfo t = pixel::info(
        "image.template_transform",
        "Blend a template image (from a folder, or a partner of the run) into the image, the "
        "image's weight drawn",
        {ReferenceImage::folderParam("template"),
         rangeParam("image_weight", 0.5, 0.5, 0.0, 1.0,
                    "weight of the image in the blend, drawn from [lo, hi]; the template gets "
                    "1 - weight; 1 leaves the image as it is",
                    "", 0.05)},
        loadFactoryOf<TemplateTransform>());
    t.kind = "mix";
    return t;
}

} // namespace augstudio::core

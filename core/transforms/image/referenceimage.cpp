#include "core/transforms/image/referenceimage.h"

#include "core/pipeline/partnerrefs.h"
#include "core/transforms/image/imagepartners.h"

#include <stdexcept>

namespace augstudio::core {

ReferenceImage::ReferenceImage(const std::string& folder, const LoadContext& load) {
    if (!folder.empty())
        folder_.emplace(load.images, folder);
}

Values ReferenceImage::draw(Rng& rng, const SampleInfo& info) const {
    if (folder_) {
        const auto index = size_t(rng.integer(0, int64_t(folder_->size()) - 1));
        return makeValues(
            {{"reference", folder_->name(index)}, {"partners", nlohmann::json::array()}});
    }
    nlohmann::json partners =
        partnerrefs::draw(rng, info, imagepartners::labelOf(info), PartnerClass::Any, 1);
    for (auto& p : partners)
        p["weight"] = 0.0; // a reference lends its style, not its label
    return makeValues({{"reference", nullptr}, {"partners", std::move(partners)}});
}

ReferenceImage::Found ReferenceImage::find(const Values& v, const RunContext* run) const {
    Found out;
    const nlohmann::json& name = v.at("reference");
    if (name.is_string()) {
        if (!folder_)
            return out; // replayed against a pipeline without the folder
        out.file = folder_->load(name.get<std::string>());
        out.image = out.file->image.empty() ? nullptr : out.file.get();
        return out;
    }
    const nlohmann::json& partners = v.at("partners");
    if (!run || partners.empty())
        return out;
    out.partner = partnerrefs::load(*run, partners[0]);
    out.image = imagepartners::imageOf(out.partner);
    return out;
}

ParamSpec ReferenceImage::folderParam(const std::string& what) {
    ParamSpec p =
        pathParam("folder", "",
                  "folder of " + what + " images, read at load; empty: a partner image of the run");
    p.optional = true;
    return p;
}

void ReferenceImageTransform::applyTo(ImageSample& sample, const Values& values) const {
    applyReference(sample, values, nullptr);
}

void ReferenceImageTransform::applyWith(Sample& sample, const Values& values,
                                        const RunContext& run) const {
    auto* s = std::get_if<ImageSample>(&sample);
    if (!s)
        throw std::invalid_argument("transform applied to a sample of another modality");
    applyReference(*s, values, &run);
}

} // namespace augstudio::core

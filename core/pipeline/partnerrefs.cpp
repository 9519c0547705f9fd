#include "core/pipeline/partnerrefs.h"

namespace augstudio::core::partnerrefs {

ParamSpec classParam(const std::string& def) {
    return enumParam("partner_class", def, {"any", "same", "other"},
                     "Which items may be partners: any class, the sample's class, or another");
}

const PartnerSource* sourceOf(const SampleInfo& info) {
    return info.context ? info.context->partners.get() : nullptr;
}

nlohmann::json draw(Rng& rng, const SampleInfo& info, const std::string& label, PartnerClass which,
                    size_t count) {
    nlohmann::json out = nlohmann::json::array();
    const PartnerSource* source = sourceOf(info);
    if (!source)
        return out;
    for (size_t i : source->draw(rng, info.modality, label, which, info.context->itemKey, count)) {
        const PartnerEntry& e = source->entries()[i];
        nlohmann::json ref = nlohmann::json::object();
        ref["key"] = e.key;
        ref["label"] = e.label;
        out.push_back(std::move(ref));
    }
    return out;
}

std::shared_ptr<const Sample> load(const RunContext& run, const nlohmann::json& ref) {
    if (!run.partners || !ref.is_object() || !ref.contains("key"))
        return nullptr;
    const int64_t at = run.partners->find(ref.at("key").get<std::string>());
    return at < 0 ? nullptr : run.partners->load(size_t(at));
}

} // namespace augstudio::core::partnerrefs

#include "core/pipeline/partnersource.h"

#include <stdexcept>

namespace augstudio::core {

const char* partnerClassName(PartnerClass c) {
    switch (c) {
    case PartnerClass::Same:
        return "same";
    case PartnerClass::Other:
        return "other";
    case PartnerClass::Any:
        break;
    }
    return "any";
}

PartnerClass partnerClassFromName(const std::string& name) {
    if (name == "same")
        return PartnerClass::Same;
    if (name == "other")
        return PartnerClass::Other;
    if (name == "any")
        return PartnerClass::Any;
    throw std::invalid_argument("partner class must be same, other or any, not '" + name + "'");
}

PartnerSource::PartnerSource(std::vector<PartnerEntry> entries) : entries_(std::move(entries)) {
    byKey_.reserve(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i)
        byKey_.emplace(entries_[i].key, i); // a repeated key keeps its first entry
}

int64_t PartnerSource::find(std::string_view key) const {
    const auto it = byKey_.find(std::string(key));
    return it == byKey_.end() ? -1 : int64_t(it->second);
}

std::vector<size_t> PartnerSource::candidates(Modality modality, const std::string& label,
                                              PartnerClass which, std::string_view self) const {
    std::vector<size_t> out;
    int64_t selfAt = -1;
    for (size_t i = 0; i < entries_.size(); ++i) {
        const PartnerEntry& e = entries_[i];
        if (e.modality != modality)
            continue;
        if ((which == PartnerClass::Same && e.label != label) ||
            (which == PartnerClass::Other && e.label == label))
            continue;
        if (!self.empty() && e.key == self) {
            selfAt = int64_t(i);
            continue;
        }
        out.push_back(i);
    }
    if (out.empty() && selfAt >= 0)
        out.push_back(size_t(selfAt)); // the only one of its class: mixing with itself is a no-op
    return out;
}

std::vector<size_t> PartnerSource::draw(Rng& rng, Modality modality, const std::string& label,
                                        PartnerClass which, std::string_view self,
                                        size_t count) const {
    const std::vector<size_t> from = candidates(modality, label, which, self);
    std::vector<size_t> out;
    if (from.empty())
        return out;
    for (size_t n = 0; n < count; ++n)
        out.push_back(from[size_t(rng.integer(0, int64_t(from.size()) - 1))]);
    return out;
}

} // namespace augstudio::core

#include "core/pipeline/registry.h"

#include <stdexcept>

namespace augstudio::core {

void Registry::add(TransformInfo info) {
    if (find(info.id))
        throw std::logic_error("transform '" + info.id + "' registered twice");
    entries_.push_back(std::move(info));
}

const TransformInfo* Registry::find(std::string_view id) const {
    for (const auto& e : entries_)
        if (e.id == id)
            return &e;
    return nullptr;
}

std::vector<const TransformInfo*> Registry::list(std::optional<Modality> modality) const {
    std::vector<const TransformInfo*> out;
    for (const auto& e : entries_)
        if (!modality || e.modality == *modality)
            out.push_back(&e);
    return out;
}

} // namespace augstudio::core

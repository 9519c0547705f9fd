#pragma once

#include "core/pipeline/transform.h"

#include <optional>
#include <string_view>
#include <vector>

namespace augstudio::core {

// The catalog: the single source of truth for what transforms exist and their schemas.
class Registry {
public:
    // Throws std::logic_error on a duplicate id (a registration bug).
    void add(TransformInfo info);
    const TransformInfo* find(std::string_view id) const;
    std::vector<const TransformInfo*> list(std::optional<Modality> modality = {}) const;

private:
    std::vector<TransformInfo> entries_;
};

} // namespace augstudio::core

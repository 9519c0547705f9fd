#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace augstudio::core {

// The soft label of one output: (class, weight) pairs summing to 1, in first-seen order.
using SoftLabel = std::vector<std::pair<std::string, double>>;

// Folds the mixing steps of a run (its stepsJson) over the item's own class: each applied
// step whose values hold "partners" [{"label", "weight"}, ...] scales what came before by
// 1 - the sum of its weights and adds each partner's weight to the partner's class. An output
// no step mixed has its own class at weight 1.
SoftLabel softLabelOf(const std::string& label, const nlohmann::json& steps);
// Whether any applied step of `steps` mixed in a partner.
bool mixedInPartners(const nlohmann::json& steps);

} // namespace augstudio::core

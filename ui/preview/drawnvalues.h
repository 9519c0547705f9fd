#pragma once

#include <QString>

#include <nlohmann/json.hpp>

namespace augstudio::ui {

// The values a step drew, for people (plain text; the caller escapes it for HTML):
// - numbers with 3 significant digits ("12.1", "0.0145", "3370"), integers as they are;
// - edits as what they did: "shower→cascade", "the↔shower", "+dawning", "−every";
//   other objects as "key=value" pairs;
// - lists shortened: "[4, 1, 3, 2, …(+3)]", "a→b, c→d, e→f …(+2)"; an empty list is "none";
// - seeds (integers named "seed") left out.
// A step's values are "name=value" pairs; a step whose only value is a list of edits shows
// just the edits ("synonym_replace: shower→cascade").
QString formatDrawnValues(const nlohmann::json& values);
QString formatDrawnValue(const nlohmann::json& value);
QString formatDrawnNumber(double value);
// A transform id without its modality, as the panels show it: "image.rotate" -> "rotate".
QString shortTransformName(const std::string& id);

} // namespace augstudio::ui

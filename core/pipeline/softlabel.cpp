#include "core/pipeline/softlabel.h"

#include <algorithm>

namespace augstudio::core {

namespace {
const nlohmann::json* weightedPartners(const nlohmann::json& step) {
    if (!step.is_object() || !step.value("applied", false) || !step.contains("values"))
        return nullptr;
    const auto& v = step["values"];
    if (!v.is_object() || !v.contains("partners") || !v["partners"].is_array())
        return nullptr;
    return &v["partners"];
}

// A partner entry with a soft-label weight ({"key", "label", "weight"}); series.wdba's
// [label, index] references carry none.
double weightOf(const nlohmann::json& p) {
    if (!p.is_object() || !p.contains("weight") || !p["weight"].is_number())
        return -1;
    return p["weight"].get<double>();
}
} // namespace

SoftLabel softLabelOf(const std::string& label, const nlohmann::json& steps) {
    SoftLabel out{{label, 1.0}};
    if (!steps.is_array())
        return out;
    for (const auto& step : steps) {
        const auto* partners = weightedPartners(step);
        if (!partners)
            continue;
        double raw = 0;
        for (const auto& p : *partners)
            raw += std::max(0.0, weightOf(p));
        if (raw <= 0)
            continue;
        const double mixed = std::min(raw, 1.0), scale = mixed / raw; // weights over 1 rescaled
        for (auto& [cls, w] : out)
            w *= 1.0 - mixed;
        for (const auto& p : *partners) {
            const double w = std::max(0.0, weightOf(p)) * scale;
            if (w <= 0)
                continue;
            const std::string cls = p.contains("label") && p["label"].is_string()
                                        ? p["label"].get<std::string>()
                                        : std::string();
            auto it =
                std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == cls; });
            if (it == out.end())
                out.emplace_back(cls, w);
            else
                it->second += w;
        }
    }
    out.erase(std::remove_if(out.begin(), out.end(), [](const auto& e) { return e.second <= 0; }),
              out.end());
    return out;
}

bool mixedInPartners(const nlohmann::json& steps) {
    if (!steps.is_array())
        return false;
    for (const auto& step : steps)
        if (const auto* p = weightedPartners(step))
            for (const auto& entry : *p)
                if (weightOf(entry) >= 0)
                    return true;
    return false;
}

} // namespace augstudio::core

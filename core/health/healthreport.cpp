#include "core/health/healthreport.h"

namespace augstudio::core {

namespace {

nlohmann::json groupsJson(const std::vector<HealthReport::DuplicateGroup>& groups) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& g : groups) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& i : g.items)
            items.push_back({{"key", i.key}, {"split", i.split}, {"label", i.label}});
        out.push_back({{"kind", g.kind}, {"splits", g.splits}, {"items", items}});
    }
    return out;
}

} // namespace

const HealthReport::Distribution* HealthReport::distribution(const std::string& name) const {
    for (const auto& d : distributions)
        if (d.name == name)
            return &d;
    return nullptr;
}

nlohmann::json HealthReport::toJson() const {
    nlohmann::json dists = nlohmann::json::array();
    for (const auto& d : distributions) {
        nlohmann::json j = d.histogram.toJson();
        j["name"] = d.name;
        j["unit"] = d.unit;
        dists.push_back(j);
    }
    nlohmann::json bad = nlohmann::json::array();
    for (const auto& b : unreadable)
        bad.push_back({{"path", b.path}, {"line", b.line}, {"reason", b.reason}});
    nlohmann::json tiny = nlohmann::json::array();
    for (const auto& t : tinyClasses)
        tiny.push_back({{"class", t.label}, {"count", t.count}});
    return {{"root", root.string()},
            {"modality", modalityName(modality)},
            {"items", items},
            {"distributions", dists},
            {"exact_duplicates", groupsJson(exactDuplicates)},
            {"near_duplicates", groupsJson(nearDuplicates)},
            {"leaks", groupsJson(leaks)},
            {"unreadable", bad},
            {"min_class_items", minClassItems},
            {"tiny_classes", tiny}};
}

} // namespace augstudio::core

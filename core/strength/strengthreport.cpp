#include "core/strength/strengthreport.h"

namespace augstudio::core {

nlohmann::json StrengthReport::toJson() const {
    nlohmann::json stepsJ = nlohmann::json::array();
    for (const Step& s : steps) {
        nlohmann::json params = nlohmann::json::array();
        for (const Parameter& p : s.parameters) {
            nlohmann::json pj = p.histogram.toJson();
            pj["name"] = p.name;
            params.push_back(pj);
        }
        stepsJ.push_back({{"index", s.index},
                          {"id", s.id},
                          {"applied", s.applied},
                          {"applied_share", s.appliedShare},
                          {"parameters", params}});
    }
    nlohmann::json drawsJ = nlohmann::json::array();
    for (const Draw& d : draws) {
        nlohmann::json records = nlohmann::json::array();
        for (const StepRecord& r : d.steps)
            records.push_back(r.toJson());
        drawsJ.push_back({{"copy", d.copy},
                          {"seed", d.seed},
                          {"similarity", d.similarity},
                          {"unchanged", d.unchanged},
                          {"too_strong", d.tooStrong},
                          {"steps", records}});
    }
    return {{"key", key},
            {"modality", modalityName(modality)},
            {"samples", draws.size()},
            {"measure", measure},
            {"min_similarity", minSimilarity},
            {"similarity", similarity.toJson()},
            {"steps", stepsJ},
            {"too_weak", tooWeak},
            {"too_strong", tooStrong},
            {"draws", drawsJ}};
}

} // namespace augstudio::core

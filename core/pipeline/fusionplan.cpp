#include "core/pipeline/fusionplan.h"

namespace augstudio::core {

namespace {

const char* applyName(FusionKind kind) {
    switch (kind) {
    case FusionKind::Matrix:
        return "warp";
    case FusionKind::Table:
        return "table";
    case FusionKind::None:
        break;
    }
    return "step";
}

} // namespace

FusionPlan FusionPlan::of(const std::vector<const Transform*>& leaves, bool fused) {
    FusionPlan plan;
    plan.fused = fused;
    for (size_t i = 0; i < leaves.size(); ++i) {
        const FusionKind kind = fused ? leaves[i]->fusion() : FusionKind::None;
        const size_t n = plan.runs.size();
        // A matrix step after [warp, table] joins the warp: the table moves behind it.
        if (kind == FusionKind::Matrix && n >= 2 && plan.runs[n - 1].kind == FusionKind::Table &&
            plan.runs[n - 2].kind == FusionKind::Matrix)
            plan.runs[n - 2].leaves.push_back(i);
        else if (kind != FusionKind::None && n > 0 && plan.runs.back().kind == kind)
            plan.runs.back().leaves.push_back(i);
        else
            plan.runs.push_back({kind, {i}});
    }
    return plan;
}

nlohmann::json FusionPlan::toJson() const {
    nlohmann::json out = nlohmann::json::array();
    for (const Run& run : runs)
        out.push_back({{"apply", applyName(run.kind)}, {"steps", run.leaves}});
    return out;
}

std::string FusionPlan::describe(const std::vector<std::string>& ids) const {
    std::string out;
    for (const Run& run : runs) {
        if (!out.empty())
            out += " ";
        out += applyName(run.kind);
        out += "(";
        for (size_t i = 0; i < run.leaves.size(); ++i) {
            if (i > 0)
                out += " ";
            out += run.leaves[i] < ids.size() ? ids[run.leaves[i]] : std::to_string(run.leaves[i]);
        }
        out += ")";
    }
    return out;
}

} // namespace augstudio::core

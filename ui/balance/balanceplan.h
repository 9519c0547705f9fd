#pragma once

#include "core/dataset/dataset.h"
#include "core/export/exporter.h"

#include <map>
#include <string>

namespace augstudio::ui {

// The export plan chosen in the balance panel: core's export options, so the "after export"
// bars come from core::planCounts, the same planner the exporter runs.
struct BalancePlan {
    core::ExportOptions options;
    using Counts = std::map<std::string, std::map<std::string, int64_t>>;
    Counts planned(const core::Dataset& dataset) const;
};

// largest / smallest count over the classes of `counts` summed across splits; 1 when < 2.
double imbalanceOf(const BalancePlan::Counts& counts);

} // namespace augstudio::ui

#pragma once

#include "core/pipeline/transform.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace augstudio::core {

// What fused execution does with a pipeline's leaf steps, known at load: maximal runs of
// consecutive matrix steps (one warp) and of table steps (one lookup table per channel of an
// 8-bit image); a table run between two matrix runs moves behind them, joining the two
// warps (tables commute with resampling up to interpolation error); every other step is a
// run of its own. Groups do not break a run: whichever
// child a OneOf or SomeOf picks joins it. A run's steps skipped by their p-draw count as
// identity, so a drawn run may be shorter than planned.
struct FusionPlan {
    struct Run {
        FusionKind kind = FusionKind::None;
        std::vector<size_t> leaves; // indices into the pipeline's leaf steps
    };
    bool fused = true;
    std::vector<Run> runs;

    static FusionPlan of(const std::vector<const Transform*>& leaves, bool fused);
    // [{"apply": "warp" | "table" | "step", "steps": [leaf, ...]}, ...]
    nlohmann::json toJson() const;
    // One line, e.g. "warp(0 1) table(2) warp(3 4 5)"; ids[leaf] names the steps.
    std::string describe(const std::vector<std::string>& ids) const;
};

} // namespace augstudio::core

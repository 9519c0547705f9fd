#pragma once

#include "core/pipeline/pipeline.h"
#include "core/pipeline/runcontext.h"
#include "core/strength/strengthreport.h"

#include <functional>
#include <optional>

namespace augstudio::core {

struct StrengthOptions {
    int samples = 64;                    // K draws: copies 0 .. K-1
    std::optional<double> minSimilarity; // "too strong" below this; default per measure
    int bins = 16;
    // Called from any thread with draws done; return false to cancel (OptionError
    // "cancelled" on the field "strength").
    std::function<bool(int done, int total)> progress;
    int threads = 0; // 0: all cores
};

// Draws K augmentations of `original` (the item named `key`) and measures them. Draw k
// is exactly what an export's copy k of that item holds.
StrengthReport measureStrength(const Pipeline& pipeline, const Sample& original,
                               const std::string& key, const RunContext& context,
                               const StrengthOptions& options = {});

} // namespace augstudio::core

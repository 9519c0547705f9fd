#pragma once

#include "core/pipeline/seriespool.h"
#include "core/util/readlimits.h"

#include <functional>
#include <memory>

namespace augstudio::core {

// What belongs to one run of a pipeline (an export, a preview, an `apply`, a Python
// loader), passed explicitly so two runs in one process never see each other's state.
// The caller builds it from what it holds: the exporter from the dataset, the studio from
// the open dataset, the CLI from its inputs, Python from its arguments.
struct RunContext {
    ReadLimits limits;
    // Partners of series.mixup_same_class; null: none (the transform leaves samples as
    // they are and records "partner": null).
    std::shared_ptr<const SeriesPool> seriesPool;
    // Asked between items; empty: never cancelled.
    std::function<bool()> cancelled;

    bool isCancelled() const { return cancelled && cancelled(); }
};

} // namespace augstudio::core

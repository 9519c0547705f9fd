#pragma once

#include "core/pipeline/partnersource.h"
#include "core/pipeline/seriespool.h"
#include "core/pipeline/textstatistics.h"
#include "core/util/readlimits.h"

#include <functional>
#include <memory>
#include <string>

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
    // Partners of the multi-sample transforms (image.mixup, image.mosaic, audio.mix, ...);
    // null: none (they leave samples as they are and record no partner).
    std::shared_ptr<const PartnerSource> partners;
    // The key of the item being run, left out of its own partners; callers running many
    // items set it per item on a copy of the context (empty: nothing is left out).
    std::string itemKey;
    // Word statistics of the run's texts for text.tfidf_replace; null: none (the transform
    // leaves texts as they are).
    std::shared_ptr<const TextStatistics> textStatistics;
    // Asked between items; empty: never cancelled.
    std::function<bool()> cancelled;

    bool isCancelled() const { return cancelled && cancelled(); }
};

} // namespace augstudio::core

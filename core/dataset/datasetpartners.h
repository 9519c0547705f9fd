#pragma once

#include "core/dataset/dataset.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/seriespool.h"
#include "core/util/readlimits.h"

#include <functional>
#include <memory>
#include <string>

namespace augstudio::core {

// Whether `pipeline` has a step that draws other series of the dataset (mixup_same_class,
// spawner, wdba, the guided warps).
bool usesSeriesPartners(const Pipeline& pipeline);
// Whether `pipeline` has a step that draws partners from the run's PartnerSource (image.mixup,
// image.cutmix, image.mosaic, image.copy_paste, audio.mix).
bool usesPartnerSource(const Pipeline& pipeline);

// The partners of series.mixup_same_class for a run over `dataset`: the series of the splits
// `inSplit` accepts, per class in dataset order (what `apply` gives for one file's rows).
// Read in parallel before any item runs, so a partner depends on neither threads, shards nor
// resumes. Unreadable files (and files whose row count changed since the scan) are left out;
// their items fail and are reported by the run itself.
std::shared_ptr<const SeriesPool>
seriesPartners(const Dataset& dataset, const std::function<bool(const std::string&)>& inSplit,
               const ReadLimits& limits);

} // namespace augstudio::core

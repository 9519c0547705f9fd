#pragma once

#include "core/dataset/dataset.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/runcontext.h"
#include "core/util/readlimits.h"

#include <functional>
#include <memory>
#include <string>

namespace augstudio::core {

// The run context an export of `dataset` would build for `pipeline`: series partners,
// partner source and word statistics from the items `inSplit` accepts, within `limits`.
// Only what the pipeline uses is built (the series pool for a series dataset, the word
// statistics for a text dataset); the fits run on the calling task arena. The export, the
// studio (preview and strength) and Python all build their context here, so the same item and
// copy give the same bytes in each. itemKey and cancelled are left for the caller.
RunContext datasetRunContext(std::shared_ptr<const Dataset> dataset,
                             const std::function<bool(const std::string&)>& inSplit,
                             const Pipeline& pipeline, const ReadLimits& limits);

} // namespace augstudio::core

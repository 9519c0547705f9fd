#pragma once

#include "core/dataset/dataset.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/textstatistics.h"
#include "core/util/readlimits.h"

#include <functional>
#include <memory>
#include <string>

namespace augstudio::core {

// Whether `pipeline` has a step that needs the run's word statistics (text.tfidf_replace).
bool usesTextStatistics(const Pipeline& pipeline);

// The word statistics of a run over `dataset`: fitted over the texts of the splits `inSplit`
// accepts, in dataset order, before any item runs, so what an item draws depends on neither
// threads, shards nor resumes. Unreadable rows and files are left out; the run reports them.
std::shared_ptr<const TextStatistics>
datasetTextStatistics(const Dataset& dataset,
                      const std::function<bool(const std::string&)>& inSplit,
                      const ReadLimits& limits);

} // namespace augstudio::core

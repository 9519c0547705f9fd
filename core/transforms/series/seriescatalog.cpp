#include "core/transforms/series/seriescatalog.h"

#include "core/pipeline/registry.h"

namespace augstudio::core {

void registerSeriesTransforms(Registry&) {}

} // namespace augstudio::core

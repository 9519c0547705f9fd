#include "core/catalog/presets.h"

#include "core/util/error.h"

namespace augstudio::core {

nlohmann::json edaPreset(int64_t) { throw PipelineError("eda", "the EDA preset is not built yet"); }

} // namespace augstudio::core

#include "core/catalog/presets.h"

#include "core/util/error.h"

namespace augstudio::core {

nlohmann::json kerasPreset(const nlohmann::json&) {
    throw PipelineError("keras", "the Keras preset is not built yet");
}

} // namespace augstudio::core

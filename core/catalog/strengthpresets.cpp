#include "core/catalog/presets.h"

#include "core/util/error.h"

namespace augstudio::core {

nlohmann::json strengthPreset(Modality, const std::string& strength) {
    throw PipelineError(strength, "strength presets are not built yet");
}

} // namespace augstudio::core

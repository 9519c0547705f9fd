#include "core/catalog/presets.h"

#include "core/util/error.h"

namespace augstudio::core {

nlohmann::json kerasPreset(const nlohmann::json&) {
    throw PipelineError("keras", "the Keras preset is not built yet");
}

nlohmann::json edaPreset(int64_t) { throw PipelineError("eda", "the EDA preset is not built yet"); }

nlohmann::json strengthPreset(Modality, const std::string& strength) {
    throw PipelineError(strength, "strength presets are not built yet");
}

} // namespace augstudio::core

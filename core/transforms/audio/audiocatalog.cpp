#include "core/transforms/audio/audiocatalog.h"

#include "core/pipeline/registry.h"

namespace augstudio::core {

void registerAudioTransforms(Registry&) {}

} // namespace augstudio::core

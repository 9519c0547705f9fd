#pragma once

namespace augstudio::core {
class Registry;

// Registration lines of the audio catalog.
void registerAudioTransforms(Registry& registry);

} // namespace augstudio::core

#pragma once

namespace augstudio::core {
class Registry;

// Registration lines of the text catalog.
void registerTextTransforms(Registry& registry);

} // namespace augstudio::core

#pragma once

namespace augstudio::core {
class Registry;

// Registration lines of the image catalog: geometry (spatial) and colour/pixel transforms.
void registerImageGeometry(Registry& registry);
void registerImagePixel(Registry& registry);
inline void registerImageTransforms(Registry& registry) {
    registerImageGeometry(registry);
    registerImagePixel(registry);
}

} // namespace augstudio::core

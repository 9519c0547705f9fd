#pragma once

namespace augstudio::core {
class Registry;

// Registration lines of the series catalog.
void registerSeriesTransforms(Registry& registry);

} // namespace augstudio::core

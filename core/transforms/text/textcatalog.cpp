#include "core/transforms/text/textcatalog.h"

#include "core/pipeline/registry.h"

namespace augstudio::core {

void registerTextTransforms(Registry&) {}

} // namespace augstudio::core

#include "core/pipeline/registry.h"
#include "core/transforms/image/imagecatalog.h"

namespace augstudio::core {

void registerImagePixel(Registry&) {}

} // namespace augstudio::core

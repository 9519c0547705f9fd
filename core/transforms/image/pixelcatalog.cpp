#include "core/pipeline/registry.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/image/tone.h"

namespace augstudio::core {

void registerImagePixel(Registry& r) {
    r.add(BrightnessContrast::info());
    r.add(Gamma::info());
    r.add(Invert::info());
    r.add(Posterize::info());
    r.add(Solarize::info());
    r.add(AutoContrast::info());
    r.add(Equalize::info());
    r.add(Clahe::info());
}

} // namespace augstudio::core

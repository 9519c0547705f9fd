#include "core/pipeline/registry.h"
#include "core/transforms/image/flips.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/image/rotate.h"

namespace augstudio::core {

void registerImageGeometry(Registry& r) {
    r.add(Flip::info(Flip::Kind::Horizontal));
    r.add(Flip::info(Flip::Kind::Vertical));
    r.add(Flip::info(Flip::Kind::Transpose));
    r.add(Flip::info(Flip::Kind::Rotate90));
    r.add(Rotate::info());
}

} // namespace augstudio::core

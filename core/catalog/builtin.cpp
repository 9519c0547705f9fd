#include "core/pipeline/registry.h"
#include "core/transforms/audio/audiocatalog.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/series/seriescatalog.h"
#include "core/transforms/text/textcatalog.h"

namespace augstudio::core {

const Registry& Registry::builtin() {
    static const Registry registry = [] {
        Registry r;
        registerImageTransforms(r);
        registerAudioTransforms(r);
        registerSeriesTransforms(r);
        registerTextTransforms(r);
        return r;
    }();
    return registry;
}

} // namespace augstudio::core

#include "core/catalog/builtin.h"

#include "core/io/audio/folderclipsource.h"
#include "core/io/image/folderimagesource.h"
#include "core/transforms/audio/audiocatalog.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/policy/policycatalog.h"
#include "core/transforms/series/seriescatalog.h"
#include "core/transforms/text/textcatalog.h"

namespace augstudio::core {

const Registry& builtinRegistry() {
    static const Registry registry = [] {
        Registry r;
        registerImageTransforms(r);
        registerPolicyTransforms(r);
        registerAudioTransforms(r);
        registerSeriesTransforms(r);
        registerTextTransforms(r);
        return r;
    }();
    return registry;
}

LoadContext fileLoadContext(const ReadLimits& limits) {
    return {std::make_shared<FolderClipSource>(limits),
            std::make_shared<FolderImageSource>(limits)};
}

Pipeline pipelineFromJson(const nlohmann::json& doc, const ReadLimits& limits) {
    return Pipeline::fromJson(doc, builtinRegistry(), fileLoadContext(limits));
}

Pipeline loadPipeline(const std::filesystem::path& file, const ReadLimits& limits) {
    return Pipeline::load(file, builtinRegistry(), fileLoadContext(limits));
}

} // namespace augstudio::core

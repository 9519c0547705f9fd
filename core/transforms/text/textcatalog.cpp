#include "core/transforms/text/textcatalog.h"

#include "core/pipeline/registry.h"
#include "core/transforms/text/charnoise.h"
#include "core/transforms/text/eda.h"
#include "core/transforms/text/randomdelete.h"
#include "core/transforms/text/randominsert.h"
#include "core/transforms/text/randomswap.h"
#include "core/transforms/text/synonymreplace.h"

namespace augstudio::core {

void registerTextTransforms(Registry& r) {
    r.add(SynonymReplace::info());
    r.add(RandomInsert::info());
    r.add(RandomSwap::info());
    r.add(RandomDelete::info());
    r.add(CharNoise::info());
    r.add(Eda::info());
}

} // namespace augstudio::core

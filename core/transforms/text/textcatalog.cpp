#include "core/transforms/text/textcatalog.h"

#include "core/pipeline/registry.h"
#include "core/transforms/text/aeda.h"
#include "core/transforms/text/antonymreplace.h"
#include "core/transforms/text/charnoise.h"
#include "core/transforms/text/charsubstitute.h"
#include "core/transforms/text/eda.h"
#include "core/transforms/text/ocrnoise.h"
#include "core/transforms/text/randomdelete.h"
#include "core/transforms/text/randominsert.h"
#include "core/transforms/text/randomswap.h"
#include "core/transforms/text/randomword.h"
#include "core/transforms/text/reservedreplace.h"
#include "core/transforms/text/sentenceshuffle.h"
#include "core/transforms/text/spellingnoise.h"
#include "core/transforms/text/splitwords.h"
#include "core/transforms/text/synonymreplace.h"
#include "core/transforms/text/tfidfreplace.h"

namespace augstudio::core {

void registerTextTransforms(Registry& r) {
    r.add(SynonymReplace::info());
    r.add(RandomInsert::info());
    r.add(RandomSwap::info());
    r.add(RandomDelete::info());
    r.add(CharNoise::info());
    r.add(Eda::info());
    r.add(AntonymReplace::info());
    r.add(SplitWords::info());
    r.add(OcrNoise::info());
    r.add(CharSubstitute::info());
    r.add(SpellingNoise::info());
    r.add(RandomWord::info());
    r.add(Aeda::info());
    r.add(SentenceShuffle::info());
    r.add(ReservedReplace::info());
    r.add(TfidfReplace::info());
}

} // namespace augstudio::core

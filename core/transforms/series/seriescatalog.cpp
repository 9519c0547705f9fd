#include "core/transforms/series/seriescatalog.h"

#include "core/pipeline/registry.h"
#include "core/transforms/series/convolve.h"
#include "core/transforms/series/cropresize.h"
#include "core/transforms/series/discriminativeguidedwarp.h"
#include "core/transforms/series/drift.h"
#include "core/transforms/series/dropout.h"
#include "core/transforms/series/frequencyperturbation.h"
#include "core/transforms/series/iaaftsurrogate.h"
#include "core/transforms/series/jitter.h"
#include "core/transforms/series/magnitudewarp.h"
#include "core/transforms/series/mixupsameclass.h"
#include "core/transforms/series/permutation.h"
#include "core/transforms/series/pool.h"
#include "core/transforms/series/quantize.h"
#include "core/transforms/series/randomguidedwarp.h"
#include "core/transforms/series/reverse.h"
#include "core/transforms/series/rotation.h"
#include "core/transforms/series/scaling.h"
#include "core/transforms/series/seriesmix.h"
#include "core/transforms/series/spawner.h"
#include "core/transforms/series/timewarp.h"
#include "core/transforms/series/wdba.h"
#include "core/transforms/series/windowslice.h"
#include "core/transforms/series/windowwarp.h"

namespace augstudio::core {

void registerSeriesTransforms(Registry& r) {
    r.add(SeriesJitter::info());
    r.add(SeriesScaling::info());
    r.add(SeriesMagnitudeWarp::info());
    r.add(SeriesTimeWarp::info());
    r.add(SeriesWindowSlice::info());
    r.add(SeriesWindowWarp::info());
    r.add(SeriesPermutation::info());
    r.add(SeriesRotation::info());
    r.add(SeriesDrift::info());
    r.add(SeriesDropout::info());
    r.add(SeriesQuantize::info());
    r.add(SeriesConvolve::info());
    r.add(SeriesPooling::info());
    r.add(SeriesReverse::info());
    r.add(SeriesCropResize::info());
    r.add(SeriesMixupSameClass::info());
    r.add(SeriesFrequencyPerturbation::info());
    r.add(SeriesIaaftSurrogate::info());
    r.add(SeriesSpawner::info());
    r.add(SeriesWdba::info());
    r.add(SeriesRandomGuidedWarp::info());
    r.add(SeriesDiscriminativeGuidedWarp::info());
    r.add(SeriesMixup::info());
    r.add(SeriesCutmix::info());
    r.add(SeriesSmote::info());
}

} // namespace augstudio::core

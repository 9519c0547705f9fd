#include "core/transforms/policy/policycatalog.h"

#include "core/pipeline/registry.h"
#include "core/transforms/policy/augmix.h"
#include "core/transforms/policy/autoaugment.h"
#include "core/transforms/policy/randaugment.h"
#include "core/transforms/policy/trivialaugment.h"

namespace augstudio::core {

void registerPolicyTransforms(Registry& r) {
    r.add(RandAugment::info());
    r.add(TrivialAugment::info());
    r.add(AutoAugment::info());
    r.add(AugMix::info());
}

} // namespace augstudio::core

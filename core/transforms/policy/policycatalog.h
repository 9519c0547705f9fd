#pragma once

namespace augstudio::core {
class Registry;

// Registration lines of the published policies (policy.*): RandAugment, TrivialAugment Wide,
// AutoAugment and AugMix, on image samples.
void registerPolicyTransforms(Registry& registry);

} // namespace augstudio::core

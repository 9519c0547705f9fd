#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.d4: one of the 8 symmetries of the square (dihedral group D4), drawn uniformly;
// exact rearrangements of pixels, mask, boxes and keypoints (Albumentations D4 names:
// e, r90, r180, r270, v, hvt, h, t).
class D4 : public ImageTransform {
public:
    explicit D4(const ParamSet&) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();
};

} // namespace augstudio::core

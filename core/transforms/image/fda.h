#pragma once

#include "core/transforms/image/referenceimage.h"

namespace augstudio::core {

// image.fda (Yang & Soatto 2020, Albumentations FDA): per colour channel, the amplitudes of
// the lowest spatial frequencies (|ky|, |kx| < floor(beta * shorter side)) are replaced by
// the reference image's (resized to the sample), the phases kept. beta 0 is the identity.
// The reference comes from the folder parameter or a partner of the run (ReferenceImage).
// Alpha, masks, boxes and keypoints are untouched; any depth.
class Fda : public ReferenceImageTransform {
public:
    Fda(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    static TransformInfo info();

private:
    void applyReference(ImageSample& sample, const Values& values,
                        const RunContext* run) const override;
    ReferenceImage reference_;
    Range beta_;
};

} // namespace augstudio::core

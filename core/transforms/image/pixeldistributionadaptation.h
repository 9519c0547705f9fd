#pragma once

#include "core/transforms/image/referenceimage.h"

namespace augstudio::core {

// image.pixel_distribution_adaptation (Albumentations PixelDistributionAdaptation): the
// colour values, as points of channel space, are fitted with a transform on the sample and
// on the reference; the sample is mapped through its own and back through the reference's,
// then blended with the original by the drawn ratio. pca: projected on the sample's
// principal axes and back-projected on the reference's (axes and mean move, not variances);
// standard: each channel's mean and standard deviation become the reference's; minmax: each
// channel's range becomes the reference's. The reference comes from the folder parameter or a
// partner of the run (ReferenceImage). Any depth; alpha and targets untouched.
class PixelDistributionAdaptation : public ReferenceImageTransform {
public:
    PixelDistributionAdaptation(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    static TransformInfo info();

private:
    void applyReference(ImageSample& sample, const Values& values,
                        const RunContext* run) const override;
    ReferenceImage reference_;
    Range blend_;
    std::string method_;
};

} // namespace augstudio::core

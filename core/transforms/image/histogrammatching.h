#pragma once

#include "core/transforms/image/referenceimage.h"

namespace augstudio::core {

// image.histogram_matching (Albumentations HistogramMatching): each colour channel is mapped
// so that its cumulative histogram follows the reference image's (linear interpolation
// between the reference's quantiles), then blended with the original by the drawn ratio
// (1: the reference's histogram, 0: unchanged). 8-bit and 16-bit images match on their own
// levels; float images on 65536 levels. The reference comes from the folder parameter or a
// partner of the run (ReferenceImage). Alpha and targets are untouched.
class HistogramMatching : public ReferenceImageTransform {
public:
    HistogramMatching(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    static TransformInfo info();

private:
    void applyReference(ImageSample& sample, const Values& values,
                        const RunContext* run) const override;
    ReferenceImage reference_;
    Range blend_;
};

} // namespace augstudio::core

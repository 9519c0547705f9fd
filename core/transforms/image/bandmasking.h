#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// SpecAugment-style masks on images (spectrograms: x is time, y is frequency): bands of
// whole columns (image.time_masking), of whole rows (image.frequency_masking), or several
// of both (image.xy_masking), filled with `fill`; the mask gets fill_mask there unless it
// is -1.
class BandMasking : public ImageTransform {
public:
    enum class Kind { Xy, Time, Frequency };
    BandMasking(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);

private:
    IntRange countX_{0, 0}, countY_{0, 0}, lengthX_{0, 0}, lengthY_{0, 0};
    double fill_;
    int fillMask_;
};

} // namespace augstudio::core

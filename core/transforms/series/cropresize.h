#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.crop_resize: crops a random window (crop_ratio of the length) and resamples it to
// exactly `size` steps: the transform whose purpose is to change the length.
class SeriesCropResize : public SeriesTransform {
public:
    explicit SeriesCropResize(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int64_t size_;
    Range cropRatio_;
};

} // namespace augstudio::core

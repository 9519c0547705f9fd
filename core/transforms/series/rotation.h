#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// series.rotation: random sign flips and a channel shuffle (Iwana & Uchida 2021), or a
// random 3-D rotation of each (x, y, z) channel triple (Um et al. 2017).
class SeriesRotation : public SeriesTransform {
public:
    explicit SeriesRotation(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    bool rotate3d_;
    double maxAngle_;
};

} // namespace augstudio::core

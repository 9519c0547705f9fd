#pragma once

#include "core/pipeline/transform.h"

#include <string>
#include <vector>

namespace augstudio::core {

// series.convolve: smoothing with a normalised window (tsaug's Convolve); gaps and the ends
// are handled by renormalising over the taps that hold values.
class SeriesConvolve : public SeriesTransform {
public:
    explicit SeriesConvolve(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(SeriesSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::string window_;
    IntRange size_;
};

} // namespace augstudio::core

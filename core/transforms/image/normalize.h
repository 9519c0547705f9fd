#pragma once

#include "core/pipeline/transform.h"

#include <vector>

namespace augstudio::core {

// image.normalize: (x / max_pixel_value - mean) / std per channel, output CV_32F (for export
// as float tensors). mean and std are listed in R, G, B(, A) order as published (ImageNet)
// and applied to the image's B, G, R(, A) channels; one value applies to every channel.
class NormalizeToFloat : public ImageTransform {
public:
    explicit NormalizeToFloat(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::vector<double> mean_, std_;
    double maxPixel_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.superpixels: SLIC superpixels (OpenCV ximgproc, SLICO) of the image scaled to at
// most max_size, each replaced by its mean colour with probability p_replace (imgaug /
// Albumentations Superpixels). The means are taken at full resolution.
class Superpixels : public ImageTransform {
public:
    explicit Superpixels(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range replace_;
    IntRange segments_;
    int maxSize_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.he_stain: haematoxylin-eosin stain augmentation by colour deconvolution
// (Albumentations HEStain; Ruifrok & Johnston 2001, Macenko et al. 2009): the optical
// density -ln((I + 1) / 256) of each pixel is split into H and E concentrations by the stain
// matrix (a published preset, or estimated from the image by Macenko's method), each
// concentration is scaled and shifted by drawn amounts, and the pixel rebuilt; the part of
// the density the two stains do not explain is kept, so scale 1 and shift 0 return the
// input. Background (optical density below 0.15 in every channel) is kept unless
// augment_background. Colour images only: one channel is left as it is; alpha is kept.
class HeStain : public ImageTransform {
public:
    explicit HeStain(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::string method_, preset_;
    Range scale_, shift_;
    bool augmentBackground_;
};

} // namespace augstudio::core

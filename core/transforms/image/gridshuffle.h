#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.random_grid_shuffle: the image cut into a rows x cols grid whose cells are permuted
// among cells of the same size (Albumentations RandomGridShuffle). Mask and keypoints move
// with their cell; a box becomes the bounding rect of its moved pieces.
class RandomGridShuffle : public ImageTransform {
public:
    explicit RandomGridShuffle(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int rows_, cols_;
};

} // namespace augstudio::core

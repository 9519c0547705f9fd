#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.mask_dropout: removes a drawn number of objects of the mask (Albumentations
// MaskDropout): an object is a connected region (8-connected) of one non-zero mask value;
// its pixels are filled with `fill` in the image and `fill_mask` in the mask; boxes left with
// less than min_visibility of their area outside the removed objects are dropped; keypoints
// are kept. Values: {"objects": [index, ...]}, indices into the objects listed by mask value,
// then in raster order of their first pixel.
class MaskDropout : public ImageTransform {
public:
    explicit MaskDropout(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

    // The objects of `mask` as one label image (CV_32S, 0 background, objects 1..n).
    static int labelObjects(const cv::Mat& mask, cv::Mat& labels);

private:
    IntRange objects_;
    double fill_, fillMask_;
};

} // namespace augstudio::core

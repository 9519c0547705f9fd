#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.constrained_coarse_dropout: coarse dropout whose holes fall inside objects
// (Albumentations ConstrainedCoarseDropout): the objects are the connected regions of the
// mask values in mask_indices (any non-zero value when empty), or the boxes of the classes
// in box_classes (every box when empty); each hole picks an object uniformly, takes a drawn
// fraction of that object's bounding box as its size and lies inside it. Without objects
// nothing changes. Values: {"holes": [[x, y, w, h], ...]}.
class ConstrainedCoarseDropout : public ImageTransform {
public:
    explicit ConstrainedCoarseDropout(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::vector<cv::Rect> objectsOf(const ImageSample& sample) const;

    IntRange holes_;
    Range height_, width_;
    bool fromBoxes_;
    std::vector<double> maskIndices_, boxClasses_;
    double fill_;
    bool dropMask_;
    double fillMask_;
};

} // namespace augstudio::core

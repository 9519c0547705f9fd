#pragma once

// Crops whose window depends on the targets: the boxes (kept whole, at least one kept, or
// near one) or the mask (a window over a labelled pixel). draw reads them from the sample;
// a sample without them gets a plain random crop (Albumentations' behaviour).

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.bbox_safe_random_crop: a random crop containing every box (their union, shrunk by
// erosion_rate); image.random_sized_bbox_safe_crop: the same window resized to width x
// height. Without boxes: a crop of height drawn in [(1 - erosion_rate) H, H] and the
// image's aspect ratio.
class BboxSafeRandomCrop : public ImageTransform {
public:
    enum class Kind { Crop, Sized };
    BboxSafeRandomCrop(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);

private:
    Kind kind_;
    double erosionRate_;
    int width_ = 0, height_ = 0, interpolation_ = 0;
};

// image.at_least_one_bbox_random_crop: a width x height window containing one drawn box
// (shrunk by erosion_factor); a random window without boxes; padded when the image is
// smaller than the window.
class AtLeastOneBboxRandomCrop : public ImageTransform {
public:
    explicit AtLeastOneBboxRandomCrop(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int width_, height_;
    double erosion_;
    int border_;
    double fill_;
};

// image.random_crop_near_bbox: the window of one drawn box with each edge moved by up to
// max_part_shift of the box's size (clipped to the image); the whole image without boxes.
class RandomCropNearBbox : public ImageTransform {
public:
    explicit RandomCropNearBbox(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double shiftX_, shiftY_;
};

// image.crop_non_empty_mask: a width x height window over a drawn labelled mask pixel
// (values in ignore_values do not count); a random window when there is no such pixel.
class CropNonEmptyMask : public ImageTransform {
public:
    explicit CropNonEmptyMask(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int width_, height_;
    std::vector<double> ignore_;
    int border_;
    double fill_;
};

} // namespace augstudio::core

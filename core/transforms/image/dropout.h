#pragma once

// Dropout transforms: rectangles of the image filled with a constant (or noise). The holes
// are drawn in draw() and listed in the values; masks and boxes are left alone.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.coarse_dropout (Cutout): a drawn number of rectangles of drawn sizes.
class CoarseDropout : public ImageTransform {
public:
    explicit CoarseDropout(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange holes_;
    Range height_, width_;
    double fill_;
};

// image.random_erasing: torchvision RandomErasing, one rectangle of drawn area and aspect.
class RandomErasing : public ImageTransform {
public:
    explicit RandomErasing(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range scale_, ratio_;
    bool randomFill_;
    double fill_;
};

// image.grid_dropout: square holes on a regular grid (Albumentations GridDropout).
class GridDropout : public ImageTransform {
public:
    explicit GridDropout(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double ratio_;
    Range unit_;
    bool randomOffset_;
    double fill_;
};

} // namespace augstudio::core

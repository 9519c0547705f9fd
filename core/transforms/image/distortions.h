#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// Non-rigid warps through a per-pixel map (geometry::remap moves the targets).

// image.elastic: Simard-style elastic deformation (Albumentations ElasticTransform): a
// displacement field of uniform noise in [-1, 1] blurred with a Gaussian of `sigma` and
// scaled by `alpha`. The drawn seed regenerates the same field.
class ElasticTransform : public ImageTransform {
public:
    explicit ElasticTransform(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double alpha_, sigma_;
    int interpolation_, border_;
    double fill_;
};

// image.grid_distortion: the image cut into `steps` x `steps` cells whose widths and
// heights are scaled by 1 + a value drawn from `limit` (Albumentations GridDistortion).
class GridDistortion : public ImageTransform {
public:
    explicit GridDistortion(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int steps_;
    Range limit_;
    bool normalized_;
    int interpolation_, border_;
    double fill_;
};

// image.optical_distortion: barrel / pincushion lens distortion with radial coefficients
// k1 = k2 = k (Albumentations OpticalDistortion; the map cv::initUndistortRectifyMap makes).
class OpticalDistortion : public ImageTransform {
public:
    explicit OpticalDistortion(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range distort_;
    int interpolation_, border_;
    double fill_;
};

} // namespace augstudio::core

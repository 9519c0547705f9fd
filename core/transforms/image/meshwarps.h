#pragma once

// Non-rigid warps driven by a few control points: a piecewise affine mesh, an elastic quad
// mesh and a thin-plate spline. All build remap tables and go through geometry::remap, so
// mask (nearest), boxes and keypoints follow as for the other distortions.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.piecewise_affine: every vertex of a rows x cols grid moved by N(0, scale) of the
// image size, the map affine inside each grid triangle (Albumentations PiecewiseAffine).
class PiecewiseAffine : public ImageTransform {
public:
    explicit PiecewiseAffine(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range scale_;
    int rows_, cols_, interpolation_, border_;
    double fill_;
};

// image.grid_elastic_deform: the inner vertices of a grid moved by up to magnitude pixels,
// each cell mapped bilinearly (Albumentations GridElasticDeform).
class GridElasticDeform : public ImageTransform {
public:
    explicit GridElasticDeform(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int rows_, cols_;
    double magnitude_;
    int interpolation_;
};

// image.thin_plate_spline: a control grid of points x points moved by N(0, scale / 10) of
// the image size, the map the thin-plate spline through them (OpenCV's shape module
// ThinPlateSplineShapeTransformer, evaluated on a coarse grid and interpolated).
class ThinPlateSpline : public ImageTransform {
public:
    explicit ThinPlateSpline(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range scale_;
    int points_, interpolation_;
};

} // namespace augstudio::core

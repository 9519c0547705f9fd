#pragma once

// Geometry shared by every spatial image transform: OpenCV flag mapping, and moving the
// image, its mask, boxes and keypoints with one drawn geometry. Written once, here.

#include "core/pipeline/transform.h"
#include "core/sample/imagetargets.h"
#include "core/sample/sample.h"

#include <opencv2/core.hpp>

#include <string>

namespace augstudio::core::geometry {

int cvInterpolation(const std::string& name); // nearest, linear, cubic, area, lanczos
int cvBorder(const std::string& name);        // constant, replicate, reflect, reflect_101, wrap
cv::Scalar fillScalar(double fill);

// mapPoint, transformTargets and clipTargets: core/sample/imagetargets.h.

// Warps image (interpolation) and mask (nearest, constant 0) with the 2x3 or 3x3 matrix `m`
// mapping source pixel centres to destination ones, then moves the targets.
void warpAffine(ImageSample& sample, const cv::Matx23d& m, cv::Size out, int interpolation,
                int border, double fill);
void warpPerspective(ImageSample& sample, const cv::Matx33d& m, cv::Size out, int interpolation,
                     int border, double fill);

// Flips: code as cv::flip (0 vertical, 1 horizontal, -1 both).
void flip(ImageSample& sample, int code);
// Swaps rows and columns: pixel (x, y) goes to (y, x).
void transpose(ImageSample& sample);
// k quarter turns counter-clockwise (k in 1..3), as numpy.rot90.
void rotate90(ImageSample& sample, int k);
// Crops to `rect` (may extend outside: the outside is filled with `border`/`fill`).
void crop(ImageSample& sample, cv::Rect rect, int border = 0, double fill = 0);
void resize(ImageSample& sample, cv::Size size, int interpolation);
// Crop to `rect` then resize to `size`, in one resampling from the window when it lies
// inside the image (no intermediate copy).
void cropResize(ImageSample& sample, cv::Rect rect, cv::Size size, int interpolation,
                int border = 0, double fill = 0);

// Fused execution (Transform::warpOf): the step that leaves an image of `size` as it is;
// a resampling step by the 2x3 or 3x3 matrix `m` to `out`; moving whole pixels into the
// window `rect` (a crop, or a pad where it leaves the image).
WarpStep identityStep(cv::Size size);
WarpStep resampleStep(const cv::Matx33d& m, cv::Size out, int interpolation, int border,
                      double fill);
WarpStep resampleStep(const cv::Matx23d& m, cv::Size out, int interpolation, int border,
                      double fill);
WarpStep windowStep(cv::Rect rect, cv::Size input, int border, double fill);
// The matrix of `flip(code)`, `transpose` and `rotate90(k)` on an image of `size`.
WarpStep flipStep(int code, cv::Size size);
WarpStep transposeStep(cv::Size size);
WarpStep rotate90Step(int k, cv::Size size);
// Scaling `input` to `out` (resize), or the window `rect` of it (cropResize).
WarpStep resizeStep(cv::Rect rect, cv::Size out, int interpolation);

// Remapping transforms (elastic, grid and optical distortion): mapX/mapY give, for each
// destination pixel, its source position. Boxes move with the region they cover, keypoints
// to the destination pixel whose source is nearest.
// The destination position (continuous coordinates) whose source, under mapX/mapY, is
// nearest to `p`: how a keypoint moves through a remap.
cv::Point2d inverseMapPoint(const cv::Mat& mapX, const cv::Mat& mapY, cv::Point2d p);
void remap(ImageSample& sample, const cv::Mat& mapX, const cv::Mat& mapY, int interpolation,
           int border, double fill);

// Remap tables of a mesh warp: a (rows + 1) x (cols + 1) grid of vertices spread evenly over
// `size` (pixel-centre coordinates, first and last vertex on the outer pixel centres), each
// displaced by shift[vertex] (dx, dy, row-major); every destination pixel samples the source
// at its own position plus the displacement interpolated from its cell's vertices:
// bilinearly (a quad mesh, as PIL's mesh transform), or linearly inside the two triangles of
// the cell (a piecewise affine map).
void meshMaps(cv::Size size, int rows, int cols, const std::vector<cv::Point2d>& shift,
              bool triangles, cv::Mat& mapX, cv::Mat& mapY);

} // namespace augstudio::core::geometry

#pragma once

// Moving an image's boxes and keypoints with a matrix: shared by the spatial transforms and
// the fused warp of the pipeline, so both move targets the same way.

#include "core/sample/sample.h"

#include <opencv2/core.hpp>

#include <vector>

namespace augstudio::core::geometry {

// A point in continuous pixel coordinates (pixel i spans [i, i + 1)) under a matrix that
// maps pixel centres (OpenCV's convention).
cv::Point2d mapPoint(const cv::Matx33d& m, cv::Point2d p);

// Moves boxes and keypoints through `m` (continuous coordinates handled), then clips the
// boxes to `size` and drops those keeping less than sample.minVisibility of their area.
void transformTargets(ImageSample& sample, const cv::Matx33d& m, cv::Size size);
// Clips boxes to the image and drops the ones below min visibility; keypoints outside are
// kept (their coordinates tell where they went) so a caller can decide.
void clipTargets(ImageSample& sample, cv::Size size, const std::vector<double>& areasBefore);
// Clamps the box's polygon points into `frame` (the outline kept inside the image; an outline
// leaving it is cut along the frame, approximately).
void clampPolygon(BoundingBox& b, const cv::Rect& frame);
// The whole pixels box `b` covers inside `frame` (outward to whole pixels, clipped; a box
// with a non-finite coordinate covers nothing).
cv::Rect boxPixels(const BoundingBox& b, const cv::Rect& frame);

} // namespace augstudio::core::geometry

#pragma once

#include "core/pipeline/partnerrefs.h"

#include <opencv2/core.hpp>

#include <vector>

// What the multi-sample image transforms (mixup, cutmix, mosaic, copy_paste) share: a
// partner brought to the sample's type, and boxes kept by their visible share.
namespace augstudio::core::imagepartners {

// `image` with the channel count and depth of `type` (grey <-> colour, alpha added or
// dropped; 8-bit, 16-bit and float values scaled to the target's range).
cv::Mat conform(const cv::Mat& image, int type);
// `image` conformed to `type` and resized to `size` (linear; nearest for masks).
cv::Mat fitted(const cv::Mat& image, cv::Size size, int type, bool nearest = false);
// The box (and its polygon) scaled by (sx, sy) and moved by (dx, dy).
BoundingBox placed(const BoundingBox& b, double sx, double sy, double dx, double dy);
// The box clipped to `area`; nullopt when less than `minVisibility` of `whole` remains.
bool clipVisible(BoundingBox& b, const cv::Rect& area, double wholeArea, double minVisibility);
// The partner image of a drawn reference, or null when the run has no such partner (or it
// is not an image).
const ImageSample* imageOf(const std::shared_ptr<const Sample>& partner);
// The label of the sample being drawn for ("" outside a run).
const std::string& labelOf(const SampleInfo& info);

// The sample an apply works on and its first recorded partner, decoded: what mixup, cutmix
// and copy_paste start from. `partner` is null when the draw recorded no partner, the image
// is empty or the run has no such image partner (the sample is then left as it is).
struct FirstPartner {
    ImageSample* sample = nullptr;
    std::shared_ptr<const Sample> loaded; // keeps `partner` alive
    const ImageSample* partner = nullptr;
};
FirstPartner firstPartner(Sample& sample, const Values& v, const RunContext& run);

} // namespace augstudio::core::imagepartners

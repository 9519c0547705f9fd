#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace augstudio::core {

enum class Modality { Image, Audio, Series, Text };

const char* modalityName(Modality m);
// Throws std::invalid_argument for an unknown name.
Modality modalityFromName(const std::string& name);

// Axis-aligned box in pixel coordinates, x2/y2 exclusive edges.
struct BoundingBox {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    int classId = 0;
    // The object's outline as COCO segmentation polygons (rings of points in pixels), or
    // empty. Moved with the box by the shared geometry (core/sample/imagetargets and the
    // partner placement); a transform that builds a new box from coordinates drops it.
    std::vector<std::vector<cv::Point2d>> polygon{};
    double area() const { return std::max(0.0, x2 - x1) * std::max(0.0, y2 - y1); }
};

struct Keypoint {
    double x = 0, y = 0;
};

// An image as read (depth and channel count kept) with its optional targets.
struct ImageSample {
    cv::Mat image;
    cv::Mat mask; // empty, or CV_8UC1 / CV_16UC1 of the image's size
    std::vector<BoundingBox> boxes;
    std::vector<Keypoint> keypoints;
    double minVisibility = 0.3; // boxes keeping less of their area than this are dropped
    std::string label;
};

// Planar float32 audio in [-1, 1]: channels[c][frame].
struct AudioSample {
    std::vector<std::vector<float>> channels;
    int sampleRate = 0;
    std::string label;
    int64_t frames() const { return channels.empty() ? 0 : int64_t(channels[0].size()); }
};

// A T x C matrix (rows are time steps), CV_64FC1; NaN marks a gap.
struct SeriesSample {
    cv::Mat values;
    std::vector<std::string> channelNames;
    std::vector<double> timestamps; // empty or one per row
    std::string label;
    int steps() const { return values.rows; }
    int channelCount() const { return values.cols; }
};

struct TextSample {
    std::string text; // UTF-8
    std::string label;
};

using Sample = std::variant<ImageSample, AudioSample, SeriesSample, TextSample>;

Modality modalityOf(const Sample& s);

} // namespace augstudio::core

namespace augstudio::core {
// A deep copy: cv::Mat members are cloned, so transforms may work in place on the copy.
Sample cloneSample(const Sample& s);
} // namespace augstudio::core

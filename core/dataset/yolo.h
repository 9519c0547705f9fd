#pragma once

// The Ultralytics YOLO label format: one `class cx cy w h` line per box, normalised to the
// image size, and the class names of data.yaml.

#include "core/dataset/dataset.h"

#include <filesystem>
#include <string>
#include <vector>

namespace augstudio::core::yolo {

// Class names from data.yaml: `names: [a, b]`, `names: ['a', "b"]`, or a block list
// (`names:\n  - a`) or dict (`names:\n  0: a`). Empty when the file has none.
std::vector<std::string> readNames(const std::filesystem::path& dataYaml);
std::vector<std::string> parseNames(const std::string& yamlText);

// Reads a label file into pixel boxes for an image of width x height. Lines with the wrong
// field count, non-numbers or a class id outside [0, classCount) (when classCount > 0) are
// skipped and reported; coordinates outside [0, 1] are clipped and reported. `rel` names the
// file in reports.
std::vector<BoundingBox> readLabels(const std::filesystem::path& file, const std::string& rel,
                                    int width, int height, int classCount,
                                    std::vector<BadFile>& bad);
// Formats boxes as label lines, normalised to width x height, six decimals.
std::string formatLabels(const std::vector<BoundingBox>& boxes, int width, int height);

// The label path of an image path: the last "images" folder becomes "labels", the
// extension ".txt" (Ultralytics' rule).
std::filesystem::path labelPathFor(const std::filesystem::path& imageRel);

} // namespace augstudio::core::yolo

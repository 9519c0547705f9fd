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
// `source` names the file in errors ("<source>:<line>").
std::vector<std::string> parseNames(const std::string& yamlText,
                                    const std::string& source = "data.yaml");

// The image folders data.yaml names per split (`train: images/train`, `val: [a, b]`), as
// written: the caller resolves them inside the dataset (`path:` names the author's machine
// and is not used). Folders only; `line` numbers the entry in reports.
struct SplitPath {
    std::string split; // "train", "val" or "test"
    std::string path;
    int64_t line = 0;
};
std::vector<SplitPath> parseSplitPaths(const std::string& yamlText);
std::string readText(const std::filesystem::path& file); // "" when unreadable

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

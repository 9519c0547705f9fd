#pragma once

// COCO detection annotations: `images`, `annotations` (bbox [x, y, w, h] in pixels, and the
// segmentation polygons where given) and `categories`. Run-length segmentations and keypoints
// are not carried over.

#include "core/dataset/dataset.h"
#include "core/util/confinedroot.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace augstudio::core::coco {

// True when `doc` has the three COCO arrays.
bool looksLikeCoco(const nlohmann::json& doc);

// Adds the images of one COCO file to `dataset` (items keyed by their path relative to the
// root, boxes with classId = index into dataset.classes); missing images, malformed entries
// and annotations naming unknown images are reported in dataset.bad, and so are file_names
// that lead outside `confined` (absolute, "..", a symlink out): those are never opened.
void readAnnotations(const std::filesystem::path& jsonFile, const ConfinedRoot& confined,
                     Dataset& dataset);

// One output image with its boxes (classId: index into `categories`).
struct OutputImage {
    std::string fileName;
    int width = 0, height = 0;
    std::vector<BoundingBox> boxes;
};
// A new COCO document: image ids 1.. and annotation ids 1.. in the given order; categories
// as in the input (their original ids kept); boxes with a polygon get it as "segmentation"
// (and its area as "area").
nlohmann::json buildDocument(const nlohmann::json& categories,
                             const std::vector<OutputImage>& images);

} // namespace augstudio::core::coco

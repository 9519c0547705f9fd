#pragma once

#include "core/sample/sample.h"

#include <filesystem>

namespace augstudio::core {

struct ImageReadOptions {
    double maxMegapixels = 100.0; // refused before decoding above this (decompression bombs)
};

// Reads an image keeping depth (8/16-bit, float) and channels (1, 3, 4; BGR order).
// Throws IoError naming the file and the reason ("cannot decode: ...").
ImageSample readImage(const std::filesystem::path& file, const ImageReadOptions& options = {});

// Writes atomically is the exporter's job; this writes `file` directly. `quality` is JPEG /
// WebP quality (1-100). The format follows the extension. Throws IoError.
void writeImage(const std::filesystem::path& file, const cv::Mat& image, int quality = 95);

// Encodes to memory in the format of `extension` (".png", ".jpg", ...). Throws IoError.
std::vector<unsigned char> encodeImage(const std::string& extension, const cv::Mat& image,
                                       int quality = 95);

bool isImageExtension(const std::filesystem::path& file);

} // namespace augstudio::core

#pragma once

#include "core/sample/sample.h"
#include "core/util/readlimits.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace augstudio::core {

struct ImageReadOptions {
    // Refused before decoding above this (decompression bombs): the run's
    // ReadLimits::maxMegapixels.
    double maxMegapixels = ReadLimits{}.maxMegapixels;
};

// What the header of an image file says, without decoding pixels.
struct ImageHeader {
    std::string format; // "png", "jpeg", "bmp", "webp", "tiff", "pnm"
    int width = 0, height = 0;
    int channels = 0; // as decoded with IMREAD_UNCHANGED where known (0: unknown)
    int bitDepth = 8;
    int orientation = 1; // JPEG EXIF orientation (1: none)
};

// Reads the header of PNG / JPEG / BMP / WebP / TIFF / PNM. Throws IoError ("cannot decode:
// ...") when the bytes are not an intact header of one of these formats.
ImageHeader probeImage(const std::filesystem::path& file);
ImageHeader probeImageBytes(const unsigned char* data, size_t size);

// Throws IoError ("image exceeds the pixel limit (WxH > N megapixels)...") when the header
// describes more than `maxMegapixels`; what readImage, readMask and the scan check.
void checkPixelLimit(const std::filesystem::path& file, const ImageHeader& header,
                     double maxMegapixels);

// Reads a segmentation mask: one channel (the first of several), 8- or 16-bit, within the
// pixel limit (checked from the header before decoding). Throws IoError.
cv::Mat readMask(const std::filesystem::path& file, const ImageReadOptions& options);

// The EXIF orientation tag (0x0112) of a JPEG's APP1 segment; 1 when absent or unreadable.
int jpegExifOrientation(const unsigned char* data, size_t size);
// Turns an image stored with EXIF orientation `orientation` (1-8) upright.
void applyExifOrientation(cv::Mat& image, int orientation);

// Reads an image keeping depth (8/16-bit, float) and channels (1, 3, 4; BGR order); JPEG EXIF
// orientation is applied and CMYK JPEG comes out as BGR. The header is checked against the
// pixel limit before anything is decoded. Throws IoError naming the file and the reason
// ("cannot decode: ...", "image exceeds the pixel limit ...").
ImageSample readImage(const std::filesystem::path& file, const ImageReadOptions& options = {});

// Writes atomically is the exporter's job; this writes `file` directly. `quality` is JPEG /
// WebP quality (1-100). The format follows the extension. Throws IoError.
void writeImage(const std::filesystem::path& file, const cv::Mat& image, int quality = 95);

// Encodes to memory in the format of `extension` (".png", ".jpg", ...). Throws IoError.
std::vector<unsigned char> encodeImage(const std::string& extension, const cv::Mat& image,
                                       int quality = 95);

bool isImageExtension(const std::filesystem::path& file);

} // namespace augstudio::core

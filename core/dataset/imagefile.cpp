#include "core/dataset/imagefile.h"

#include "core/util/error.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <fstream>

namespace augstudio::core {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::vector<unsigned char> readBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw IoError(file.string(), "cannot open file");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

bool isImageExtension(const std::filesystem::path& file) {
    static const char* exts[] = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff",
                                 ".webp", ".pgm", ".ppm", ".pbm", ".pnm"};
    const std::string e = lower(file.extension().string());
    return std::any_of(std::begin(exts), std::end(exts), [&](const char* x) { return e == x; });
}

ImageSample readImage(const std::filesystem::path& file, const ImageReadOptions& options) {
    const std::vector<unsigned char> bytes = readBytes(file);
    if (bytes.empty())
        throw IoError(file.string(), "cannot decode: empty file");
    ImageSample s;
    try {
        s.image = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw IoError(file.string(), std::string("cannot decode: ") + e.err);
    }
    if (s.image.empty())
        throw IoError(file.string(), "cannot decode: not a supported or intact image");
    if (double(s.image.total()) > options.maxMegapixels * 1e6)
        throw IoError(file.string(), "image exceeds the pixel limit");
    return s;
}

std::vector<unsigned char> encodeImage(const std::string& extension, const cv::Mat& image,
                                       int quality) {
    const std::string ext = lower(extension);
    std::vector<int> flags;
    if (ext == ".jpg" || ext == ".jpeg")
        flags = {cv::IMWRITE_JPEG_QUALITY, quality};
    else if (ext == ".webp")
        flags = {cv::IMWRITE_WEBP_QUALITY, quality};
    else if (ext == ".png")
        flags = {cv::IMWRITE_PNG_COMPRESSION, 3};
    std::vector<unsigned char> out;
    try {
        if (!cv::imencode(ext, image, out, flags))
            throw IoError(extension, "cannot encode");
    } catch (const cv::Exception& e) {
        throw IoError(extension, std::string("cannot encode: ") + e.err);
    }
    return out;
}

void writeImage(const std::filesystem::path& file, const cv::Mat& image, int quality) {
    std::vector<unsigned char> bytes;
    try {
        bytes = encodeImage(file.extension().string(), image, quality);
    } catch (const IoError& e) {
        throw IoError(file.string(), e.reason());
    }
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw IoError(file.string(), "cannot open for writing");
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!out)
        throw IoError(file.string(), "write failed");
}

} // namespace augstudio::core

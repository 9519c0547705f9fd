#include "core/io/image/imagefile.h"

#include "core/util/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>

namespace augstudio::core {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::vector<unsigned char> readBytes(const std::filesystem::path& file, size_t limit = SIZE_MAX) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw IoError(file.string(), "cannot open file");
    // One read of the size the file has (a byte-wise copy cost as much as the read itself);
    // what it holds beyond that by now, or all of a file without a size, follows byte-wise.
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    std::vector<unsigned char> out(ec ? 0 : std::min(size_t(size), limit));
    in.read(reinterpret_cast<char*>(out.data()), std::streamsize(out.size()));
    out.resize(size_t(in.gcount()));
    for (std::istreambuf_iterator<char> it(in), end; out.size() < limit && it != end; ++it)
        out.push_back(static_cast<unsigned char>(*it));
    return out;
}

uint32_t be16(const unsigned char* p) {
    return uint32_t(p[0]) << 8 | p[1];
}
uint32_t be32(const unsigned char* p) {
    return be16(p) << 16 | be16(p + 2);
}
uint32_t le16(const unsigned char* p) {
    return uint32_t(p[1]) << 8 | p[0];
}
uint32_t le32(const unsigned char* p) {
    return le16(p + 2) << 16 | le16(p);
}

struct NotAnImage {
    std::string reason;
};

// Thrown by the parsers when the buffer ends before the header does.
struct Truncated {};

class Bytes {
public:
    Bytes(const unsigned char* d, size_t n) : d_(d), n_(n) {}
    const unsigned char* at(size_t off, size_t len) const {
        if (off > n_ || len > n_ - off)
            throw Truncated{};
        return d_ + off;
    }
    size_t size() const { return n_; }

private:
    const unsigned char* d_;
    size_t n_;
};

ImageHeader probePng(const Bytes& b) {
    const unsigned char* p = b.at(8, 25);
    if (std::memcmp(p + 4, "IHDR", 4) != 0)
        throw NotAnImage{"PNG without IHDR"};
    ImageHeader h;
    h.format = "png";
    h.width = int(be32(p + 8));
    h.height = int(be32(p + 12));
    h.bitDepth = p[16];
    switch (p[17]) {
    case 0:
        h.channels = 1;
        break;
    case 2:
    case 3:
        h.channels = 3;
        break;
    case 4:
    case 6:
        h.channels = 4; // OpenCV returns gray+alpha as BGRA
        break;
    default:
        throw NotAnImage{"PNG with an invalid colour type"};
    }
    return h;
}

// Reads the IFD0 entries of a TIFF structure starting at `base`.
template <class F> void walkTiff(const Bytes& b, size_t base, F&& onEntry) {
    const unsigned char* hdr = b.at(base, 8);
    const bool little = hdr[0] == 'I';
    auto u16 = [&](const unsigned char* p) { return little ? le16(p) : be16(p); };
    auto u32 = [&](const unsigned char* p) { return little ? le32(p) : be32(p); };
    if (u16(hdr + 2) != 42)
        throw NotAnImage{"TIFF without its magic number"};
    const size_t ifd = base + u32(hdr + 4);
    const uint32_t count = u16(b.at(ifd, 2));
    for (uint32_t i = 0; i < count; ++i) {
        const unsigned char* e = b.at(ifd + 2 + 12 * size_t(i), 12);
        const uint32_t tag = u16(e), type = u16(e + 2);
        const uint32_t value = type == 3 ? u16(e + 8) : u32(e + 8);
        onEntry(tag, value);
    }
}

ImageHeader probeTiff(const Bytes& b) {
    ImageHeader h;
    h.format = "tiff";
    h.channels = 0;
    int samples = 1;
    walkTiff(b, 0, [&](uint32_t tag, uint32_t value) {
        if (tag == 256)
            h.width = int(value);
        else if (tag == 257)
            h.height = int(value);
        else if (tag == 258)
            h.bitDepth = int(value);
        else if (tag == 277)
            samples = int(value);
    });
    h.channels = samples;
    return h;
}

int exifOrientationFromApp1(const Bytes& b, size_t start, size_t len) {
    if (len < 14 || std::memcmp(b.at(start, 6), "Exif\0\0", 6) != 0)
        return 1;
    int orientation = 1;
    try {
        walkTiff(b, start + 6, [&](uint32_t tag, uint32_t value) {
            if (tag == 0x0112 && value >= 1 && value <= 8)
                orientation = int(value);
        });
    } catch (...) {
        return 1; // a broken EXIF block does not make the image unreadable
    }
    return orientation;
}

ImageHeader probeJpeg(const Bytes& b) {
    ImageHeader h;
    h.format = "jpeg";
    size_t pos = 2;
    for (;;) {
        const unsigned char* m = b.at(pos, 2);
        if (m[0] != 0xFF)
            throw NotAnImage{"JPEG marker expected"};
        const unsigned marker = m[1];
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA)
            throw NotAnImage{"JPEG without a frame header"};
        const size_t len = be16(b.at(pos + 2, 2));
        if (len < 2)
            throw NotAnImage{"JPEG segment with an invalid length"};
        if (marker == 0xE1)
            if (const int o = exifOrientationFromApp1(b, pos + 4, len - 2); o != 1)
                h.orientation = o;
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            const unsigned char* f = b.at(pos + 4, 6);
            h.bitDepth = f[0];
            h.height = int(be16(f + 1));
            h.width = int(be16(f + 3));
            h.channels = f[5] == 1 ? 1 : 3; // YCbCr and CMYK both decode to BGR
            return h;
        }
        pos += 2 + len;
    }
}

ImageHeader probeBmp(const Bytes& b) {
    const unsigned char* p = b.at(14, 16);
    ImageHeader h;
    h.format = "bmp";
    const uint32_t headerSize = le32(p);
    if (headerSize == 12) {
        h.width = int(le16(p + 4));
        h.height = int(le16(p + 6));
        h.bitDepth = int(le16(p + 10));
    } else {
        h.width = int(int32_t(le32(p + 4)));
        h.height = std::abs(int(int32_t(le32(p + 8))));
        h.bitDepth = int(le16(b.at(28, 2)));
    }
    h.channels = h.bitDepth == 32 ? 4 : 3;
    h.bitDepth = 8;
    return h;
}

ImageHeader probeWebp(const Bytes& b) {
    const unsigned char* c = b.at(12, 4);
    ImageHeader h;
    h.format = "webp";
    h.channels = 3;
    if (std::memcmp(c, "VP8 ", 4) == 0) {
        const unsigned char* p = b.at(23, 7);
        if (p[0] != 0x9d || p[1] != 0x01 || p[2] != 0x2a)
            throw NotAnImage{"WebP VP8 frame without its start code"};
        h.width = int(le16(p + 3) & 0x3FFF);
        h.height = int(le16(p + 5) & 0x3FFF);
    } else if (std::memcmp(c, "VP8L", 4) == 0) {
        const unsigned char* p = b.at(20, 5);
        if (p[0] != 0x2f)
            throw NotAnImage{"WebP lossless without its signature"};
        const uint32_t bits = le32(p + 1);
        h.width = int(1 + (bits & 0x3FFF));
        h.height = int(1 + ((bits >> 14) & 0x3FFF));
        h.channels = ((bits >> 28) & 1) ? 4 : 3; // the alpha_is_used hint
    } else if (std::memcmp(c, "VP8X", 4) == 0) {
        const unsigned char* p = b.at(20, 10);
        h.channels = (p[0] & 0x10) ? 4 : 3;
        h.width = int(1 + (uint32_t(p[4]) | uint32_t(p[5]) << 8 | uint32_t(p[6]) << 16));
        h.height = int(1 + (uint32_t(p[7]) | uint32_t(p[8]) << 8 | uint32_t(p[9]) << 16));
    } else {
        throw NotAnImage{"WebP with an unknown chunk"};
    }
    return h;
}

ImageHeader probePnm(const Bytes& b) {
    ImageHeader h;
    h.format = "pnm";
    const char kind = char(b.at(1, 1)[0]);
    h.channels = (kind == '3' || kind == '6') ? 3 : 1;
    size_t pos = 2;
    int values[2] = {0, 0};
    for (int& v : values) {
        for (;;) { // whitespace and comments
            const char c = char(b.at(pos, 1)[0]);
            if (c == '#')
                while (char(b.at(pos, 1)[0]) != '\n')
                    ++pos;
            else if (std::isspace(static_cast<unsigned char>(c)))
                ++pos;
            else
                break;
        }
        if (!std::isdigit(b.at(pos, 1)[0]))
            throw NotAnImage{"PNM header without a size"};
        while (std::isdigit(b.at(pos, 1)[0]))
            v = v * 10 + (b.at(pos++, 1)[0] - '0');
    }
    h.width = values[0];
    h.height = values[1];
    return h;
}

// libjpeg decodes a truncated JPEG with only a warning and fills the missing rows grey: an
// intact JPEG has an end-of-image marker after its last start-of-scan (entropy-coded data
// cannot hold either marker: 0xFF is stuffed as FF 00 there).
bool jpegEndsAfterLastScan(const std::vector<unsigned char>& b) {
    size_t lastSos = std::string::npos, lastEoi = std::string::npos;
    for (size_t i = 0; i + 1 < b.size(); ++i)
        if (b[i] == 0xFF) {
            if (b[i + 1] == 0xDA)
                lastSos = i;
            else if (b[i + 1] == 0xD9)
                lastEoi = i;
        }
    return lastSos != std::string::npos && lastEoi != std::string::npos && lastEoi > lastSos;
}

} // namespace

ImageHeader probeImageBytes(const unsigned char* data, size_t size) {
    const Bytes b(data, size);
    if (size == 0)
        throw IoError("", "cannot decode: empty file");
    try {
        ImageHeader h;
        if (size >= 8 && std::memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
            h = probePng(b);
        else if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
            h = probeJpeg(b);
        else if (size >= 2 && data[0] == 'B' && data[1] == 'M')
            h = probeBmp(b);
        else if (size >= 12 && std::memcmp(data, "RIFF", 4) == 0 &&
                 std::memcmp(data + 8, "WEBP", 4) == 0)
            h = probeWebp(b);
        else if (size >= 4 &&
                 (std::memcmp(data, "II*\0", 4) == 0 || std::memcmp(data, "MM\0*", 4) == 0))
            h = probeTiff(b);
        else if (size >= 2 && data[0] == 'P' && data[1] >= '1' && data[1] <= '6')
            h = probePnm(b);
        else
            throw NotAnImage{"not a PNG, JPEG, BMP, WebP, TIFF or PNM file"};
        if (h.width <= 0 || h.height <= 0)
            throw NotAnImage{"header gives an empty size"};
        return h;
    } catch (const NotAnImage& e) {
        throw IoError("", "cannot decode: " + e.reason);
    } catch (const Truncated&) {
        throw IoError("", "cannot decode: truncated header");
    }
}

ImageHeader probeImage(const std::filesystem::path& file) {
    // Headers sit at the start, except a JPEG frame header after large APP segments.
    std::vector<unsigned char> head = readBytes(file, 64 * 1024);
    try {
        return probeImageBytes(head.data(), head.size());
    } catch (const IoError& e) {
        if (head.size() == 64 * 1024 && e.reason() == "cannot decode: truncated header") {
            head = readBytes(file);
            try {
                return probeImageBytes(head.data(), head.size());
            } catch (const IoError& again) {
                throw IoError(file.string(), again.reason());
            }
        }
        throw IoError(file.string(), e.reason());
    }
}

int jpegExifOrientation(const unsigned char* data, size_t size) {
    try {
        return probeImageBytes(data, size).orientation;
    } catch (const IoError&) {
        return 1;
    }
}

void applyExifOrientation(cv::Mat& image, int orientation) {
    cv::Mat out;
    switch (orientation) {
    case 2:
        cv::flip(image, out, 1);
        break;
    case 3:
        cv::rotate(image, out, cv::ROTATE_180);
        break;
    case 4:
        cv::flip(image, out, 0);
        break;
    case 5:
        cv::transpose(image, out);
        break;
    case 6:
        cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
        break;
    case 7:
        cv::transpose(image, out);
        cv::rotate(out, out, cv::ROTATE_180);
        break;
    case 8:
        cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
        break;
    default:
        return;
    }
    image = out;
}

bool isImageExtension(const std::filesystem::path& file) {
    static const char* exts[] = {".jpg",  ".jpeg", ".png", ".bmp", ".tif", ".tiff",
                                 ".webp", ".pgm",  ".ppm", ".pbm", ".pnm"};
    const std::string e = lower(file.extension().string());
    return std::any_of(std::begin(exts), std::end(exts), [&](const char* x) { return e == x; });
}

void checkPixelLimit(const std::filesystem::path& file, const ImageHeader& header,
                     double maxMegapixels) {
    const double megapixels = double(header.width) * double(header.height) / 1e6;
    if (megapixels > maxMegapixels)
        throw IoError(file.string(), "image exceeds the pixel limit (" +
                                         std::to_string(header.width) + "x" +
                                         std::to_string(header.height) + " > " +
                                         std::to_string(int64_t(maxMegapixels)) +
                                         " megapixels); refused before decoding");
}

cv::Mat readMask(const std::filesystem::path& file, const ImageReadOptions& options) {
    const std::vector<unsigned char> bytes = readBytes(file);
    ImageHeader header;
    try {
        header = probeImageBytes(bytes.data(), bytes.size());
    } catch (const IoError& e) {
        throw IoError(file.string(), "cannot decode mask: " + e.reason());
    }
    checkPixelLimit(file, header, options.maxMegapixels);
    cv::Mat mask;
    try {
        mask = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw IoError(file.string(), std::string("cannot decode mask: ") + e.err);
    }
    if (mask.empty())
        throw IoError(file.string(), "cannot decode mask");
    if (mask.channels() > 1) {
        std::vector<cv::Mat> planes;
        cv::split(mask, planes);
        mask = planes[0];
    }
    if (mask.depth() != CV_8U && mask.depth() != CV_16U)
        mask.convertTo(mask, CV_16U);
    return mask;
}

ImageSample readImage(const std::filesystem::path& file, const ImageReadOptions& options) {
    const std::vector<unsigned char> bytes = readBytes(file);
    if (bytes.empty())
        throw IoError(file.string(), "cannot decode: empty file");
    ImageHeader header;
    try {
        header = probeImageBytes(bytes.data(), bytes.size());
    } catch (const IoError& e) {
        throw IoError(file.string(), e.reason());
    }
    checkPixelLimit(file, header, options.maxMegapixels);
    if (header.format == "jpeg" && !jpegEndsAfterLastScan(bytes))
        throw IoError(file.string(), "cannot decode: truncated JPEG (no end-of-image marker "
                                     "after the last scan)");
    ImageSample s;
    try {
        s.image = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw IoError(file.string(), std::string("cannot decode: ") + e.err);
    }
    if (s.image.empty())
        throw IoError(file.string(), "cannot decode: not a supported or intact image");
    if (header.format == "jpeg")
        applyExifOrientation(s.image, header.orientation);
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

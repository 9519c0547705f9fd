#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace augstudio::core::pixel {

TransformInfo info(std::string id, std::string summary, std::vector<ParamSpec> params,
                   decltype(TransformInfo::create) create) {
    return {std::move(id), Modality::Image,  "pixel", std::move(summary), std::move(params),
            0.5,           std::move(create)};
}

double maxValue(int depth) {
    switch (depth) {
    case CV_8U:
        return 255.0;
    case CV_16U:
        return 65535.0;
    case CV_32F:
    case CV_64F:
        return 1.0;
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
}

void onColour(cv::Mat& image, const std::function<void(cv::Mat&)>& op) {
    if (image.channels() != 4) {
        op(image);
        return;
    }
    cv::Mat bgr;
    cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
    op(bgr);
    const int fromTo[] = {0, 0, 1, 1, 2, 2};
    cv::mixChannels(&bgr, 1, &image, 1, fromTo, 3);
}

void inColourSpace(cv::Mat& image, int toCode, int fromCode,
                   const std::function<void(cv::Mat&)>& op) {
    if (colourChannels(image) != 3)
        return;
    onColour(image, [&](cv::Mat& bgr) {
        cv::Mat converted;
        if (bgr.depth() == CV_8U) {
            cv::cvtColor(bgr, converted, toCode);
            op(converted);
            cv::cvtColor(converted, bgr, fromCode);
            return;
        }
        const double top = maxValue(bgr.depth());
        cv::Mat f;
        bgr.convertTo(f, CV_32F, 1.0 / top);
        cv::cvtColor(f, converted, toCode);
        op(converted);
        cv::cvtColor(converted, f, fromCode);
        f.convertTo(bgr, bgr.depth(), top);
    });
}

cv::Mat grayOf(const cv::Mat& image) {
    if (image.channels() == 1)
        return image;
    cv::Mat gray;
    cv::cvtColor(image, gray, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    return gray;
}

namespace {
template <class T>
void rangeOf(const cv::Mat& image, int cn, std::vector<double>& lo, std::vector<double>& hi) {
    std::vector<T> mn(size_t(cn), std::numeric_limits<T>::max());
    std::vector<T> mx(size_t(cn), std::numeric_limits<T>::lowest());
    const int channels = image.channels();
    for (int y = 0; y < image.rows; ++y) {
        const T* row = image.ptr<T>(y);
        for (int x = 0; x < image.cols; ++x)
            for (int c = 0; c < cn; ++c) {
                const T v = row[x * channels + c];
                mn[size_t(c)] = std::min(mn[size_t(c)], v);
                mx[size_t(c)] = std::max(mx[size_t(c)], v);
            }
    }
    lo.assign(mn.begin(), mn.end());
    hi.assign(mx.begin(), mx.end());
}
} // namespace

void channelRange(const cv::Mat& image, std::vector<double>& lo, std::vector<double>& hi) {
    const int cn = colourChannels(image);
    switch (image.depth()) {
    case CV_8U:
        return rangeOf<uint8_t>(image, cn, lo, hi);
    case CV_16U:
        return rangeOf<uint16_t>(image, cn, lo, hi);
    case CV_32F:
        return rangeOf<float>(image, cn, lo, hi);
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
}

namespace {
// Clamps float colour values to [0, 1], leaving a 4th (alpha) channel as it is.
void clampFloat(cv::Mat& image) {
    if (image.depth() != CV_32F)
        return;
    const double big = std::numeric_limits<float>::max();
    const bool alpha = image.channels() == 4;
    cv::min(image, cv::Scalar(1, 1, 1, alpha ? big : 1), image);
    cv::max(image, cv::Scalar(0, 0, 0, alpha ? -big : 0), image);
}
} // namespace

void linear(cv::Mat& image, double gain, double offset) {
    if (image.channels() == 4) {
        mapValues(image, [=](double v) { return v * gain + offset; });
        return;
    }
    image.convertTo(image, -1, gain, offset);
    clampFloat(image);
}

void addPerChannel(cv::Mat& image, const double offset[3]) {
    cv::add(image, cv::Scalar(offset[0], offset[1], offset[2], 0), image);
    clampFloat(image);
}

void scaleBrightness(cv::Mat& image, double factor) {
    if (factor == 1.0)
        return;
    linear(image, factor, 0.0);
}

void blendContrast(cv::Mat& image, double factor) {
    if (factor == 1.0)
        return;
    const double mean = cv::mean(grayOf(image))[0];
    linear(image, factor, (1.0 - factor) * mean);
}

void blendSaturation(cv::Mat& image, double factor) {
    if (factor == 1.0 || colourChannels(image) != 3)
        return;
    onColour(image, [factor](cv::Mat& bgr) {
        cv::Mat gray, gray3;
        cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
        cv::cvtColor(gray, gray3, cv::COLOR_GRAY2BGR);
        cv::addWeighted(bgr, factor, gray3, 1.0 - factor, 0.0, bgr);
        clampFloat(bgr);
    });
}

void shiftHue(cv::Mat& image, double degrees) {
    if (degrees == 0.0 || colourChannels(image) != 3)
        return;
    inColourSpace(image, cv::COLOR_BGR2HSV, cv::COLOR_HSV2BGR, [degrees](cv::Mat& hsv) {
        if (hsv.depth() == CV_8U) {
            // OpenCV's 8-bit hue is in 2-degree steps over [0, 180).
            cv::Mat table(1, 256, CV_8UC3);
            for (int v = 0; v < 256; ++v) {
                const long h = ((std::lround(v + degrees / 2.0) % 180) + 180) % 180;
                table.at<cv::Vec3b>(v) = cv::Vec3b(uint8_t(h), uint8_t(v), uint8_t(v));
            }
            cv::LUT(hsv, table, hsv);
            return;
        }
        for (int y = 0; y < hsv.rows; ++y) {
            auto* row = hsv.ptr<cv::Vec3f>(y);
            for (int x = 0; x < hsv.cols; ++x) {
                float h = std::fmod(row[x][0] + float(degrees), 360.0f);
                row[x][0] = h < 0 ? h + 360.0f : h;
            }
        }
    });
}

void fillNormal(cv::Mat& noise, uint64_t seed, double mean, double stddev) {
    CV_Assert(noise.depth() == CV_32F && noise.isContinuous());
    Rng rng(seed);
    float* out = noise.ptr<float>();
    const size_t n = noise.total() * size_t(noise.channels());
    const float m = float(mean), s = float(stddev);
    constexpr float twoPi = 2.0f * std::numbers::pi_v<float>;
    for (size_t i = 0; i < n; i += 2) {
        // One 64-bit draw gives both uniforms of a Box-Muller pair (24 bits each).
        const uint64_t bits = rng.next();
        const float u1 = float((bits >> 40) + 1) * 0x1.0p-24f; // (0, 1]
        const float u2 = float((bits >> 16) & 0xFFFFFF) * 0x1.0p-24f;
        const float r = s * std::sqrt(-2.0f * std::log(u1));
        const float t = twoPi * u2;
        out[i] = m + r * std::cos(t);
        if (i + 1 < n)
            out[i + 1] = m + r * std::sin(t);
    }
}

void addNoise(cv::Mat& image, const cv::Mat& noise) {
    onColour(image, [&](cv::Mat& colour) {
        cv::add(colour, noise, colour, cv::noArray(), colour.depth());
        if (colour.depth() == CV_32F) {
            cv::min(colour, 1.0, colour);
            cv::max(colour, 0.0, colour);
        }
    });
}

int64_t drawOddKernel(Rng& rng, int64_t lo, int64_t hi) {
    const int64_t a = lo % 2 ? lo : lo + 1;
    const int64_t b = std::max(a, hi % 2 ? hi : hi + 1);
    return a + 2 * rng.integer(0, (b - a) / 2);
}

} // namespace augstudio::core::pixel

#pragma once

// Pixel helpers shared by the colour and pixel transforms: depth-aware levels, point
// operations through lookup tables, the colour part of an image (alpha is never touched),
// colour-space round trips and fast seeded noise. Written once, here.

#include "core/pipeline/transform.h"
#include "core/random/rng.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace augstudio::core::pixel {

// The catalog entry of a pixel transform (kind "pixel", p 0.5).
TransformInfo info(std::string id, std::string summary, std::vector<ParamSpec> params,
                   decltype(TransformInfo::create) create);

// The white level of a depth: 255, 65535, and 1.0 for float images (taken in [0, 1]).
double maxValue(int depth);
// Parameters given in 8-bit levels are multiplied by this: 1 for 8-bit, 257 for 16-bit,
// 1/255 for float.
inline double levelScale(int depth) {
    return maxValue(depth) / 255.0;
}
// Colour channels: 1 or 3; a 4th channel is alpha, which pixel transforms leave alone.
inline int colourChannels(const cv::Mat& m) {
    return m.channels() == 4 ? 3 : m.channels();
}

// Runs `op` on the colour part of `image` in place: the image itself for 1 and 3 channels;
// for 4 channels the B, G, R planes (taken out and put back, alpha untouched).
void onColour(cv::Mat& image, const std::function<void(cv::Mat&)>& op);

// Runs `op` on the image converted to a colour space (toCode, e.g. COLOR_BGR2HSV) and
// converts back (fromCode). 8-bit images convert directly (H in [0, 180)); 16-bit and float
// images go through float (H in [0, 360), other channels in [0, 1]) and come back to their
// depth. 3 or 4 channels only (alpha untouched).
void inColourSpace(cv::Mat& image, int toCode, int fromCode,
                   const std::function<void(cv::Mat&)>& op);

// The luminance as one channel of the image's depth (1-channel images are returned as is).
cv::Mat grayOf(const cv::Mat& image);

// cv::LUT(image, table, image) for an 8-bit image and a 1x256 table of its channel count;
// 3 channels by a loop of three lookups per pixel, about twice as fast as OpenCV's generic
// multi-channel loop (same bytes).
void lookUp(cv::Mat& image, const cv::Mat& table);

// Value maps applied to every colour value (alpha untouched), saturated to the depth
// (float clamped to [0, 1]). 8-bit: one cv::LUT; 16-bit: a 65536-entry table; float: f on
// every value. `f(v)` or `f(channel, v)` takes and returns raw values of the depth.
namespace detail {
template <class T, class F> void mapTable(cv::Mat& image, int cn, bool perChannel, F f) {
    const double top = maxValue(cv::DataType<T>::depth);
    const int size = int(top) + 1;
    const int tables = perChannel ? cn : 1;
    std::vector<std::vector<T>> lut(size_t(tables), std::vector<T>(size_t(size), T{}));
    for (int c = 0; c < tables; ++c)
        for (int v = 0; v < size; ++v)
            lut[size_t(c)][size_t(v)] = cv::saturate_cast<T>(f(c, double(v)));
    const int channels = image.channels();
    if (image.depth() == CV_8U && !perChannel && channels != 4) {
        cv::Mat table(1, 256, CV_8U);
        for (int v = 0; v < 256; ++v)
            table.at<uint8_t>(v) = uint8_t(lut[0][size_t(v)]);
        cv::LUT(image, table, image);
        return;
    }
    if (image.depth() == CV_8U) {
        cv::Mat table(1, 256, CV_8UC(channels));
        uint8_t* t = table.ptr<uint8_t>();
        for (int v = 0; v < 256; ++v)
            for (int c = 0; c < channels; ++c)
                t[v * channels + c] =
                    c < cn ? uint8_t(lut[size_t(perChannel ? c : 0)][size_t(v)]) : uint8_t(v);
        lookUp(image, table);
        return;
    }
    for (int y = 0; y < image.rows; ++y) {
        T* row = image.ptr<T>(y);
        for (int x = 0; x < image.cols; ++x)
            for (int c = 0; c < cn; ++c) {
                T& v = row[x * channels + c];
                v = lut[size_t(perChannel ? c : 0)][size_t(v)];
            }
    }
}

template <class F> void mapFloat(cv::Mat& image, int cn, F f) {
    const int channels = image.channels();
    for (int y = 0; y < image.rows; ++y) {
        float* row = image.ptr<float>(y);
        for (int x = 0; x < image.cols; ++x)
            for (int c = 0; c < cn; ++c) {
                float& v = row[x * channels + c];
                v = float(std::clamp(f(c, double(v)), 0.0, 1.0));
            }
    }
}

template <class F> void map(cv::Mat& image, bool perChannel, F f) {
    const int cn = colourChannels(image);
    switch (image.depth()) {
    case CV_8U:
        return mapTable<uint8_t>(image, cn, perChannel, f);
    case CV_16U:
        return mapTable<uint16_t>(image, cn, perChannel, f);
    case CV_32F:
        return mapFloat(image, cn, f);
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
}
} // namespace detail

template <class F> void mapValues(cv::Mat& image, F f) {
    detail::map(image, false, [&](int, double v) { return f(v); });
}
template <class F> void mapChannelValues(cv::Mat& image, F f) {
    detail::map(image, true, f);
}

// gain * x + offset on the colour values, saturated (float clamped to [0, 1]): one SIMD
// convertTo when there is no alpha to keep, the value map otherwise.
void linear(cv::Mat& image, double gain, double offset);
// x + offset[c] per colour channel (B, G, R order), saturated; alpha untouched.
void addPerChannel(cv::Mat& image, const double offset[3]);

// Per-channel minimum and maximum of the colour channels, in one pass.
void channelRange(const cv::Mat& image, std::vector<double>& lo, std::vector<double>& hi);

// torchvision's colour adjustments (factor 1 leaves the image unchanged), any depth:
// brightness multiplies, contrast blends with the mean grey level, saturation blends with
// the grey image; shiftHue rotates the hue by `degrees` (no-op on 1-channel images).
void scaleBrightness(cv::Mat& image, double factor);
void blendContrast(cv::Mat& image, double factor);
void blendSaturation(cv::Mat& image, double factor);
void shiftHue(cv::Mat& image, double degrees);

// Fills a CV_32F matrix (any channel count) with normal noise from a generator seeded by
// `seed`: inverse-CDF sampling through a 4096-bin quantile table (exact tails), fast and
// identical on every platform.
void fillNormal(cv::Mat& noise, uint64_t seed, double mean, double stddev);
// Adds `noise` (CV_32F, colour channels of `image`) to the colour channels, saturated.
void addNoise(cv::Mat& image, const cv::Mat& noise);

// A seed for apply-time randomness, drawn in draw() so apply is replayable; kept within
// JSON's exact integer range.
inline int64_t drawSeed(Rng& rng) {
    return int64_t(rng.next() >> 12);
}

// Odd kernel size drawn from [lo, hi] (even bounds round up to odd).
int64_t drawOddKernel(Rng& rng, int64_t lo, int64_t hi);

// Fills the colour channels of `rect` (clipped to the image) with `fill`, a raw value of
// the depth; alpha is kept.
void fillRect(cv::Mat& image, cv::Rect rect, double fill);
// The `fill` parameter of holes and masks: a raw level of the image's depth.
ParamSpec holeFillParam();

// Multiplies every colour value by the gain of its pixel (`gain`: CV_32FC1 of the image's
// size), saturated to the depth (float clamped to [0, 1]); alpha untouched.
void multiplyByGain(cv::Mat& image, const cv::Mat& gain);

} // namespace augstudio::core::pixel

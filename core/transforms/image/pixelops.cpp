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

void lookUp(cv::Mat& image, const cv::Mat& table) {
    if (image.type() != CV_8UC3 || table.type() != CV_8UC3 || table.total() != 256) {
        cv::LUT(image, table, image);
        return;
    }
    // One table per channel, so each lookup indexes a plain 256-byte array.
    uint8_t b[256], g[256], r[256];
    const uint8_t* t = table.ptr<uint8_t>();
    for (int v = 0; v < 256; ++v) {
        b[v] = t[3 * v];
        g[v] = t[3 * v + 1];
        r[v] = t[3 * v + 2];
    }
    const int rows = image.isContinuous() ? 1 : image.rows;
    const size_t pixels = image.isContinuous() ? image.total() : size_t(image.cols);
    for (int y = 0; y < rows; ++y) {
        uint8_t* p = image.ptr<uint8_t>(y);
        for (size_t x = 0; x < pixels; ++x, p += 3) {
            const uint8_t nb = b[p[0]], ng = g[p[1]], nr = r[p[2]];
            p[0] = nb;
            p[1] = ng;
            p[2] = nr;
        }
    }
}

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
            lookUp(hsv, table);
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

namespace {

// Inverse of the standard normal CDF (Acklam's rational approximation, relative error
// below 1.2e-9), for p in (0, 1).
double inverseNormal(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    constexpr double low = 0.02425, high = 1 - low;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > high) {
        const double q = std::sqrt(-2 * std::log1p(-p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// The normal quantile at the edges of 4096 equal-probability bins; inside a bin the
// quantile is interpolated linearly, the two outer bins (the tails) are computed exactly.
constexpr int kBinBits = 12, kBins = 1 << kBinBits;
const std::vector<float>& quantileTable() {
    static const std::vector<float> table = [] {
        std::vector<float> t(kBins + 1, 0.0f);
        for (int i = 1; i < kBins; ++i)
            t[size_t(i)] = float(inverseNormal(double(i) / kBins));
        return t;
    }();
    return table;
}

inline float standardNormal(uint32_t u, const float* table) {
    const uint32_t bin = u >> (32 - kBinBits);
    if (bin == 0 || bin == kBins - 1)
        return float(inverseNormal((double(u) + 0.5) * 0x1.0p-32));
    const float frac = float(u & ((1u << (32 - kBinBits)) - 1)) * 0x1.0p-20f;
    return table[bin] + frac * (table[bin + 1] - table[bin]);
}

} // namespace

void fillNormal(cv::Mat& noise, uint64_t seed, double mean, double stddev) {
    CV_Assert(noise.depth() == CV_32F && noise.isContinuous());
    Rng rng(seed);
    const float* table = quantileTable().data();
    float* out = noise.ptr<float>();
    const size_t n = noise.total() * size_t(noise.channels());
    const float m = float(mean), s = float(stddev);
    // Inverse-CDF sampling: one 64-bit draw gives two 32-bit uniforms, two normal values.
    for (size_t i = 0; i < n; i += 2) {
        const uint64_t bits = rng.next();
        out[i] = m + s * standardNormal(uint32_t(bits >> 32), table);
        if (i + 1 < n)
            out[i + 1] = m + s * standardNormal(uint32_t(bits), table);
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

namespace {
// `level` in every value of `roi`, row by row (a memset for 8-bit): the same bytes as
// roi.setTo(Scalar::all(level)) without setTo's per-call scalar unrolling and per-row plane
// iterator, which are most of the cost of a small hole.
template <class T> void fillRows(cv::Mat& roi, T level) {
    const size_t n = size_t(roi.cols) * size_t(roi.channels());
    for (int y = 0; y < roi.rows; ++y)
        std::fill_n(roi.ptr<T>(y), n, level);
}
} // namespace

void fillRect(cv::Mat& image, cv::Rect rect, double fill) {
    rect &= cv::Rect(0, 0, image.cols, image.rows);
    if (rect.empty())
        return;
    cv::Mat roi = image(rect);
    if (image.channels() != 4) {
        // saturate_cast is the conversion setTo applies to the scalar.
        switch (roi.depth()) {
        case CV_8U:
            return fillRows(roi, cv::saturate_cast<uint8_t>(fill));
        case CV_16U:
            return fillRows(roi, cv::saturate_cast<uint16_t>(fill));
        case CV_32F:
            return fillRows(roi, cv::saturate_cast<float>(fill));
        default:
            roi.setTo(cv::Scalar::all(fill));
            return;
        }
    }
    cv::Mat filled(roi.size(), roi.type(), cv::Scalar(fill, fill, fill, 0));
    const int alpha[] = {3, 3};
    cv::mixChannels(&roi, 1, &filled, 1, alpha, 1);
    filled.copyTo(roi);
}

ParamSpec holeFillParam() {
    return floatParam("fill", 0, 0, 65535,
                      "level written into the holes (a raw value of the image's depth: 0-255, "
                      "0-65535, or 0-1 for float)",
                      "level", 1);
}

void multiplyByGain(cv::Mat& image, const cv::Mat& gain) {
    CV_Assert(gain.type() == CV_32FC1 && gain.size() == image.size());
    onColour(image, [&](cv::Mat& colour) {
        cv::Mat f, gains;
        colour.convertTo(f, CV_32F);
        if (colour.channels() == 3)
            cv::merge(std::vector<cv::Mat>{gain, gain, gain}, gains);
        else
            gains = gain;
        cv::multiply(f, gains, f);
        if (colour.depth() == CV_32F) {
            cv::min(f, 1.0, f);
            cv::max(f, 0.0, f);
        }
        f.convertTo(colour, colour.depth());
    });
}

} // namespace augstudio::core::pixel

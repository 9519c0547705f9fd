#include "core/transforms/policy/policyops.h"

#include "core/transforms/image/geometry.h"
#include "core/transforms/image/pixelops.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <type_traits>

// Each op mirrors torchvision 0.14's tensor op (transforms/functional_tensor.py) on uint8:
// - blends (Brightness, Color, Contrast, Sharpness) compute ratio * a + (1 - ratio) * b in
//   float32 and truncate to the depth, as torch's .to(uint8) does; the grey level is
//   0.2989 R + 0.587 G + 0.114 B truncated; Contrast blends with the mean grey level;
//   Sharpness with the 3x3 [1 1 1; 1 5 1; 1 1 1] / 13 blur rounded (the border row and
//   column kept);
// - Posterize masks the low bits, Solarize inverts values >= the threshold, AutoContrast
//   stretches each channel's [min, max] to [0, 255], Equalize is torchvision's per-channel
//   histogram lookup (a channel whose step is 0 is kept), Invert is 255 - v;
// - ShearX/Y shear about the top-left corner, TranslateX/Y move by whole pixels (the
//   magnitude truncated), Rotate turns counter-clockwise about the centre: torchvision's
//   inverse affine matrix on pixel centres measured from the image centre, resampled by
//   OpenCV with the constant fill.
// 16-bit and float images take the same formulas at their white level (65535 or 1.0;
// levels such as the Solarize threshold are given in 8-bit units and scaled); float
// Posterize and Equalize quantise to 8-bit levels first. A 4th (alpha) channel is kept.
// Colour ops on a 1-channel image: Color leaves it unchanged (as torchvision).

namespace augstudio::core::policy {

namespace {

// torch.linspace(start, end, steps)[i] in float32, as its scalar CPU path computes it (from
// the start below half way, from the end above); its vectorised path rounds some bins one
// float32 ulp apart, which no op's output notices.
double torchLinspace(double start, double end, int steps, int i) {
    if (steps <= 1)
        return double(float(start));
    const float s = float(start), e = float(end);
    const float step = (e - s) / float(steps - 1);
    const int halfway = steps / 2;
    const float v = i < halfway ? s + step * float(i) : e - step * float(steps - i - 1);
    return double(v);
}

constexpr double kShear = 0.3, kWideShear = 0.99, kBlend = 0.9, kWideBlend = 0.99;
constexpr double kTranslateFraction = 150.0 / 331.0;

OpSpace linearOp(const char* name, double max, Extent extent = Extent::Absolute) {
    return {name, Scale::Linear, true, max, extent};
}
OpSpace fixedOp(const char* name) {
    return {name, Scale::None};
}
OpSpace posterizeOp(int base, double steps) {
    return {"Posterize", Scale::Posterize, false, 0.0, Extent::Absolute, base, steps};
}
OpSpace solarizeOp() {
    return {"Solarize", Scale::Solarize};
}

// --- pixel loops -----------------------------------------------------------------------

template <class F> void byDepth(cv::Mat& image, F&& f) {
    switch (image.depth()) {
    case CV_8U:
        return f(uint8_t{});
    case CV_16U:
        return f(uint16_t{});
    case CV_32F:
        return f(float{});
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
}

template <class T> float topOf() {
    if constexpr (std::is_floating_point_v<T>)
        return 1.0f;
    else
        return float(std::numeric_limits<T>::max());
}

// Clamps to [0, top] and converts as torch's .to(dtype): truncation for integer depths.
template <class T> T store(float v) {
    if (!(v > 0.0f))
        return T(0);
    v = std::min(v, topOf<T>());
    return T(v);
}

// The grey level of a BGR pixel as torchvision's rgb_to_grayscale (truncated to the depth).
template <class T> float greyOf(const T* px) {
    const float g = 0.2989f * float(px[2]) + 0.587f * float(px[1]) + 0.114f * float(px[0]);
    if constexpr (std::is_floating_point_v<T>)
        return g;
    else
        return float(store<T>(g));
}

// ratio * v + (1 - ratio) * other(pixel, channel) on every colour value.
template <class T, class Other> void blend(cv::Mat& image, double ratio, Other other) {
    const float a = float(ratio), b = float(1.0 - ratio);
    const int channels = image.channels(), cn = pixel::colourChannels(image);
    for (int y = 0; y < image.rows; ++y) {
        T* row = image.ptr<T>(y);
        for (int x = 0; x < image.cols; ++x) {
            T* px = row + x * channels;
            // Every channel's partner first: the grey level reads the pixel being written.
            float partner[3];
            for (int c = 0; c < cn; ++c)
                partner[c] = other(y, x, px, c);
            for (int c = 0; c < cn; ++c)
                px[c] = store<T>(a * float(px[c]) + b * partner[c]);
        }
    }
}

void brightness(cv::Mat& image, double factor) {
    byDepth(image, [&]<class T>(T) {
        blend<T>(image, factor, [](int, int, const T*, int) { return 0.0f; });
    });
}

void saturation(cv::Mat& image, double factor) {
    if (pixel::colourChannels(image) != 3)
        return;
    byDepth(image, [&]<class T>(T) {
        blend<T>(image, factor, [](int, int, const T* px, int) { return greyOf<T>(px); });
    });
}

void contrast(cv::Mat& image, double factor) {
    byDepth(image, [&]<class T>(T) {
        const int channels = image.channels(), cn = pixel::colourChannels(image);
        double sum = 0.0;
        for (int y = 0; y < image.rows; ++y) {
            const T* row = image.ptr<T>(y);
            for (int x = 0; x < image.cols; ++x)
                sum += cn == 3 ? double(greyOf<T>(row + x * channels)) : double(row[x * channels]);
        }
        const float mean = image.empty() ? 0.0f : float(sum / double(image.total()));
        blend<T>(image, factor, [mean](int, int, const T*, int) { return mean; });
    });
}

void sharpness(cv::Mat& image, double factor) {
    if (image.cols <= 2 || image.rows <= 2)
        return;
    byDepth(image, [&]<class T>(T) {
        const cv::Mat source = image.clone();
        const int channels = image.channels();
        const float side = 1.0f / 13.0f, centre = 5.0f / 13.0f;
        blend<T>(image, factor, [&](int y, int x, const T* px, int c) {
            if (y == 0 || x == 0 || y == source.rows - 1 || x == source.cols - 1)
                return float(px[c]);
            float sum = 0.0f;
            for (int dy = -1; dy <= 1; ++dy) {
                const T* row = source.ptr<T>(y + dy);
                for (int dx = -1; dx <= 1; ++dx)
                    sum +=
                        float(row[(x + dx) * channels + c]) * (dx == 0 && dy == 0 ? centre : side);
            }
            if constexpr (std::is_floating_point_v<T>)
                return sum;
            else
                return float(store<T>(std::nearbyint(sum)));
        });
    });
}

// Applies f(value) -> value to every colour value of one depth.
template <class T, class F> void eachValue(cv::Mat& image, F f) {
    const int channels = image.channels(), cn = pixel::colourChannels(image);
    for (int y = 0; y < image.rows; ++y) {
        T* row = image.ptr<T>(y);
        for (int x = 0; x < image.cols; ++x)
            for (int c = 0; c < cn; ++c)
                row[x * channels + c] = f(c, row[x * channels + c]);
    }
}

void posterize(cv::Mat& image, int bits) {
    bits = std::clamp(bits, 0, 8);
    const unsigned mask8 = ~((1u << (8 - bits)) - 1u) & 0xFFu;
    byDepth(image, [&]<class T>(T) {
        eachValue<T>(image, [&](int, T v) -> T {
            if constexpr (std::is_same_v<T, uint8_t>)
                return T(v & mask8);
            else if constexpr (std::is_same_v<T, uint16_t>)
                return T(v & ~((1u << (16 - bits)) - 1u));
            else
                return v > 0.0f ? float(unsigned(std::lround(std::min(v, 1.0f) * 255.0f)) & mask8) /
                                      255.0f
                                : 0.0f;
        });
    });
}

void solarize(cv::Mat& image, double threshold) {
    byDepth(image, [&]<class T>(T) {
        const double t = threshold * pixel::levelScale(image.depth());
        eachValue<T>(image, [&](int, T v) -> T { return double(v) >= t ? T(topOf<T>() - v) : v; });
    });
}

void invert(cv::Mat& image) {
    byDepth(image, [&]<class T>(T) {
        eachValue<T>(image, [](int, T v) -> T { return T(topOf<T>() - v); });
    });
}

void autoContrast(cv::Mat& image) {
    std::vector<double> lo, hi;
    pixel::channelRange(image, lo, hi);
    byDepth(image, [&]<class T>(T) {
        std::vector<float> low(lo.size()), scale(lo.size());
        for (size_t c = 0; c < lo.size(); ++c) {
            const float range = float(hi[c]) - float(lo[c]);
            low[c] = range > 0.0f ? float(lo[c]) : 0.0f;
            scale[c] = range > 0.0f ? topOf<T>() / range : 1.0f;
        }
        eachValue<T>(image, [&](int c, T v) -> T {
            return store<T>((float(v) - low[size_t(c)]) * scale[size_t(c)]);
        });
    });
}

// torchvision's _scale_channel over `levels` histogram bins of integer values.
std::vector<int64_t> equalizeTable(const std::vector<int64_t>& hist) {
    const int64_t top = int64_t(hist.size()) - 1;
    int64_t total = 0, last = 0;
    for (int64_t h : hist)
        if (h != 0) {
            total += h;
            last = h;
        }
    const int64_t step = (total - last) / top;
    std::vector<int64_t> lut(hist.size());
    if (step == 0) {
        for (size_t v = 0; v < lut.size(); ++v)
            lut[v] = int64_t(v);
        return lut;
    }
    int64_t cumulative = 0;
    for (size_t v = 0; v < lut.size(); ++v) {
        lut[v] = std::min(top, (cumulative + step / 2) / step);
        cumulative += hist[v];
    }
    return lut;
}

void equalize(cv::Mat& image) {
    const int channels = image.channels(), cn = pixel::colourChannels(image);
    byDepth(image, [&]<class T>(T) {
        constexpr bool isFloat = std::is_floating_point_v<T>;
        const size_t levels = isFloat ? 256 : size_t(topOf<T>()) + 1;
        auto level = [](T v) -> size_t {
            if constexpr (isFloat)
                return v > 0.0f ? size_t(std::lround(std::min(v, 1.0f) * 255.0f)) : 0; // NaN: 0
            else
                return size_t(v);
        };
        for (int c = 0; c < cn; ++c) {
            std::vector<int64_t> hist(levels, 0);
            for (int y = 0; y < image.rows; ++y) {
                const T* row = image.ptr<T>(y);
                for (int x = 0; x < image.cols; ++x)
                    ++hist[level(row[x * channels + c])];
            }
            const std::vector<int64_t> lut = equalizeTable(hist);
            for (int y = 0; y < image.rows; ++y) {
                T* row = image.ptr<T>(y);
                for (int x = 0; x < image.cols; ++x) {
                    T& v = row[x * channels + c];
                    if constexpr (isFloat)
                        v = float(lut[level(v)]) / 255.0f;
                    else
                        v = T(lut[level(v)]);
                }
            }
        }
    });
}

// --- geometry --------------------------------------------------------------------------

// torchvision's _get_inverse_affine_matrix (scale 1): output -> input, in coordinates whose
// origin is the image centre (pixel centres at i - (n - 1) / 2), about `centre` there.
cv::Matx23d torchInverseMatrix(cv::Point2d centre, double angleDeg, cv::Point2d translate,
                               double shearXDeg, double shearYDeg) {
    const double rot = angleDeg * std::numbers::pi / 180.0;
    const double sx = shearXDeg * std::numbers::pi / 180.0;
    const double sy = shearYDeg * std::numbers::pi / 180.0;
    const double a = std::cos(rot - sy) / std::cos(sy);
    const double b = -std::cos(rot - sy) * std::tan(sx) / std::cos(sy) - std::sin(rot);
    const double c = std::sin(rot - sy) / std::cos(sy);
    const double d = -std::sin(rot - sy) * std::tan(sx) / std::cos(sy) + std::cos(rot);
    double m[6] = {d, -b, 0.0, -c, a, 0.0};
    m[2] += m[0] * (-centre.x - translate.x) + m[1] * (-centre.y - translate.y);
    m[5] += m[3] * (-centre.x - translate.x) + m[4] * (-centre.y - translate.y);
    m[2] += centre.x;
    m[5] += centre.y;
    return cv::Matx23d(m);
}

void torchAffine(ImageSample& sample, double angleDeg, cv::Point2d translate, double shearXDeg,
                 double shearYDeg, bool aboutTopLeft, const Resampling& r) {
    const int w = sample.image.cols, h = sample.image.rows;
    if (w == 0 || h == 0)
        return;
    const cv::Point2d centre = aboutTopLeft ? cv::Point2d(-w * 0.5, -h * 0.5) : cv::Point2d();
    const cv::Matx23d inv = torchInverseMatrix(centre, angleDeg, translate, shearXDeg, shearYDeg);
    // To OpenCV's pixel indices: index = centred + (n - 1) / 2 on both sides of the map.
    const double c0x = (w - 1) * 0.5, c0y = (h - 1) * 0.5;
    cv::Matx23d index = inv;
    index(0, 2) += c0x - (inv(0, 0) * c0x + inv(0, 1) * c0y);
    index(1, 2) += c0y - (inv(1, 0) * c0x + inv(1, 1) * c0y);
    cv::Matx23d forward;
    cv::invertAffineTransform(index, forward);
    geometry::warpAffine(sample, forward, sample.image.size(), r.interpolation, cv::BORDER_CONSTANT,
                         r.fill);
}

double degreesOfAtan(double x) {
    return std::atan(x) * 180.0 / std::numbers::pi;
}

} // namespace

const std::vector<OpSpace>& randAugmentSpace() {
    static const std::vector<OpSpace> ops = {
        fixedOp("Identity"),
        linearOp("ShearX", kShear),
        linearOp("ShearY", kShear),
        linearOp("TranslateX", kTranslateFraction, Extent::Width),
        linearOp("TranslateY", kTranslateFraction, Extent::Height),
        linearOp("Rotate", 30.0),
        linearOp("Brightness", kBlend),
        linearOp("Color", kBlend),
        linearOp("Contrast", kBlend),
        linearOp("Sharpness", kBlend),
        posterizeOp(8, 4.0),
        solarizeOp(),
        fixedOp("AutoContrast"),
        fixedOp("Equalize"),
    };
    return ops;
}

const std::vector<OpSpace>& trivialAugmentWideSpace() {
    static const std::vector<OpSpace> ops = {
        fixedOp("Identity"),
        linearOp("ShearX", kWideShear),
        linearOp("ShearY", kWideShear),
        linearOp("TranslateX", 32.0),
        linearOp("TranslateY", 32.0),
        linearOp("Rotate", 135.0),
        linearOp("Brightness", kWideBlend),
        linearOp("Color", kWideBlend),
        linearOp("Contrast", kWideBlend),
        linearOp("Sharpness", kWideBlend),
        posterizeOp(8, 6.0),
        solarizeOp(),
        fixedOp("AutoContrast"),
        fixedOp("Equalize"),
    };
    return ops;
}

const std::vector<OpSpace>& autoAugmentSpace() {
    static const std::vector<OpSpace> ops = {
        linearOp("ShearX", kShear),
        linearOp("ShearY", kShear),
        linearOp("TranslateX", kTranslateFraction, Extent::Width),
        linearOp("TranslateY", kTranslateFraction, Extent::Height),
        linearOp("Rotate", 30.0),
        linearOp("Brightness", kBlend),
        linearOp("Color", kBlend),
        linearOp("Contrast", kBlend),
        linearOp("Sharpness", kBlend),
        posterizeOp(8, 4.0),
        solarizeOp(),
        fixedOp("AutoContrast"),
        fixedOp("Equalize"),
        fixedOp("Invert"),
    };
    return ops;
}

std::vector<OpSpace> augMixSpace(bool allOps) {
    std::vector<OpSpace> ops = {
        linearOp("ShearX", kShear),
        linearOp("ShearY", kShear),
        linearOp("TranslateX", 1.0 / 3.0, Extent::Width),
        linearOp("TranslateY", 1.0 / 3.0, Extent::Height),
        linearOp("Rotate", 30.0),
        posterizeOp(4, 4.0),
        solarizeOp(),
        fixedOp("AutoContrast"),
        fixedOp("Equalize"),
    };
    if (allOps)
        for (const char* name : {"Brightness", "Color", "Contrast", "Sharpness"})
            ops.push_back(linearOp(name, kBlend));
    return ops;
}

const OpSpace* findOp(const std::vector<OpSpace>& space, const std::string& name) {
    for (const OpSpace& op : space)
        if (name == op.name)
            return &op;
    return nullptr;
}

double magnitudeOf(const OpSpace& op, int bin, int bins, int width, int height) {
    switch (op.scale) {
    case Scale::None:
        return 0.0;
    case Scale::Linear: {
        // torchvision multiplies in double before handing the end to linspace.
        const double extent = op.extent == Extent::Width    ? double(width)
                              : op.extent == Extent::Height ? double(height)
                                                            : 1.0;
        return torchLinspace(0.0, op.max * extent, bins, bin);
    }
    case Scale::Posterize: {
        // 8 - (arange(bins) / ((bins - 1) / steps)).round(), float32, ties to even.
        const float q = float(bin) / float(double(bins - 1) / op.posterizeSteps);
        return double(op.posterizeBase - int(std::nearbyint(q)));
    }
    case Scale::Solarize:
        return torchLinspace(255.0, 0.0, bins, bin);
    }
    return 0.0;
}

Values opValues(const OpSpace& op, int bin, int bins, bool negative, const SampleInfo& info) {
    if (op.scale == Scale::None)
        return makeValues({{"op", op.name}, {"magnitude", 0.0}});
    double magnitude = magnitudeOf(op, bin, bins, info.width, info.height);
    if (op.signedOp && negative)
        magnitude = -magnitude;
    if (op.scale == Scale::Posterize)
        return makeValues({{"op", op.name}, {"bin", bin}, {"magnitude", int(magnitude)}});
    return makeValues({{"op", op.name}, {"bin", bin}, {"magnitude", magnitude}});
}

Values drawOp(Rng& rng, const std::vector<OpSpace>& space, int binLo, int binHi, int bins,
              const SampleInfo& info) {
    const OpSpace& op = space[size_t(rng.integer(0, int64_t(space.size()) - 1))];
    const int bin = op.scale == Scale::None ? 0 : int(rng.integer(binLo, binHi));
    const bool negative = op.signedOp && rng.bernoulli(0.5);
    return opValues(op, bin, bins, negative, info);
}

ParamSpec interpolationParam(const std::string& def) {
    return enumParam("interpolation", def, {"nearest", "linear"},
                     "resampling of the geometric ops (torchvision NEAREST or BILINEAR)");
}

Resampling resamplingOf(const ParamSet& p) {
    return {p.s("interpolation") == "nearest" ? cv::INTER_NEAREST : cv::INTER_LINEAR, p.f("fill")};
}

void applyOp(ImageSample& s, const std::string& name, double magnitude, const Resampling& r,
             const std::string& where) {
    cv::Mat& image = s.image;
    if (name == "Identity")
        return;
    if (name == "ShearX")
        return torchAffine(s, 0.0, {}, degreesOfAtan(magnitude), 0.0, true, r);
    if (name == "ShearY")
        return torchAffine(s, 0.0, {}, 0.0, degreesOfAtan(magnitude), true, r);
    if (name == "TranslateX")
        return torchAffine(s, 0.0, {std::trunc(magnitude), 0.0}, 0.0, 0.0, false, r);
    if (name == "TranslateY")
        return torchAffine(s, 0.0, {0.0, std::trunc(magnitude)}, 0.0, 0.0, false, r);
    if (name == "Rotate") // torchvision's rotate passes -angle to the affine matrix
        return torchAffine(s, -magnitude, {}, 0.0, 0.0, false, r);
    if (image.empty())
        return;
    if (name == "Brightness")
        return brightness(image, 1.0 + magnitude);
    if (name == "Color")
        return saturation(image, 1.0 + magnitude);
    if (name == "Contrast")
        return contrast(image, 1.0 + magnitude);
    if (name == "Sharpness")
        return sharpness(image, 1.0 + magnitude);
    if (name == "Posterize")
        return posterize(image, int(magnitude));
    if (name == "Solarize")
        return solarize(image, magnitude);
    if (name == "AutoContrast")
        return autoContrast(image);
    if (name == "Equalize")
        return equalize(image);
    if (name == "Invert")
        return invert(image);
    throw PipelineError(where, "unknown op '" + name +
                                   "' (expected one of torchvision's: Identity, ShearX, ShearY, "
                                   "TranslateX, TranslateY, Rotate, Brightness, Color, Contrast, "
                                   "Sharpness, Posterize, Solarize, AutoContrast, Equalize, "
                                   "Invert)");
}

void truncateInto(const cv::Mat& floats, cv::Mat& image) {
    cv::Mat out(floats.size(), CV_MAKETYPE(image.depth(), floats.channels()));
    byDepth(out, [&]<class T>(T) {
        const size_t n = size_t(floats.cols) * size_t(floats.channels());
        for (int y = 0; y < floats.rows; ++y) {
            const float* in = floats.ptr<float>(y);
            T* row = out.ptr<T>(y);
            for (size_t i = 0; i < n; ++i)
                row[i] = store<T>(in[i]);
        }
    });
    image = out;
}

void applyOps(ImageSample& sample, const nlohmann::json& ops, const Resampling& r,
              const std::string& where) {
    if (!ops.is_array())
        throw PipelineError(where, "expected an array of ops, got " + ops.dump());
    for (size_t i = 0; i < ops.size(); ++i) {
        const nlohmann::json& op = ops[i];
        const std::string at = where + "[" + std::to_string(i) + "]";
        if (!op.is_object() || !op.contains("op") || !op["op"].is_string())
            throw PipelineError(at,
                                "expected {\"op\": name, \"magnitude\": number}, got " + op.dump());
        if (op.contains("applied") && op["applied"].is_boolean() && !op["applied"].get<bool>())
            continue;
        const nlohmann::json magnitude = op.value("magnitude", nlohmann::json(0.0));
        if (!magnitude.is_number())
            throw PipelineError(at + ".magnitude", "expected a number, got " + magnitude.dump());
        applyOp(sample, op["op"].get<std::string>(), magnitude.get<double>(), r, at);
    }
}

} // namespace augstudio::core::policy

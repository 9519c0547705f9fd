#include "core/transforms/image/normalize.h"

#include "core/transforms/image/pixelops.h"
#include "core/util/error.h"

#include <numeric>

namespace augstudio::core {

namespace {

std::vector<double> readChannels(const ParamSet& p, const char* name) {
    std::vector<double> v = p.list(name);
    if (v.size() != 1 && v.size() != 3 && v.size() != 4)
        throw Error(name, "expected 1, 3 or 4 values (R, G, B, A order)");
    return v;
}

// The value for image channel c of an image with `channels` channels.
double forChannel(const std::vector<double>& v, int c, int channels) {
    if (v.size() == 1)
        return v[0];
    if (channels == 1) // a grey image takes the mean of the R, G, B values
        return (v[0] + v[1] + v[2]) / 3.0;
    if (c == 3)
        return v.size() == 4 ? v[3] : 0.0;
    return v[size_t(2 - c)]; // BGR storage, RGB list
}

template <class T>
void normalizeInto(const cv::Mat& in, cv::Mat& out, const double* gain, const double* offset) {
    const int channels = in.channels();
    if constexpr (sizeof(T) == 1) {
        // 8-bit: one 256-entry table per channel, one lookup per value.
        std::vector<float> table(size_t(256 * channels));
        for (int c = 0; c < channels; ++c)
            for (int v = 0; v < 256; ++v)
                table[size_t(c * 256 + v)] = float(v * gain[c] + offset[c]);
        for (int y = 0; y < in.rows; ++y) {
            const T* src = in.ptr<T>(y);
            float* dst = out.ptr<float>(y);
            for (int x = 0; x < in.cols; ++x)
                for (int c = 0; c < channels; ++c)
                    dst[x * channels + c] = table[size_t(c * 256 + src[x * channels + c])];
        }
    } else {
        float g[4], o[4];
        for (int c = 0; c < channels; ++c) {
            g[c] = float(gain[c]);
            o[c] = float(offset[c]);
        }
        for (int y = 0; y < in.rows; ++y) {
            const T* src = in.ptr<T>(y);
            float* dst = out.ptr<float>(y);
            for (int x = 0; x < in.cols; ++x)
                for (int c = 0; c < channels; ++c)
                    dst[x * channels + c] = float(src[x * channels + c]) * g[c] + o[c];
        }
    }
}

} // namespace

NormalizeToFloat::NormalizeToFloat(const ParamSet& p)
    : mean_(readChannels(p, "mean")), std_(readChannels(p, "std")),
      maxPixel_(p.f("max_pixel_value")) {}

Values NormalizeToFloat::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void NormalizeToFloat::applyTo(ImageSample& s, const Values&) const {
    const cv::Mat& in = s.image;
    const int channels = in.channels();
    double gain[4], offset[4];
    for (int c = 0; c < channels; ++c) {
        // Alpha without its own value is only scaled: (a / max - 0) / 1.
        const bool alphaDefault = c == 3 && mean_.size() != 4 && mean_.size() != 1;
        const double m = alphaDefault ? 0.0 : forChannel(mean_, c, channels);
        const double sd =
            (c == 3 && std_.size() != 4 && std_.size() != 1) ? 1.0 : forChannel(std_, c, channels);
        gain[c] = 1.0 / (maxPixel_ * sd);
        offset[c] = -m / sd;
    }
    cv::Mat out(in.size(), CV_32FC(channels));
    switch (in.depth()) {
    case CV_8U:
        normalizeInto<uint8_t>(in, out, gain, offset);
        break;
    case CV_16U:
        normalizeInto<uint16_t>(in, out, gain, offset);
        break;
    case CV_32F:
        normalizeInto<float>(in, out, gain, offset);
        break;
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
    s.image = out;
}

TransformInfo NormalizeToFloat::info() {
    TransformInfo t = pixel::info(
        "image.normalize",
        "Normalise to float: (x / max_pixel_value - mean) / std per channel (output CV_32F)",
        {floatListParam("mean", {0.485, 0.456, 0.406}, -1e6, 1e6,
                        "per-channel mean in R, G, B(, A) order (ImageNet's by default); one value "
                        "for all channels"),
         floatListParam("std", {0.229, 0.224, 0.225}, 1e-9, 1e9,
                        "per-channel standard deviation in R, G, B(, A) order; one value for all"),
         floatParam("max_pixel_value", 255, 1e-9, 1e9,
                    "raw level mapped to 1 before mean and std (255 for 8-bit, 65535 for 16-bit, "
                    "1 for float images)",
                    "level", 1)},
        factoryOf<NormalizeToFloat>());
    t.defaultP = 1.0; // deterministic: a normalisation applies to every image
    return t;
}

} // namespace augstudio::core

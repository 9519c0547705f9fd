#include "core/transforms/image/noise.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace augstudio::core {

// --- gaussian_noise ----------------------------------------------------------------------

AdditiveGaussianNoise::AdditiveGaussianNoise(const ParamSet& p)
    : std_(p.range("std")), mean_(p.range("mean")), perChannel_(p.b("per_channel")) {}

Values AdditiveGaussianNoise::draw(Rng& rng, const SampleInfo&) const {
    const double sd = rng.uniform(std_.lo, std_.hi);
    const double mean = rng.uniform(mean_.lo, mean_.hi);
    return {{"std", sd}, {"mean", mean}, {"seed", pixel::drawSeed(rng)}};
}

void AdditiveGaussianNoise::applyTo(ImageSample& s, const Values& v) const {
    const double top = pixel::maxValue(s.image.depth());
    const double sd = v.at("std").get<double>() * top, mean = v.at("mean").get<double>() * top;
    if (sd == 0.0 && mean == 0.0)
        return;
    const int cn = pixel::colourChannels(s.image);
    cv::Mat noise(s.image.size(), CV_32FC(perChannel_ ? cn : 1));
    pixel::fillNormal(noise, v.at("seed").get<uint64_t>(), mean, sd);
    if (!perChannel_ && cn == 3)
        cv::cvtColor(noise, noise, cv::COLOR_GRAY2BGR);
    pixel::addNoise(s.image, noise);
}

TransformInfo AdditiveGaussianNoise::info() {
    return pixel::info(
        "image.gaussian_noise", "Additive Gaussian noise",
        {rangeParam("std", 0.02, 0.1, 0, 1,
                    "standard deviation drawn from [lo, hi], as a fraction of the white level", "",
                    0.005),
         rangeParam("mean", 0, 0, -1, 1, "mean drawn from [lo, hi], as a fraction of white", "",
                    0.005),
         boolParam("per_channel", true,
                   "independent noise per colour channel (false: the same noise in all)")},
        factoryOf<AdditiveGaussianNoise>());
}

// --- iso_noise ---------------------------------------------------------------------------

IsoNoise::IsoNoise(const ParamSet& p)
    : colorShift_(p.range("color_shift")), intensity_(p.range("intensity")) {}

Values IsoNoise::draw(Rng& rng, const SampleInfo&) const {
    const double shift = rng.uniform(colorShift_.lo, colorShift_.hi);
    const double intensity = rng.uniform(intensity_.lo, intensity_.hi);
    return {{"color_shift", shift}, {"intensity", intensity}, {"seed", pixel::drawSeed(rng)}};
}

void IsoNoise::applyTo(ImageSample& s, const Values& v) const {
    const double shift = v.at("color_shift").get<double>();
    const double intensity = v.at("intensity").get<double>();
    if (intensity == 0.0)
        return;
    const uint64_t seed = v.at("seed").get<uint64_t>();
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        const double top = pixel::maxValue(colour.depth());
        const bool grey = colour.channels() == 1;
        cv::Mat f, hls;
        colour.convertTo(f, CV_32F, 1.0 / top);
        if (grey)
            hls = f;
        else
            cv::cvtColor(f, hls, cv::COLOR_BGR2HLS);
        cv::Mat lightness;
        cv::extractChannel(hls, lightness, grey ? 0 : 1);
        cv::Scalar mean, stddev;
        cv::meanStdDev(lightness, mean, stddev);
        // Poisson(lambda) luminance noise, by its normal approximation (lambda is tens).
        const double lambda = stddev[0] * intensity * 255.0;
        cv::Mat lum(colour.size(), CV_32F), hue(colour.size(), CV_32F);
        pixel::fillNormal(lum, seed, lambda, std::sqrt(lambda));
        pixel::fillNormal(hue, mixSeed(seed, 1), 0.0, shift * 360.0 * intensity);
        const int channels = hls.channels();
        for (int y = 0; y < hls.rows; ++y) {
            float* row = hls.ptr<float>(y);
            const float* ln = lum.ptr<float>(y);
            const float* hn = hue.ptr<float>(y);
            for (int x = 0; x < hls.cols; ++x) {
                float* px = row + x * channels;
                float& l = px[grey ? 0 : 1];
                l += std::max(0.0f, std::round(ln[x])) / 255.0f * (1.0f - l);
                if (!grey) {
                    const float h = std::fmod(px[0] + hn[x], 360.0f);
                    px[0] = h < 0 ? h + 360.0f : h;
                }
            }
        }
        if (!grey)
            cv::cvtColor(hls, f, cv::COLOR_HLS2BGR);
        f.convertTo(colour, colour.depth(), top);
    });
}

TransformInfo IsoNoise::info() {
    return pixel::info(
        "image.iso_noise", "Camera sensor noise: hue jitter and luminance noise",
        {rangeParam("color_shift", 0.01, 0.05, 0, 1,
                    "hue jitter drawn from [lo, hi], as a fraction of the hue circle", "", 0.005),
         rangeParam("intensity", 0.1, 0.5, 0, 2, "noise strength drawn from [lo, hi] (0 unchanged)",
                    "", 0.01)},
        factoryOf<IsoNoise>());
}

// --- salt_pepper -------------------------------------------------------------------------

SaltPepper::SaltPepper(const ParamSet& p)
    : amount_(p.range("amount")), saltRatio_(p.range("salt_vs_pepper")) {}

Values SaltPepper::draw(Rng& rng, const SampleInfo&) const {
    const double amount = rng.uniform(amount_.lo, amount_.hi);
    const double ratio = rng.uniform(saltRatio_.lo, saltRatio_.hi);
    return {{"amount", amount}, {"salt_vs_pepper", ratio}, {"seed", pixel::drawSeed(rng)}};
}

namespace {
template <class T>
void sprinkle(cv::Mat& image, uint64_t seed, double amount, double saltRatio, T white) {
    Rng rng(seed);
    const int channels = image.channels(), cn = pixel::colourChannels(image);
    const int64_t total = int64_t(image.total());
    // Jump from hit to hit: the gaps between hit pixels are geometric, so the cost follows
    // the number of hits, not of pixels.
    const double logMiss = amount < 1.0 ? std::log1p(-amount) : -INFINITY;
    for (int64_t pos = -1;;) {
        const double u = rng.uniform();
        pos += 1 + (amount < 1.0 ? int64_t(std::floor(std::log1p(-u) / logMiss)) : 0);
        if (pos >= total || pos < 0)
            break;
        const T value = rng.uniform() < saltRatio ? white : T(0);
        T* px = image.ptr<T>(int(pos / image.cols)) + (pos % image.cols) * channels;
        for (int c = 0; c < cn; ++c)
            px[c] = value;
    }
}
} // namespace

void SaltPepper::applyTo(ImageSample& s, const Values& v) const {
    const double amount = v.at("amount").get<double>();
    if (amount <= 0.0)
        return;
    const double ratio = v.at("salt_vs_pepper").get<double>();
    const uint64_t seed = v.at("seed").get<uint64_t>();
    switch (s.image.depth()) {
    case CV_8U:
        return sprinkle<uint8_t>(s.image, seed, amount, ratio, 255);
    case CV_16U:
        return sprinkle<uint16_t>(s.image, seed, amount, ratio, 65535);
    case CV_32F:
        return sprinkle<float>(s.image, seed, amount, ratio, 1.0f);
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
}

TransformInfo SaltPepper::info() {
    return pixel::info(
        "image.salt_pepper", "Salt and pepper noise: random white and black pixels",
        {rangeParam("amount", 0.01, 0.06, 0, 1,
                    "fraction of the pixels replaced, drawn from [lo, hi]", "", 0.005),
         rangeParam("salt_vs_pepper", 0.4, 0.6, 0, 1,
                    "share of white among the replaced pixels, drawn from [lo, hi]", "", 0.05)},
        factoryOf<SaltPepper>());
}

} // namespace augstudio::core

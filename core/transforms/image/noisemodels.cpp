#include "core/transforms/image/noisemodels.h"

#include "core/random/distributions.h"
#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

// Runs `op` on the colour part as CV_32F in [0, 1], then converts back (saturated).
template <class F> void onUnitColour(cv::Mat& image, F op) {
    pixel::onColour(image, [&](cv::Mat& colour) {
        const double top = pixel::maxValue(colour.depth());
        cv::Mat f;
        colour.convertTo(f, CV_32F, 1.0 / top);
        op(f);
        cv::min(f, 1.0, f);
        cv::max(f, 0.0, f);
        f.convertTo(colour, colour.depth(), top);
    });
}

// Fills a continuous CV_32F matrix with `sample(rng)` for every value.
template <class F> void fillFrom(cv::Mat& noise, uint64_t seed, F sample) {
    CV_Assert(noise.depth() == CV_32F && noise.isContinuous());
    Rng rng(seed);
    float* out = noise.ptr<float>();
    const size_t n = noise.total() * size_t(noise.channels());
    for (size_t i = 0; i < n; ++i)
        out[i] = float(sample(rng));
}

// Uniform values in [lo, hi): two per 64-bit draw.
void fillUniformNoise(cv::Mat& noise, uint64_t seed, double lo, double hi) {
    CV_Assert(noise.depth() == CV_32F && noise.isContinuous());
    Rng rng(seed);
    float* out = noise.ptr<float>();
    const size_t n = noise.total() * size_t(noise.channels());
    const float a = float(lo), span = float(hi - lo);
    for (size_t i = 0; i < n; i += 2) {
        const uint64_t bits = rng.next();
        out[i] = a + span * float(uint32_t(bits >> 40)) * 0x1.0p-24f;
        if (i + 1 < n)
            out[i + 1] = a + span * float(uint32_t(bits >> 8) & 0xFFFFFFu) * 0x1.0p-24f;
    }
}

std::vector<double> drawnList(const Values& v, const char* name) {
    return v.at(name).get<std::vector<double>>();
}

int noiseChannelsOf(const SampleInfo& info) {
    return info.channels == 4 ? 3 : std::max(1, info.channels);
}

} // namespace

// --- multiplicative_noise ----------------------------------------------------------------

MultiplicativeNoise::MultiplicativeNoise(const ParamSet& p)
    : multiplier_(p.range("multiplier")), perChannel_(p.b("per_channel")),
      elementwise_(p.b("elementwise")) {}

Values MultiplicativeNoise::draw(Rng& rng, const SampleInfo& info) const {
    if (elementwise_)
        return makeValues(
            {{"high", multiplier_.hi}, {"low", multiplier_.lo}, {"seed", pixel::drawSeed(rng)}});
    std::vector<double> factors(perChannel_ ? size_t(noiseChannelsOf(info)) : 1);
    for (double& f : factors)
        f = rng.uniform(multiplier_.lo, multiplier_.hi);
    return {{"multipliers", factors}};
}

void MultiplicativeNoise::applyTo(ImageSample& s, const Values& v) const {
    if (v.contains("multipliers")) {
        const std::vector<double> f = drawnList(v, "multipliers");
        if (f.empty() || std::all_of(f.begin(), f.end(), [](double m) { return m == 1.0; }))
            return;
        const cv::Scalar factor(f[0], f.size() > 1 ? f[1] : f[0], f.size() > 2 ? f[2] : f[0], 1);
        pixel::onColour(s.image, [&](cv::Mat& colour) {
            if (colour.type() == CV_8UC3) {
                // The product of every level through one lookup: the table is
                // cv::multiply's own result on the 256 levels, so the bytes are its bytes.
                cv::Mat levels(1, 256, CV_8UC3);
                for (int v = 0; v < 256; ++v)
                    levels.at<cv::Vec3b>(v) = cv::Vec3b::all(uint8_t(v));
                cv::multiply(levels, factor, levels);
                pixel::lookUp(colour, levels);
                return;
            }
            cv::multiply(colour, factor, colour);
            if (colour.depth() == CV_32F) {
                cv::min(colour, 1.0, colour);
                cv::max(colour, 0.0, colour);
            }
        });
        return;
    }
    const double lo = v.at("low").get<double>(), hi = v.at("high").get<double>();
    if (lo == 1.0 && hi == 1.0)
        return;
    const uint64_t seed = v.at("seed").get<uint64_t>();
    onUnitColour(s.image, [&](cv::Mat& f) {
        cv::Mat noise(f.size(), CV_32FC(perChannel_ ? f.channels() : 1));
        fillUniformNoise(noise, seed, lo, hi);
        if (noise.channels() != f.channels())
            cv::cvtColor(noise, noise, cv::COLOR_GRAY2BGR);
        cv::multiply(f, noise, f);
    });
}

TransformInfo MultiplicativeNoise::info() {
    return pixel::info(
        "image.multiplicative_noise", "Multiply by random factors: per image, channel or pixel",
        {rangeParam("multiplier", 0.9, 1.1, 0, 10, "factors drawn from [lo, hi] (1 unchanged)", "x",
                    0.01),
         boolParam("per_channel", false, "a factor per colour channel"),
         boolParam("elementwise", false, "a factor per pixel (and channel, with per_channel)")},
        factoryOf<MultiplicativeNoise>());
}

// --- additive_noise ----------------------------------------------------------------------

AdditiveNoise::AdditiveNoise(const ParamSet& p)
    : uniform_(p.range("uniform_range")), mean_(p.range("mean")), std_(p.range("std")),
      betaA_(p.range("beta_alpha")), betaB_(p.range("beta_beta")),
      betaScale_(p.range("beta_scale")) {
    const std::string& d = p.s("noise_type");
    distribution_ = d == "uniform"    ? Distribution::Uniform
                    : d == "gaussian" ? Distribution::Gaussian
                    : d == "laplace"  ? Distribution::Laplace
                                      : Distribution::Beta;
    const std::string& m = p.s("spatial_mode");
    spatial_ = m == "constant" ? Spatial::Constant
               : m == "shared" ? Spatial::Shared
                               : Spatial::PerPixel;
}

Values AdditiveNoise::draw(Rng& rng, const SampleInfo& info) const {
    // The distribution's parameters for this sample.
    double a = 0, b = 0, scale = 0;
    switch (distribution_) {
    case Distribution::Uniform:
        a = uniform_.lo;
        b = uniform_.hi;
        break;
    case Distribution::Gaussian:
    case Distribution::Laplace:
        a = rng.uniform(mean_.lo, mean_.hi);
        scale = rng.uniform(std_.lo, std_.hi);
        break;
    case Distribution::Beta:
        a = rng.uniform(betaA_.lo, betaA_.hi);
        b = rng.uniform(betaB_.lo, betaB_.hi);
        scale = rng.uniform(betaScale_.lo, betaScale_.hi);
        break;
    }
    Values v = makeValues({{"a", a}, {"b", b}, {"scale", scale}});
    if (spatial_ == Spatial::Constant) {
        std::vector<double> offsets(size_t(noiseChannelsOf(info)));
        for (double& o : offsets)
            o = distribution_ == Distribution::Uniform    ? rng.uniform(a, b)
                : distribution_ == Distribution::Gaussian ? rng.normal(a, scale)
                : distribution_ == Distribution::Laplace  ? laplaceVariate(rng, a, scale)
                                                         : (2 * betaVariate(rng, a, b) - 1) * scale;
        v["offsets"] = offsets;
    } else {
        v["seed"] = pixel::drawSeed(rng);
    }
    return v;
}

void AdditiveNoise::applyTo(ImageSample& s, const Values& v) const {
    const double top = pixel::maxValue(s.image.depth());
    if (v.contains("offsets")) {
        const std::vector<double> o = drawnList(v, "offsets");
        if (o.empty())
            return;
        const double offset[3] = {o[0] * top, (o.size() > 1 ? o[1] : o[0]) * top,
                                  (o.size() > 2 ? o[2] : o[0]) * top};
        if (offset[0] == 0 && offset[1] == 0 && offset[2] == 0)
            return;
        pixel::addPerChannel(s.image, offset);
        return;
    }
    const double a = v.at("a").get<double>(), b = v.at("b").get<double>(),
                 scale = v.at("scale").get<double>();
    const bool none =
        distribution_ == Distribution::Uniform ? (a == 0 && b == 0) : (scale == 0 && a == 0);
    if (none)
        return;
    const uint64_t seed = v.at("seed").get<uint64_t>();
    const int cn = pixel::colourChannels(s.image);
    cv::Mat noise(s.image.size(), CV_32FC(spatial_ == Spatial::Shared ? 1 : cn));
    switch (distribution_) {
    case Distribution::Uniform:
        fillUniformNoise(noise, seed, a * top, b * top);
        break;
    case Distribution::Gaussian:
        pixel::fillNormal(noise, seed, a * top, scale * top);
        break;
    case Distribution::Laplace:
        fillFrom(noise, seed, [&](Rng& r) { return laplaceVariate(r, a * top, scale * top); });
        break;
    case Distribution::Beta:
        fillFrom(noise, seed, [&](Rng& r) { return (2 * betaVariate(r, a, b) - 1) * scale * top; });
        break;
    }
    if (noise.channels() != cn)
        cv::cvtColor(noise, noise, cv::COLOR_GRAY2BGR);
    pixel::addNoise(s.image, noise);
}

TransformInfo AdditiveNoise::info() {
    return pixel::info(
        "image.additive_noise",
        "Additive noise of a chosen distribution, per channel, per pixel or shared",
        {enumParam("noise_type", "uniform", {"uniform", "gaussian", "laplace", "beta"},
                   "distribution of the noise"),
         enumParam("spatial_mode", "constant", {"constant", "per_pixel", "shared"},
                   "constant: one value per channel; per_pixel: every pixel and channel; "
                   "shared: every pixel, the same in all channels"),
         rangeParam("uniform_range", -0.1, 0.1, -1, 1,
                    "uniform noise bounds, as fractions of white", "", 0.005),
         rangeParam("mean", 0, 0, -1, 1, "gaussian / laplace mean drawn from [lo, hi] (of white)",
                    "", 0.005),
         rangeParam("std", 0.05, 0.15, 0, 1,
                    "gaussian standard deviation / laplace scale drawn from [lo, hi] (of white)",
                    "", 0.005),
         rangeParam("beta_alpha", 0.5, 1.5, 0.01, 100,
                    "beta distribution alpha drawn from [lo, hi]", "", 0.01),
         rangeParam("beta_beta", 0.5, 1.5, 0.01, 100, "beta distribution beta drawn from [lo, hi]",
                    "", 0.01),
         rangeParam("beta_scale", 0.1, 0.3, 0, 1,
                    "beta noise spans [-scale, scale] (of white), scale drawn from [lo, hi]", "",
                    0.005)},
        factoryOf<AdditiveNoise>());
}

// --- shot_noise --------------------------------------------------------------------------

ShotNoise::ShotNoise(const ParamSet& p) : scale_(p.range("scale")) {}

Values ShotNoise::draw(Rng& rng, const SampleInfo&) const {
    const double scale = rng.uniform(scale_.lo, scale_.hi);
    return makeValues({{"scale", scale}, {"seed", pixel::drawSeed(rng)}});
}

namespace {

// Shot noise of an 8-bit image: for each of the 256 input levels the Poisson CDF of its
// photon count and the output level of every count, so a value costs one uniform and a
// binary search instead of a Poisson draw and two pow calls.
void shotNoise8(cv::Mat& colour, double scale, Rng& rng) {
    std::vector<std::vector<double>> cdf(256);
    std::vector<std::vector<uint8_t>> level(256);
    for (int v = 0; v < 256; ++v) {
        const double lambda = (std::pow(v / 255.0, 2.2) + scale * 1e-6) / scale;
        const int most = int(lambda + 12.0 * std::sqrt(lambda) + 20.0);
        double p = std::exp(-lambda), sum = 0;
        for (int k = 0; k <= most; ++k) {
            sum += p;
            cdf[size_t(v)].push_back(sum);
            level[size_t(v)].push_back(
                cv::saturate_cast<uint8_t>(255.0 * std::pow(std::min(1.0, k * scale), 1 / 2.2)));
            p *= lambda / (k + 1);
        }
        cdf[size_t(v)].back() = 2.0; // the far tail folds into the last count
    }
    const int n = colour.cols * colour.channels();
    for (int y = 0; y < colour.rows; ++y) {
        uint8_t* row = colour.ptr<uint8_t>(y);
        for (int i = 0; i < n; ++i) {
            const std::vector<double>& c = cdf[row[i]];
            const size_t k =
                size_t(std::upper_bound(c.begin(), c.end(), rng.uniform()) - c.begin());
            row[i] = level[row[i]][k];
        }
    }
}

} // namespace

void ShotNoise::applyTo(ImageSample& s, const Values& v) const {
    const double scale = v.at("scale").get<double>();
    if (!(scale > 0))
        return;
    Rng rng(v.at("seed").get<uint64_t>());
    if (s.image.depth() == CV_8U) {
        pixel::onColour(s.image, [&](cv::Mat& colour) { shotNoise8(colour, scale, rng); });
        return;
    }
    onUnitColour(s.image, [&](cv::Mat& f) {
        const int n = f.cols * f.channels();
        for (int y = 0; y < f.rows; ++y) {
            float* row = f.ptr<float>(y);
            for (int i = 0; i < n; ++i) {
                const double linear = std::pow(std::clamp(double(row[i]), 0.0, 1.0), 2.2);
                const double photons = double(poissonVariate(rng, (linear + scale * 1e-6) / scale));
                row[i] = float(std::pow(std::min(1.0, photons * scale), 1.0 / 2.2));
            }
        }
    });
}

TransformInfo ShotNoise::info() {
    return pixel::info("image.shot_noise",
                       "Poisson (shot) noise of the light reaching the sensor, in linear light",
                       {rangeParam("scale", 0.1, 0.3, 0, 10,
                                   "light per photon drawn from [lo, hi] (larger: noisier; 0 "
                                   "unchanged)",
                                   "", 0.005)},
                       factoryOf<ShotNoise>());
}

// --- pixel_dropout -----------------------------------------------------------------------

PixelDropout::PixelDropout(const ParamSet& p)
    : probability_(p.f("dropout_prob")), perChannel_(p.b("per_channel")),
      dropValue_(p.f("drop_value")), maskDropValue_(int(p.i("mask_drop_value"))) {}

Values PixelDropout::draw(Rng& rng, const SampleInfo&) const {
    return makeValues({{"seed", pixel::drawSeed(rng)}});
}

namespace {
// Visits the dropped positions among `total`, each with probability p: geometric gaps, so
// the cost follows the number of drops, not of positions.
template <class F> void forEachDrop(uint64_t seed, int64_t total, double p, F visit) {
    if (p <= 0)
        return;
    Rng rng(seed);
    const double logMiss = p < 1.0 ? std::log1p(-p) : -INFINITY;
    for (int64_t pos = -1;;) {
        const double u = rng.uniform();
        pos += 1 + (p < 1.0 ? int64_t(std::floor(std::log1p(-u) / logMiss)) : 0);
        if (pos >= total || pos < 0)
            return;
        visit(pos);
    }
}

template <class T>
void dropValues(cv::Mat& image, cv::Mat& mask, uint64_t seed, double p, bool perChannel,
                double value, int maskValue) {
    const int channels = image.channels(), cn = pixel::colourChannels(image);
    const T level = cv::saturate_cast<T>(value);
    const int64_t pixels = int64_t(image.total());
    auto markMask = [&](int64_t pixel) {
        if (maskValue >= 0 && !mask.empty()) {
            const int y = int(pixel / image.cols), x = int(pixel % image.cols);
            if (mask.depth() == CV_8U)
                mask.at<uint8_t>(y, x) = cv::saturate_cast<uint8_t>(maskValue);
            else
                mask.at<uint16_t>(y, x) = cv::saturate_cast<uint16_t>(maskValue);
        }
    };
    forEachDrop(seed, perChannel ? pixels * cn : pixels, p, [&](int64_t pos) {
        const int64_t pixel = perChannel ? pos / cn : pos;
        T* px = image.ptr<T>(int(pixel / image.cols)) + (pixel % image.cols) * channels;
        if (perChannel)
            px[pos % cn] = level;
        else
            for (int c = 0; c < cn; ++c)
                px[c] = level;
        markMask(pixel);
    });
}
} // namespace

void PixelDropout::applyTo(ImageSample& s, const Values& v) const {
    const uint64_t seed = v.at("seed").get<uint64_t>();
    switch (s.image.depth()) {
    case CV_8U:
        return dropValues<uint8_t>(s.image, s.mask, seed, probability_, perChannel_, dropValue_,
                                   maskDropValue_);
    case CV_16U:
        return dropValues<uint16_t>(s.image, s.mask, seed, probability_, perChannel_, dropValue_,
                                    maskDropValue_);
    case CV_32F:
        return dropValues<float>(s.image, s.mask, seed, probability_, perChannel_, dropValue_,
                                 maskDropValue_);
    default:
        throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
    }
}

TransformInfo PixelDropout::info() {
    return pixel::info(
        "image.pixel_dropout", "Set random single pixels (or values) to a drop level",
        {floatParam("dropout_prob", 0.01, 0, 1, "probability that a pixel (or value) is dropped",
                    "", 0.001),
         boolParam("per_channel", false, "drop channel values independently"),
         floatParam("drop_value", 0, 0, 65535, "level written (a raw value of the image's depth)",
                    "level", 1),
         intParam("mask_drop_value", -1, -1, 65535,
                  "mask value written at dropped pixels (-1 leaves the mask alone)")},
        factoryOf<PixelDropout>());
}

} // namespace augstudio::core

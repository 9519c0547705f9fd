#include "core/transforms/image/colourtransfer.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <numeric>

namespace augstudio::core {

namespace {

int colourChannelsOf(const SampleInfo& info) {
    return info.channels == 4 ? 3 : std::max(1, info.channels);
}

template <class T>
void accumulateMoments(const cv::Mat& image, int cn, double sum[3], double products[3][3]) {
    const int channels = image.channels();
    for (int y = 0; y < image.rows; ++y) {
        const T* row = image.ptr<T>(y);
        for (int x = 0; x < image.cols; ++x) {
            const T* px = row + x * channels;
            for (int a = 0; a < cn; ++a) {
                sum[a] += double(px[a]);
                for (int b = a; b < cn; ++b)
                    products[a][b] += double(px[a]) * double(px[b]);
            }
        }
    }
}

// The colour covariance of the image (values scaled to [0, 1]), cn x cn, CV_64F.
cv::Mat colourCovariance(const cv::Mat& image, int cn) {
    double sum[3] = {0, 0, 0}, products[3][3] = {};
    switch (image.depth()) {
    case CV_8U:
        accumulateMoments<uint8_t>(image, cn, sum, products);
        break;
    case CV_16U:
        accumulateMoments<uint16_t>(image, cn, sum, products);
        break;
    default:
        accumulateMoments<float>(image, cn, sum, products);
        break;
    }
    const double n = double(image.total()), top = pixel::maxValue(image.depth());
    cv::Mat cov(cn, cn, CV_64F);
    for (int a = 0; a < cn; ++a)
        for (int b = a; b < cn; ++b) {
            const double c = (products[a][b] - sum[a] * sum[b] / n) / std::max(1.0, n - 1.0);
            cov.at<double>(a, b) = cov.at<double>(b, a) = c / (top * top);
        }
    return cov;
}

// Cubic Bezier from (0, 0) to (1, 1) with inner ordinates low and high, at t = x.
double toneCurve(double t, double low, double high) {
    const double u = 1.0 - t;
    return 3.0 * u * u * t * low + 3.0 * u * t * t * high + t * t * t;
}

} // namespace

// --- to_sepia ----------------------------------------------------------------------------

Values ToSepia::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void ToSepia::applyTo(ImageSample& s, const Values&) const {
    if (pixel::colourChannels(s.image) != 3)
        return;
    // The sepia matrix (rows R', G', B' of R, G, B) written in OpenCV's B, G, R order.
    const cv::Matx33f sepia(0.131f, 0.534f, 0.272f,  // B'
                            0.168f, 0.686f, 0.349f,  // G'
                            0.189f, 0.769f, 0.393f); // R'
    pixel::onColour(s.image, [&](cv::Mat& bgr) {
        cv::transform(bgr, bgr, sepia);
        if (bgr.depth() == CV_32F)
            cv::min(bgr, 1.0, bgr);
    });
}

TransformInfo ToSepia::info() {
    return pixel::info("image.to_sepia",
                       "Sepia filter: R, G, B mixed by the classic sepia matrix (1-channel "
                       "images unchanged)",
                       {}, factoryOf<ToSepia>());
}

// --- channel_dropout ---------------------------------------------------------------------

ChannelDropout::ChannelDropout(const ParamSet& p)
    : count_(p.intRange("channels")), fill_(p.f("fill")) {}

Values ChannelDropout::draw(Rng& rng, const SampleInfo& info) const {
    const int cn = colourChannelsOf(info);
    std::vector<int> order(static_cast<size_t>(cn));
    std::iota(order.begin(), order.end(), 0);
    const int64_t count = std::min<int64_t>(rng.integer(count_.lo, count_.hi), cn - 1);
    rng.shuffle(order);
    std::vector<int> dropped(order.begin(), order.begin() + std::max<int64_t>(0, count));
    std::sort(dropped.begin(), dropped.end());
    return {{"channels", dropped}};
}

void ChannelDropout::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<int> dropped = v.at("channels").get<std::vector<int>>();
    const int cn = pixel::colourChannels(s.image);
    if (dropped.empty())
        return;
    const cv::Mat plane(s.image.size(), CV_MAKETYPE(s.image.depth(), 1), cv::Scalar(fill_));
    for (int c : dropped)
        if (c >= 0 && c < cn)
            cv::insertChannel(plane, s.image, c);
}

TransformInfo ChannelDropout::info() {
    return pixel::info(
        "image.channel_dropout",
        "Set a drawn number of colour channels to a fill level (one always stays)",
        {intRangeParam("channels", 1, 1, 0, 3,
                       "how many colour channels to drop, drawn from [lo, hi] (at most all but "
                       "one)"),
         pixel::holeFillParam()},
        factoryOf<ChannelDropout>());
}

// --- fancy_pca ---------------------------------------------------------------------------

FancyPca::FancyPca(const ParamSet& p) : alpha_(p.f("alpha")) {}

Values FancyPca::draw(Rng& rng, const SampleInfo& info) const {
    std::vector<double> alphas(static_cast<size_t>(colourChannelsOf(info)));
    for (double& a : alphas)
        a = alpha_ > 0 ? rng.normal(0.0, alpha_) : 0.0;
    return {{"alphas", alphas}};
}

void FancyPca::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<double> alphas = v.at("alphas").get<std::vector<double>>();
    const int cn = pixel::colourChannels(s.image);
    if (std::all_of(alphas.begin(), alphas.end(), [](double a) { return a == 0.0; }))
        return;
    cv::Mat eigenvalues, eigenvectors;
    cv::eigen(colourCovariance(s.image, cn), eigenvalues, eigenvectors);
    const double top = pixel::maxValue(s.image.depth());
    double offset[3] = {0, 0, 0};
    for (int i = 0; i < cn && i < int(alphas.size()); ++i)
        for (int c = 0; c < cn; ++c)
            offset[c] += eigenvectors.at<double>(i, c) * alphas[size_t(i)] *
                         std::max(0.0, eigenvalues.at<double>(i)) * top;
    pixel::addPerChannel(s.image, offset);
}

TransformInfo FancyPca::info() {
    return pixel::info("image.fancy_pca",
                       "PCA colour augmentation (Krizhevsky et al. 2012): colour shifted along "
                       "the principal components of the image's colours",
                       {floatParam("alpha", 0.1, 0, 10,
                                   "standard deviation of the drawn multiples of each "
                                   "eigenvalue (0 unchanged)",
                                   "", 0.01)},
                       factoryOf<FancyPca>());
}

// --- random_tone_curve -------------------------------------------------------------------

RandomToneCurve::RandomToneCurve(const ParamSet& p)
    : scale_(p.f("scale")), perChannel_(p.b("per_channel")) {}

Values RandomToneCurve::draw(Rng& rng, const SampleInfo& info) const {
    const size_t curves = perChannel_ ? size_t(colourChannelsOf(info)) : 1;
    std::vector<double> low(curves), high(curves);
    for (size_t c = 0; c < curves; ++c) {
        low[c] = std::clamp(rng.normal(0.25, scale_), 0.0, 1.0);
        high[c] = std::clamp(rng.normal(0.75, scale_), 0.0, 1.0);
    }
    return makeValues({{"high_y", high}, {"low_y", low}});
}

void RandomToneCurve::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<double> low = v.at("low_y").get<std::vector<double>>();
    const std::vector<double> high = v.at("high_y").get<std::vector<double>>();
    if (low.empty() || low.size() != high.size())
        throw std::invalid_argument("image.random_tone_curve: low_y and high_y differ in length");
    const double top = pixel::maxValue(s.image.depth());
    if (low.size() == 1) {
        // One curve: one table for every channel (a single cv::LUT on 8-bit images).
        pixel::mapValues(
            s.image, [&](double value) { return top * toneCurve(value / top, low[0], high[0]); });
        return;
    }
    pixel::mapChannelValues(s.image, [&](int c, double value) {
        const size_t i = std::min(size_t(c), low.size() - 1);
        return top * toneCurve(value / top, low[i], high[i]);
    });
}

TransformInfo RandomToneCurve::info() {
    return pixel::info("image.random_tone_curve",
                       "Random S-shaped tone curve (a cubic Bezier through black and white)",
                       {floatParam("scale", 0.1, 0, 1,
                                   "standard deviation of the curve's control points around "
                                   "0.25 and 0.75",
                                   "", 0.01),
                        boolParam("per_channel", false, "one curve per colour channel")},
                       factoryOf<RandomToneCurve>());
}

} // namespace augstudio::core

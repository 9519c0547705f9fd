#include "core/transforms/image/lenseffects.h"

#include "core/transforms/image/geometry.h"
#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <numbers>

namespace augstudio::core {

// --- chromatic_aberration ----------------------------------------------------------------

ChromaticAberration::ChromaticAberration(const ParamSet& p)
    : primary_(p.range("primary_distortion")), secondary_(p.range("secondary_distortion")),
      mode_(p.s("mode")), interpolation_(geometry::cvInterpolation(p.s("interpolation"))) {}

Values ChromaticAberration::draw(Rng& rng, const SampleInfo&) const {
    double redPrimary = rng.uniform(primary_.lo, primary_.hi);
    double redSecondary = rng.uniform(secondary_.lo, secondary_.hi);
    double bluePrimary = rng.uniform(primary_.lo, primary_.hi);
    double blueSecondary = rng.uniform(secondary_.lo, secondary_.hi);
    const std::string mode =
        mode_ == "random" ? (rng.bernoulli(0.5) ? "green_purple" : "red_blue") : mode_;
    // Same sign: red and blue fringe together against green; opposite: against each other.
    const double sign = mode == "green_purple" ? 1.0 : -1.0;
    bluePrimary = std::copysign(std::abs(bluePrimary), sign * redPrimary);
    blueSecondary = std::copysign(std::abs(blueSecondary), sign * redSecondary);
    return makeValues({{"blue_primary", bluePrimary},
                       {"blue_secondary", blueSecondary},
                       {"red_primary", redPrimary},
                       {"red_secondary", redSecondary}});
}

namespace {
// The plane radially distorted by k1 r^2 + k2 r^4 about the centre (focal length w, h).
void distortPlane(cv::Mat& plane, double k1, double k2, int interpolation) {
    if (k1 == 0 && k2 == 0)
        return;
    const int w = plane.cols, h = plane.rows;
    const double cx = w / 2.0, cy = h / 2.0, fx = w, fy = h;
    cv::Mat mapX(h, w, CV_32F), mapY(h, w, CV_32F);
    for (int y = 0; y < h; ++y) {
        float* mx = mapX.ptr<float>(y);
        float* my = mapY.ptr<float>(y);
        const double yn = (y - cy) / fy;
        for (int x = 0; x < w; ++x) {
            const double xn = (x - cx) / fx, r2 = xn * xn + yn * yn;
            const double f = 1 + k1 * r2 + k2 * r2 * r2;
            mx[x] = float(cx + fx * xn * f);
            my[x] = float(cy + fy * yn * f);
        }
    }
    cv::Mat out;
    cv::remap(plane, out, mapX, mapY,
              interpolation == cv::INTER_AREA ? cv::INTER_LINEAR : interpolation,
              cv::BORDER_REFLECT_101);
    plane = out;
}
} // namespace

void ChromaticAberration::applyTo(ImageSample& s, const Values& v) const {
    if (pixel::colourChannels(s.image) != 3)
        return;
    const double rp = v.at("red_primary").get<double>(), rs = v.at("red_secondary").get<double>(),
                 bp = v.at("blue_primary").get<double>(), bs = v.at("blue_secondary").get<double>();
    if (rp == 0 && rs == 0 && bp == 0 && bs == 0)
        return;
    std::vector<cv::Mat> planes;
    cv::split(s.image, planes);
    distortPlane(planes[2], rp, rs, interpolation_);
    distortPlane(planes[0], bp, bs, interpolation_);
    cv::merge(planes, s.image);
}

TransformInfo ChromaticAberration::info() {
    return pixel::info(
        "image.chromatic_aberration",
        "Lateral chromatic aberration: red and blue radially shifted against green",
        {rangeParam("primary_distortion", -0.02, 0.02, -1, 1,
                    "r^2 distortion coefficient drawn from [lo, hi] (0 none)", "", 0.001),
         rangeParam("secondary_distortion", -0.05, 0.05, -1, 1,
                    "r^4 distortion coefficient drawn from [lo, hi] (0 none)", "", 0.001),
         enumParam("mode", "green_purple", {"green_purple", "red_blue", "random"},
                   "green_purple: red and blue shift together; red_blue: opposite ways"),
         interpolationParam()},
        factoryOf<ChromaticAberration>());
}

// --- zoom_blur ---------------------------------------------------------------------------

ZoomBlur::ZoomBlur(const ParamSet& p) : maxFactor_(p.range("max_factor")), step_(p.range("step")) {}

Values ZoomBlur::draw(Rng& rng, const SampleInfo&) const {
    const double maxFactor = rng.uniform(maxFactor_.lo, maxFactor_.hi);
    const double step = rng.uniform(step_.lo, step_.hi);
    return makeValues({{"max_factor", maxFactor}, {"step", step}});
}

void ZoomBlur::applyTo(ImageSample& s, const Values& v) const {
    const double maxFactor = v.at("max_factor").get<double>(), step = v.at("step").get<double>();
    if (maxFactor <= 1.0 || step <= 0)
        return;
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        cv::Mat sum, zoomed;
        colour.convertTo(sum, CV_32F);
        const cv::Point2f centre((colour.cols - 1) * 0.5f, (colour.rows - 1) * 0.5f);
        int count = 1;
        // The factors 1 + step, 1 + 2 step, ... below max_factor (1 itself is the image).
        for (int i = 1;; ++i) {
            const double factor = 1.0 + i * step;
            if (factor >= maxFactor || i > 1000)
                break;
            cv::warpAffine(colour, zoomed, cv::getRotationMatrix2D(centre, 0.0, factor),
                           colour.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT_101);
            cv::accumulate(zoomed, sum);
            ++count;
        }
        sum.convertTo(colour, colour.depth(), 1.0 / count);
    });
}

TransformInfo ZoomBlur::info() {
    return pixel::info(
        "image.zoom_blur", "Radial zoom blur: the mean of the image zoomed by growing factors",
        {rangeParam("max_factor", 1.0, 1.31, 1, 4,
                    "largest zoom drawn from [lo, hi] (1 leaves the image unchanged)", "x", 0.01),
         rangeParam("step", 0.01, 0.03, 0.001, 1, "zoom step drawn from [lo, hi]", "x", 0.001)},
        factoryOf<ZoomBlur>());
}

// --- glass_blur --------------------------------------------------------------------------

GlassBlur::GlassBlur(const ParamSet& p)
    : sigma_(p.f("sigma")), maxDelta_(int(p.i("max_delta"))), iterations_(int(p.i("iterations"))) {}

Values GlassBlur::draw(Rng& rng, const SampleInfo&) const {
    return makeValues({{"seed", pixel::drawSeed(rng)}});
}

namespace {
template <class T>
void swapWithNeighbours(cv::Mat& image, int maxDelta, int iterations, uint64_t seed) {
    Rng rng(seed);
    const int channels = image.channels(), h = image.rows, w = image.cols;
    for (int it = 0; it < iterations; ++it)
        for (int y = h - maxDelta - 1; y >= maxDelta; --y)
            for (int x = w - maxDelta - 1; x >= maxDelta; --x) {
                const int dx = int(rng.integer(-maxDelta, maxDelta));
                const int dy = int(rng.integer(-maxDelta, maxDelta));
                T* a = image.ptr<T>(y) + x * channels;
                T* b = image.ptr<T>(y + dy) + (x + dx) * channels;
                for (int c = 0; c < channels; ++c)
                    std::swap(a[c], b[c]);
            }
}
} // namespace

void GlassBlur::applyTo(ImageSample& s, const Values& v) const {
    const uint64_t seed = v.at("seed").get<uint64_t>();
    if (sigma_ <= 0 && (iterations_ == 0 || maxDelta_ == 0))
        return;
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        if (sigma_ > 0)
            cv::GaussianBlur(colour, colour, cv::Size(0, 0), sigma_, sigma_,
                             cv::BORDER_REFLECT_101);
        if (maxDelta_ > 0) {
            switch (colour.depth()) {
            case CV_8U:
                swapWithNeighbours<uint8_t>(colour, maxDelta_, iterations_, seed);
                break;
            case CV_16U:
                swapWithNeighbours<uint16_t>(colour, maxDelta_, iterations_, seed);
                break;
            default:
                swapWithNeighbours<float>(colour, maxDelta_, iterations_, seed);
                break;
            }
        }
        if (sigma_ > 0)
            cv::GaussianBlur(colour, colour, cv::Size(0, 0), sigma_, sigma_,
                             cv::BORDER_REFLECT_101);
    });
}

TransformInfo GlassBlur::info() {
    return pixel::info(
        "image.glass_blur", "Glass blur: blur, local pixel shuffling, blur again",
        {floatParam("sigma", 0.7, 0, 20, "Gaussian sigma of both blurs (0: no blur)", "px", 0.05),
         intParam("max_delta", 4, 0, 64, "largest distance of a pixel swap", "px"),
         intParam("iterations", 2, 0, 10, "passes of pixel swapping")},
        factoryOf<GlassBlur>());
}

// --- ringing_overshoot -------------------------------------------------------------------

RingingOvershoot::RingingOvershoot(const ParamSet& p)
    : kernel_(p.intRange("kernel")), cutoff_(p.range("cutoff")) {}

Values RingingOvershoot::draw(Rng& rng, const SampleInfo&) const {
    const int64_t k = pixel::drawOddKernel(rng, kernel_.lo, kernel_.hi);
    return makeValues({{"cutoff", rng.uniform(cutoff_.lo, cutoff_.hi)}, {"kernel", k}});
}

void RingingOvershoot::applyTo(ImageSample& s, const Values& v) const {
    const int k = v.at("kernel").get<int>();
    const double cutoff = v.at("cutoff").get<double>();
    if (k <= 1)
        return;
    // cutoff J1(cutoff r) / (2 pi r), its limit cutoff^2 / (4 pi) at the centre; normalised.
    cv::Mat kernel(k, k, CV_32F);
    const double c = (k - 1) / 2.0;
    for (int y = 0; y < k; ++y)
        for (int x = 0; x < k; ++x) {
            const double r = std::hypot(x - c, y - c);
            kernel.at<float>(y, x) = float(r == 0 ? cutoff * cutoff / (4 * std::numbers::pi)
                                                  : cutoff * std::cyl_bessel_j(1.0, cutoff * r) /
                                                        (2 * std::numbers::pi * r));
        }
    kernel /= cv::sum(kernel)[0];
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        cv::filter2D(colour, colour, -1, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT_101);
        if (colour.depth() == CV_32F) {
            cv::min(colour, 1.0, colour);
            cv::max(colour, 0.0, colour);
        }
    });
}

TransformInfo RingingOvershoot::info() {
    return pixel::info(
        "image.ringing_overshoot", "Ringing and overshoot of an ideal (sinc) low-pass filter",
        {intRangeParam("kernel", 7, 15, 1, 99,
                       "kernel size drawn from the odd sizes in [lo, hi] (1 leaves the image "
                       "unchanged)",
                       "px"),
         rangeParam("cutoff", std::numbers::pi / 4, std::numbers::pi / 2, 0.01, std::numbers::pi,
                    "cutoff frequency drawn from [lo, hi] (radians per pixel)", "rad", 0.01)},
        factoryOf<RingingOvershoot>());
}

} // namespace augstudio::core

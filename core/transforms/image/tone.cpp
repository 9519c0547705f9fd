#include "core/transforms/image/tone.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <limits>

namespace augstudio::core {

namespace {

// Histogram equalisation of one plane, OpenCV's equalizeHist rule extended to 16-bit and
// float planes (float quantised to 65536 bins for the histogram).
void equalizePlane(cv::Mat& plane) {
    if (plane.depth() == CV_8U) {
        cv::equalizeHist(plane, plane);
        return;
    }
    constexpr int bins = 65536;
    const bool isFloat = plane.depth() == CV_32F;
    auto binOf = [&](float v) { return int(std::lround(std::clamp(v, 0.0f, 1.0f) * 65535.0f)); };
    std::vector<int64_t> hist(bins, 0);
    for (int y = 0; y < plane.rows; ++y) {
        if (isFloat) {
            const float* row = plane.ptr<float>(y);
            for (int x = 0; x < plane.cols; ++x)
                ++hist[size_t(binOf(row[x]))];
        } else {
            const uint16_t* row = plane.ptr<uint16_t>(y);
            for (int x = 0; x < plane.cols; ++x)
                ++hist[row[x]];
        }
    }
    const int64_t total = int64_t(plane.total());
    int first = 0;
    while (hist[size_t(first)] == 0)
        ++first;
    std::vector<float> lut(bins, 0.0f);
    if (hist[size_t(first)] < total) {
        const double scale = 65535.0 / double(total - hist[size_t(first)]);
        int64_t sum = 0;
        for (int i = first + 1; i < bins; ++i) {
            sum += hist[size_t(i)];
            lut[size_t(i)] = float(std::min(65535.0, std::round(double(sum) * scale)));
        }
    } else {
        for (int i = 0; i < bins; ++i)
            lut[size_t(i)] = float(first);
    }
    for (int y = 0; y < plane.rows; ++y) {
        if (isFloat) {
            float* row = plane.ptr<float>(y);
            for (int x = 0; x < plane.cols; ++x)
                row[x] = lut[size_t(binOf(row[x]))] / 65535.0f;
        } else {
            uint16_t* row = plane.ptr<uint16_t>(y);
            for (int x = 0; x < plane.cols; ++x)
                row[x] = uint16_t(lut[row[x]]);
        }
    }
}

// Runs `op` on each colour plane of the image (1-channel images directly); alpha is kept.
void perPlane(cv::Mat& image, const std::function<void(cv::Mat&)>& op) {
    if (image.channels() == 1) {
        op(image);
        return;
    }
    std::vector<cv::Mat> planes;
    cv::split(image, planes);
    for (int c = 0; c < pixel::colourChannels(image); ++c)
        op(planes[size_t(c)]);
    cv::merge(planes, image);
}

} // namespace

// --- brightness_contrast ---------------------------------------------------------------

BrightnessContrast::BrightnessContrast(const ParamSet& p)
    : brightness_(p.range("brightness")), contrast_(p.range("contrast")) {}

Values BrightnessContrast::draw(Rng& rng, const SampleInfo&) const {
    const double b = rng.uniform(brightness_.lo, brightness_.hi);
    return {{"brightness", b}, {"contrast", rng.uniform(contrast_.lo, contrast_.hi)}};
}

void BrightnessContrast::applyTo(ImageSample& s, const Values& v) const {
    const double b = v.at("brightness").get<double>(), c = v.at("contrast").get<double>();
    if (b == 0.0 && c == 0.0)
        return;
    pixel::linear(s.image, 1.0 + c, b * pixel::maxValue(s.image.depth()));
}

TransformInfo BrightnessContrast::info() {
    return pixel::info(
        "image.brightness_contrast", "Random brightness and contrast (x * (1 + c) + b * white)",
        {rangeParam("brightness", -0.2, 0.2, -1, 1,
                    "offset drawn from [lo, hi], as a fraction of the white level", "", 0.01),
         rangeParam("contrast", -0.2, 0.2, -1, 3,
                    "gain change drawn from [lo, hi]: levels are multiplied by 1 + contrast", "",
                    0.01)},
        factoryOf<BrightnessContrast>());
}

// --- gamma -------------------------------------------------------------------------------

Gamma::Gamma(const ParamSet& p) : gamma_(p.range("gamma")) {}

Values Gamma::draw(Rng& rng, const SampleInfo&) const {
    return {{"gamma", rng.uniform(gamma_.lo, gamma_.hi)}};
}

void Gamma::applyTo(ImageSample& s, const Values& v) const {
    const double g = v.at("gamma").get<double>() / 100.0;
    if (g == 1.0)
        return;
    const double top = pixel::maxValue(s.image.depth());
    pixel::mapValues(s.image, [=](double x) { return top * std::pow(std::max(x, 0.0) / top, g); });
}

TransformInfo Gamma::info() {
    return pixel::info("image.gamma", "Random gamma curve (100 leaves the image unchanged)",
                       {rangeParam("gamma", 80, 120, 1, 1000,
                                   "gamma drawn from [lo, hi] in percent: white * (x / white) ^ "
                                   "(gamma / 100)",
                                   "%", 1)},
                       factoryOf<Gamma>());
}

// --- invert ------------------------------------------------------------------------------

Values InvertLevels::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void InvertLevels::applyTo(ImageSample& s, const Values&) const {
    cv::Mat& im = s.image;
    if (im.depth() == CV_32F) {
        pixel::mapValues(im, [](double x) { return 1.0 - x; });
        return;
    }
    if (im.channels() != 4) {
        cv::bitwise_not(im, im);
        return;
    }
    const double top = pixel::maxValue(im.depth());
    cv::bitwise_xor(im, cv::Scalar(top, top, top, 0), im);
}

TransformInfo InvertLevels::info() {
    return pixel::info("image.invert", "InvertLevels the levels (white - x)", {},
                       factoryOf<InvertLevels>());
}

// --- posterize ---------------------------------------------------------------------------

Posterize::Posterize(const ParamSet& p) : bits_(p.intRange("bits")) {}

Values Posterize::draw(Rng& rng, const SampleInfo&) const {
    return {{"bits", rng.integer(bits_.lo, bits_.hi)}};
}

void Posterize::applyTo(ImageSample& s, const Values& v) const {
    const int bits = v.at("bits").get<int>();
    if (bits >= 8)
        return;
    cv::Mat& im = s.image;
    if (im.depth() == CV_32F) {
        // The 8-bit rule on the float scale: floor to multiples of 2^(8 - bits) / 255.
        const double step = double(1 << (8 - bits));
        pixel::mapValues(
            im, [step](double x) { return std::floor(x * 255.0 / step + 1e-6) * step / 255.0; });
        return;
    }
    const int width = im.depth() == CV_8U ? 8 : 16;
    const double full = pixel::maxValue(im.depth());
    const double mask = double((0xFFFF << (width - bits)) & int(full));
    cv::bitwise_and(im, cv::Scalar(mask, mask, mask, full), im);
}

TransformInfo Posterize::info() {
    return pixel::info(
        "image.posterize", "Keep the top bits of each level",
        {intRangeParam("bits", 4, 8, 1, 8,
                       "bits kept per channel, drawn from [lo, hi]; 8 leaves the image "
                       "unchanged (16-bit images keep their top bits, float the 8-bit steps)",
                       "bits")},
        factoryOf<Posterize>());
}

// --- solarize ----------------------------------------------------------------------------

Solarize::Solarize(const ParamSet& p) : threshold_(p.range("threshold")) {}

Values Solarize::draw(Rng& rng, const SampleInfo&) const {
    return {{"threshold", rng.uniform(threshold_.lo, threshold_.hi)}};
}

void Solarize::applyTo(ImageSample& s, const Values& v) const {
    const int depth = s.image.depth();
    const double t = v.at("threshold").get<double>() * pixel::levelScale(depth);
    const double top = pixel::maxValue(depth);
    if (t > top)
        return;
    pixel::mapValues(s.image, [=](double x) { return x >= t ? top - x : x; });
}

TransformInfo Solarize::info() {
    return pixel::info("image.solarize", "InvertLevels the levels at or above a threshold",
                       {rangeParam("threshold", 128, 255, 0, 256,
                                   "threshold drawn from [lo, hi] in 8-bit levels (scaled to the "
                                   "depth); 256 leaves the image unchanged",
                                   "level", 1)},
                       factoryOf<Solarize>());
}

// --- auto_contrast -----------------------------------------------------------------------

Values AutoContrast::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void AutoContrast::applyTo(ImageSample& s, const Values&) const {
    // Planes: one SIMD min/max and one SIMD convertTo per colour channel; alpha is not touched.
    std::vector<cv::Mat> planes;
    cv::split(s.image, planes);
    const double top = pixel::maxValue(s.image.depth());
    for (int c = 0; c < pixel::colourChannels(s.image); ++c) {
        double lo, hi;
        cv::minMaxLoc(planes[size_t(c)], &lo, &hi);
        if (hi > lo)
            planes[size_t(c)].convertTo(planes[size_t(c)], -1, top / (hi - lo),
                                        -lo * top / (hi - lo));
    }
    cv::merge(planes, s.image);
}

TransformInfo AutoContrast::info() {
    return pixel::info("image.auto_contrast",
                       "Stretch each channel's darkest and brightest levels to black and white", {},
                       factoryOf<AutoContrast>());
}

// --- equalize ----------------------------------------------------------------------------

Equalize::Equalize(const ParamSet& p) : byChannels_(p.b("by_channels")) {}

Values Equalize::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void Equalize::applyTo(ImageSample& s, const Values&) const {
    cv::Mat& im = s.image;
    if (byChannels_ || pixel::colourChannels(im) == 1) {
        perPlane(im, equalizePlane);
        return;
    }
    pixel::onColour(im, [](cv::Mat& bgr) {
        cv::Mat ycc, y;
        cv::cvtColor(bgr, ycc, cv::COLOR_BGR2YCrCb);
        cv::extractChannel(ycc, y, 0);
        equalizePlane(y);
        cv::insertChannel(y, ycc, 0);
        cv::cvtColor(ycc, bgr, cv::COLOR_YCrCb2BGR);
    });
}

TransformInfo Equalize::info() {
    return pixel::info("image.equalize", "Histogram equalisation",
                       {boolParam("by_channels", true,
                                  "equalise each colour channel (true) or only the luminance Y of "
                                  "YCrCb (false)")},
                       factoryOf<Equalize>());
}

// --- clahe -------------------------------------------------------------------------------

Clahe::Clahe(const ParamSet& p) : clipLimit_(p.range("clip_limit")), tile_(int(p.i("tile"))) {}

Values Clahe::draw(Rng& rng, const SampleInfo&) const {
    return {{"clip_limit", rng.uniform(clipLimit_.lo, clipLimit_.hi)}};
}

void Clahe::applyTo(ImageSample& s, const Values& v) const {
    auto clahe = cv::createCLAHE(v.at("clip_limit").get<double>(), cv::Size(tile_, tile_));
    // CLAHE takes 8- or 16-bit planes: float is equalised on a 16-bit copy of the plane.
    auto equalize = [&](cv::Mat& plane) {
        if (plane.depth() != CV_32F) {
            clahe->apply(plane, plane);
            return;
        }
        cv::Mat p16;
        plane.convertTo(p16, CV_16U, 65535.0);
        clahe->apply(p16, p16);
        p16.convertTo(plane, CV_32F, 1.0 / 65535.0);
    };
    cv::Mat& im = s.image;
    if (im.channels() == 1) {
        equalize(im);
        return;
    }
    pixel::onColour(im, [&](cv::Mat& bgr) {
        // 8-bit follows Albumentations (L of Lab); OpenCV's Lab has no 16-bit form, so deeper
        // images equalise Y of YCrCb.
        const bool lab = bgr.depth() == CV_8U;
        cv::Mat space, plane;
        cv::cvtColor(bgr, space, lab ? cv::COLOR_BGR2Lab : cv::COLOR_BGR2YCrCb);
        cv::extractChannel(space, plane, 0);
        equalize(plane);
        cv::insertChannel(plane, space, 0);
        cv::cvtColor(space, bgr, lab ? cv::COLOR_Lab2BGR : cv::COLOR_YCrCb2BGR);
    });
}

TransformInfo Clahe::info() {
    return pixel::info(
        "image.clahe", "Contrast-limited adaptive histogram equalisation",
        {rangeParam("clip_limit", 1, 4, 0.1, 40,
                    "contrast limit drawn from [lo, hi] (OpenCV clipLimit)", "", 0.1),
         intParam("tile", 8, 1, 64, "tiles per side: tile x tile grid", "tiles")},
        factoryOf<Clahe>());
}

} // namespace augstudio::core

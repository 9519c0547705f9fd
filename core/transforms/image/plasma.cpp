#include "core/transforms/image/plasma.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

PlasmaLighting::PlasmaLighting(Kind kind, const ParamSet& p)
    : kind_(kind), roughness_(p.f("roughness")) {
    if (kind == Kind::BrightnessContrast) {
        brightness_ = p.range("brightness");
        contrast_ = p.range("contrast");
    } else {
        intensity_ = p.range("intensity");
    }
}

cv::Mat PlasmaLighting::pattern(cv::Size size, double roughness, uint64_t seed) {
    int side = 2;
    while (side + 1 < std::max(size.width, size.height))
        side *= 2;
    const int n = side + 1;
    cv::Mat grid(n, n, CV_32F, cv::Scalar(0));
    Rng rng(seed);
    auto at = [&](int y, int x) -> float& { return grid.at<float>(y, x); };
    at(0, 0) = float(rng.uniform());
    at(0, side) = float(rng.uniform());
    at(side, 0) = float(rng.uniform());
    at(side, side) = float(rng.uniform());
    const double keep = roughness / (roughness + 1.0);
    double amplitude = 0.5;
    for (int step = side; step > 1; step /= 2, amplitude *= keep) {
        const int half = step / 2;
        // Diamond: square centres from their four corners.
        for (int y = half; y < n; y += step)
            for (int x = half; x < n; x += step)
                at(y, x) = float((at(y - half, x - half) + at(y - half, x + half) +
                                  at(y + half, x - half) + at(y + half, x + half)) /
                                     4.0 +
                                 rng.uniform(-amplitude, amplitude));
        // Square: edge midpoints from their (up to four) neighbours.
        for (int y = 0; y < n; y += half)
            for (int x = (y / half) % 2 == 0 ? half : 0; x < n; x += step) {
                double sum = 0;
                int count = 0;
                if (y >= half) {
                    sum += at(y - half, x);
                    ++count;
                }
                if (y + half < n) {
                    sum += at(y + half, x);
                    ++count;
                }
                if (x >= half) {
                    sum += at(y, x - half);
                    ++count;
                }
                if (x + half < n) {
                    sum += at(y, x + half);
                    ++count;
                }
                at(y, x) = float(sum / count + rng.uniform(-amplitude, amplitude));
            }
    }
    cv::Mat out = grid(cv::Rect(0, 0, size.width, size.height)).clone();
    cv::normalize(out, out, 0.0, 1.0, cv::NORM_MINMAX);
    return out;
}

Values PlasmaLighting::draw(Rng& rng, const SampleInfo&) const {
    if (kind_ == Kind::BrightnessContrast) {
        const double b = rng.uniform(brightness_.lo, brightness_.hi);
        const double c = rng.uniform(contrast_.lo, contrast_.hi);
        return makeValues({{"brightness", b}, {"contrast", c}, {"seed", pixel::drawSeed(rng)}});
    }
    const double i = rng.uniform(intensity_.lo, intensity_.hi);
    return makeValues({{"intensity", i}, {"seed", pixel::drawSeed(rng)}});
}

void PlasmaLighting::applyTo(ImageSample& s, const Values& v) const {
    const uint64_t seed = v.at("seed").get<uint64_t>();
    if (kind_ == Kind::Shadow) {
        const double intensity = v.at("intensity").get<double>();
        if (intensity == 0.0)
            return;
        cv::Mat gain = pattern(s.image.size(), roughness_, seed);
        gain.convertTo(gain, CV_32F, -intensity, 1.0);
        pixel::multiplyByGain(s.image, gain);
        return;
    }
    const double brightness = v.at("brightness").get<double>();
    const double contrast = v.at("contrast").get<double>();
    if (brightness == 0.0 && contrast == 0.0)
        return;
    const cv::Mat plasma = pattern(s.image.size(), roughness_, seed);
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        const double top = pixel::maxValue(colour.depth());
        const cv::Scalar mean = cv::mean(colour);
        cv::Mat f;
        colour.convertTo(f, CV_32F);
        const int cn = f.channels();
        for (int y = 0; y < f.rows; ++y) {
            float* row = f.ptr<float>(y);
            const float* p = plasma.ptr<float>(y);
            for (int x = 0; x < f.cols; ++x)
                for (int c = 0; c < cn; ++c) {
                    float& value = row[x * cn + c];
                    value = float((value - mean[c]) * (1.0 + contrast * p[x]) + mean[c] +
                                  brightness * p[x] * top);
                }
        }
        if (colour.depth() == CV_32F) {
            cv::min(f, 1.0, f);
            cv::max(f, 0.0, f);
        }
        f.convertTo(colour, colour.depth());
    });
}

TransformInfo PlasmaLighting::info(Kind kind) {
    const ParamSpec roughness =
        floatParam("roughness", 1.0, 0.1, 100,
                   "larger makes the plasma pattern rougher (1: classic fractal clouds)", "", 0.1);
    TransformInfo t;
    if (kind == Kind::BrightnessContrast)
        t = pixel::info(
            "image.plasma_brightness_contrast",
            "Brightness and contrast modulated by a plasma fractal",
            {rangeParam("brightness", -0.3, 0.3, -1, 1,
                        "brightness added where the plasma is 1, as a fraction of "
                        "white, drawn from [lo, hi]",
                        "", 0.01),
             rangeParam("contrast", -0.3, 0.3, -1, 1,
                        "contrast change where the plasma is 1, drawn from [lo, hi]", "", 0.01),
             roughness},
            nullptr);
    else
        t = pixel::info("image.plasma_shadow", "Shadows shaped by a plasma fractal",
                        {rangeParam("intensity", 0.3, 0.7, 0, 1,
                                    "darkening where the plasma is 1, drawn from [lo, hi] (0 "
                                    "unchanged)",
                                    "", 0.01),
                         roughness},
                        nullptr);
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<PlasmaLighting>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

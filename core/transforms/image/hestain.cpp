#include "core/transforms/image/hestain.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace augstudio::core {

namespace {

// Stain optical-density vectors (R, G, B), rows H then E.
struct StainPreset {
    const char* name;
    double h[3], e[3];
};
// ruifrok: Ruifrok & Johnston 2001 (as scikit-image's rgb_from_hed); macenko: the reference
// H&E matrix of Macenko et al. 2009 used by stain normalisers.
constexpr StainPreset kStainPresets[] = {
    {"ruifrok", {0.65, 0.70, 0.29}, {0.07, 0.99, 0.11}},
    {"macenko", {0.5626, 0.7201, 0.4062}, {0.2159, 0.8012, 0.5581}},
};
constexpr double kBackgroundDensity = 0.15; // Macenko's beta: transparent below this

cv::Matx23d stainRows(const double h[3], const double e[3]) {
    cv::Matx23d m(h[0], h[1], h[2], e[0], e[1], e[2]);
    for (int r = 0; r < 2; ++r) {
        const double n = std::sqrt(m(r, 0) * m(r, 0) + m(r, 1) * m(r, 1) + m(r, 2) * m(r, 2));
        for (int c = 0; c < 3; ++c)
            m(r, c) /= n;
    }
    return m;
}

cv::Matx23d presetMatrix(const std::string& name) {
    for (const StainPreset& p : kStainPresets)
        if (name == p.name)
            return stainRows(p.h, p.e);
    return stainRows(kStainPresets[0].h, kStainPresets[0].e);
}

// Macenko's estimate from the tissue pixels' optical densities (rows R, G, B): the plane of
// the two largest principal directions, the 1st and 99th percentile angles in it; H is the
// vector with the larger red density. Falls back to the Ruifrok preset when the tissue is
// too sparse or the plane degenerate.
cv::Matx23d macenkoMatrix(const std::vector<cv::Vec3d>& tissue) {
    if (tissue.size() < 16)
        return presetMatrix("ruifrok");
    cv::Mat data(int(tissue.size()), 3, CV_64F);
    for (size_t i = 0; i < tissue.size(); ++i)
        for (int c = 0; c < 3; ++c)
            data.at<double>(int(i), c) = tissue[i][c];
    cv::Mat covar, mean;
    cv::calcCovarMatrix(data, covar, mean, cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE);
    cv::Mat eigenvalues, eigenvectors;
    cv::eigen(covar, eigenvalues, eigenvectors); // descending
    cv::Vec3d v1(eigenvectors.ptr<double>(0)), v2(eigenvectors.ptr<double>(1));
    if (v1[0] < 0)
        v1 = -v1;
    if (v2[0] < 0)
        v2 = -v2;
    std::vector<double> angles;
    angles.reserve(tissue.size());
    for (const cv::Vec3d& od : tissue)
        angles.push_back(std::atan2(od.dot(v2), od.dot(v1)));
    std::sort(angles.begin(), angles.end());
    const double lo = angles[size_t(0.01 * double(angles.size() - 1))];
    const double hi = angles[size_t(0.99 * double(angles.size() - 1))];
    cv::Vec3d a = v1 * std::cos(lo) + v2 * std::sin(lo);
    cv::Vec3d b = v1 * std::cos(hi) + v2 * std::sin(hi);
    if (!(hi - lo > 1e-3) || cv::norm(a) < 1e-9 || cv::norm(b) < 1e-9)
        return presetMatrix("ruifrok");
    if (a[0] < b[0])
        std::swap(a, b);
    const double h[3] = {a[0], a[1], a[2]}, e[3] = {b[0], b[1], b[2]};
    return stainRows(h, e);
}

template <class T>
void heStainPixels(cv::Mat& bgr, const std::string& method, const std::string& preset,
                   const double scale[2], const double shift[2], bool background) {
    const double top = pixel::maxValue(bgr.depth());
    // Optical density per pixel, R G B order, on the 8-bit scale of the formula.
    cv::Mat od(bgr.size(), CV_64FC3);
    for (int y = 0; y < bgr.rows; ++y) {
        const T* in = bgr.ptr<T>(y);
        cv::Vec3d* out = od.ptr<cv::Vec3d>(y);
        for (int x = 0; x < bgr.cols; ++x)
            for (int c = 0; c < 3; ++c)
                out[x][c] = -std::log((double(in[x * 3 + 2 - c]) * 255.0 / top + 1.0) / 256.0);
    }
    cv::Matx23d stains;
    if (method == "macenko") {
        std::vector<cv::Vec3d> tissue;
        for (int y = 0; y < od.rows; ++y)
            for (int x = 0; x < od.cols; ++x) {
                const cv::Vec3d& v = od.at<cv::Vec3d>(y, x);
                if (std::max({v[0], v[1], v[2]}) >= kBackgroundDensity)
                    tissue.push_back(v);
            }
        stains = macenkoMatrix(tissue);
    } else {
        stains = presetMatrix(preset);
    }
    // Least-squares concentrations: c = od * S^T (S S^T)^-1.
    const cv::Matx22d gram = stains * stains.t();
    const cv::Matx32d project = stains.t() * gram.inv();
    for (int y = 0; y < bgr.rows; ++y) {
        T* px = bgr.ptr<T>(y);
        const cv::Vec3d* d = od.ptr<cv::Vec3d>(y);
        for (int x = 0; x < bgr.cols; ++x) {
            const cv::Vec3d& v = d[x];
            if (!background && std::max({v[0], v[1], v[2]}) < kBackgroundDensity)
                continue;
            const cv::Matx12d c = cv::Matx13d(v[0], v[1], v[2]) * project;
            const double dh = c(0, 0) * (scale[0] - 1.0) + shift[0];
            const double de = c(0, 1) * (scale[1] - 1.0) + shift[1];
            for (int ch = 0; ch < 3; ++ch) {
                const double density = v[ch] + dh * stains(0, ch) + de * stains(1, ch);
                const double level = (256.0 * std::exp(-density) - 1.0) * top / 255.0;
                px[x * 3 + 2 - ch] = cv::saturate_cast<T>(std::clamp(level, 0.0, top));
            }
        }
    }
}

} // namespace

HeStain::HeStain(const ParamSet& p)
    : method_(p.s("method")), preset_(p.s("preset")), scale_(p.range("intensity_scale")),
      shift_(p.range("intensity_shift")), augmentBackground_(p.b("augment_background")) {}

Values HeStain::draw(Rng& rng, const SampleInfo&) const {
    std::string method = method_, preset = preset_;
    if (method == "random_preset") {
        method = "preset";
        preset = kStainPresets[size_t(rng.integer(0, int64_t(std::size(kStainPresets)) - 1))].name;
    }
    return makeValues({{"method", method},
                       {"preset", preset},
                       {"h_scale", rng.uniform(scale_.lo, scale_.hi)},
                       {"e_scale", rng.uniform(scale_.lo, scale_.hi)},
                       {"h_shift", rng.uniform(shift_.lo, shift_.hi)},
                       {"e_shift", rng.uniform(shift_.lo, shift_.hi)}});
}

void HeStain::applyTo(ImageSample& s, const Values& v) const {
    if (pixel::colourChannels(s.image) != 3)
        return;
    const double scale[2] = {v.at("h_scale").get<double>(), v.at("e_scale").get<double>()};
    const double shift[2] = {v.at("h_shift").get<double>(), v.at("e_shift").get<double>()};
    const std::string method = v.at("method").get<std::string>();
    const std::string preset = v.at("preset").get<std::string>();
    pixel::onColour(s.image, [&](cv::Mat& bgr) {
        switch (bgr.depth()) {
        case CV_8U:
            return heStainPixels<uint8_t>(bgr, method, preset, scale, shift, augmentBackground_);
        case CV_16U:
            return heStainPixels<uint16_t>(bgr, method, preset, scale, shift, augmentBackground_);
        case CV_32F:
            return heStainPixels<float>(bgr, method, preset, scale, shift, augmentBackground_);
        default:
            throw std::invalid_argument("unsupported image depth (8-bit, 16-bit or float)");
        }
    });
}

TransformInfo HeStain::info() {
    return pixel::info(
        "image.he_stain",
        "H&E stain augmentation: scale and shift the haematoxylin and eosin concentrations "
        "by colour deconvolution (Albumentations HEStain)",
        {enumParam("method", "random_preset", {"preset", "random_preset", "macenko"},
                   "stain matrix: the preset, a preset drawn per image, or estimated from the "
                   "image (Macenko)"),
         enumParam("preset", "ruifrok", {"ruifrok", "macenko"},
                   "published stain matrix for method preset (Ruifrok & Johnston 2001, Macenko "
                   "et al. 2009)"),
         rangeParam("intensity_scale", 0.7, 1.3, 0, 5,
                    "factor on each stain's concentration, drawn per stain from [lo, hi]", "x",
                    0.01),
         rangeParam("intensity_shift", -0.2, 0.2, -2, 2,
                    "optical density added to each stain's concentration, drawn per stain", "",
                    0.01),
         boolParam("augment_background", false,
                   "also change background pixels (optical density below 0.15)")},
        factoryOf<HeStain>());
}

} // namespace augstudio::core

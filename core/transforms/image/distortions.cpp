#include "core/transforms/image/distortions.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

namespace augstudio::core {

namespace {

// Seeds are kept below 2^53 so they survive any JSON reader as exact numbers.
uint64_t drawSeed(Rng& rng) {
    return rng.next() >> 11;
}

// Uniform noise in [-1, 1] blurred with a Gaussian of `sigma` pixels, times `alpha`, `size`
// large. A wide
// blur keeps only low frequencies, so the noise is drawn on a grid `step` times coarser
// with its amplitude divided by `step` (the variance a step x step block average has),
// blurred there and resized up: the same field statistics at a fraction of the cost.
cv::Mat smoothNoise(Rng& rng, cv::Size size, double sigma, double alpha) {
    const int step = std::max(1, int(sigma / 2.0));
    const cv::Size coarse((size.width + step - 1) / step, (size.height + step - 1) / step);
    cv::Mat noise(coarse, CV_32FC1);
    for (int y = 0; y < coarse.height; ++y) {
        float* row = noise.ptr<float>(y);
        for (int x = 0; x < coarse.width; ++x)
            row[x] = float(rng.uniform(-1.0, 1.0) / step);
    }
    const double s = sigma / step;
    const int k = 2 * int(std::ceil(4.0 * s)) + 1; // scipy's gaussian_filter truncates at 4 sigma
    cv::GaussianBlur(noise, noise, cv::Size(k, k), s, s, cv::BORDER_REFLECT);
    noise *= alpha; // on the coarse grid: cheaper than on the full field
    if (coarse == size)
        return noise;
    cv::Mat fine;
    cv::resize(noise, fine, size, 0, 0, cv::INTER_LINEAR);
    return fine;
}

// mapX/mapY for a displacement field: destination (x, y) samples source (x + dx, y + dy).
void displacementMaps(const cv::Mat& dx, const cv::Mat& dy, cv::Mat& mapX, cv::Mat& mapY) {
    mapX.create(dx.size(), CV_32FC1);
    mapY.create(dx.size(), CV_32FC1);
    for (int y = 0; y < dx.rows; ++y) {
        const float* ddx = dx.ptr<float>(y);
        const float* ddy = dy.ptr<float>(y);
        float* mx = mapX.ptr<float>(y);
        float* my = mapY.ptr<float>(y);
        for (int x = 0; x < dx.cols; ++x) {
            mx[x] = float(x) + ddx[x];
            my[x] = float(y) + ddy[x];
        }
    }
}

} // namespace

ElasticTransform::ElasticTransform(const ParamSet& p)
    : alpha_(p.f("alpha")), sigma_(p.f("sigma")),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values ElasticTransform::draw(Rng& rng, const SampleInfo&) const {
    return {{"seed", drawSeed(rng)}};
}

void ElasticTransform::applyTo(ImageSample& s, const Values& v) const {
    if (alpha_ == 0.0 || s.image.empty())
        return;
    Rng rng(v.at("seed").get<uint64_t>());
    const cv::Mat dx = smoothNoise(rng, s.image.size(), sigma_, alpha_);
    const cv::Mat dy = smoothNoise(rng, s.image.size(), sigma_, alpha_);
    cv::Mat mapX, mapY;
    displacementMaps(dx, dy, mapX, mapY);
    geometry::remap(s, mapX, mapY, interpolation_, border_, fill_);
}

TransformInfo ElasticTransform::info() {
    return {"image.elastic",
            Modality::Image,
            "spatial",
            "Elastic deformation: uniform noise blurred by sigma, scaled by alpha (Simard 2003; "
            "Albumentations ElasticTransform). Displacements have a standard deviation of "
            "about alpha / (6 sigma) pixels: the defaults are subtle, alpha 120 with sigma 6 "
            "is strong",
            {floatParam("alpha", 1.0, 0.0, 10000.0,
                        "displacement scale (0 leaves the image unchanged)", "px", 1.0),
             floatParam("sigma", 50.0, 0.5, 1000.0,
                        "standard deviation of the Gaussian smoothing the noise field", "px", 1.0),
             interpolationParam(), borderModeParam("reflect_101"), fillParam()},
            0.5,
            factoryOf<ElasticTransform>()};
}

GridDistortion::GridDistortion(const ParamSet& p)
    : steps_(int(p.i("steps"))), limit_(p.range("limit")), normalized_(p.b("normalized")),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values GridDistortion::draw(Rng& rng, const SampleInfo&) const {
    nlohmann::json xs = nlohmann::json::array(), ys = nlohmann::json::array();
    for (int i = 0; i < steps_; ++i)
        xs.push_back(1.0 + rng.uniform(limit_.lo, limit_.hi));
    for (int i = 0; i < steps_; ++i)
        ys.push_back(1.0 + rng.uniform(limit_.lo, limit_.hi));
    return {{"x_steps", xs}, {"y_steps", ys}};
}

namespace {

// Source coordinate of each destination pixel along one axis: cell i spans destination
// pixels [n i / cells, n (i + 1) / cells) and reads a source span `factor[i]` times as long.
std::vector<float> gridAxis(int n, const std::vector<double>& factor, bool normalized) {
    const int cells = int(factor.size());
    std::vector<int> bounds(cells + 1);
    for (int i = 0; i <= cells; ++i)
        bounds[i] = int(int64_t(n) * i / cells);
    double total = 0;
    for (int i = 0; i < cells; ++i)
        total += (bounds[i + 1] - bounds[i]) * factor[i];
    const double norm = normalized && total > 0 ? n / total : 1.0;
    std::vector<float> map(n);
    double start = 0;
    for (int i = 0; i < cells; ++i) {
        const double scale = factor[i] * norm;
        for (int x = bounds[i]; x < bounds[i + 1]; ++x)
            map[x] = float(start + (x - bounds[i]) * scale);
        start += (bounds[i + 1] - bounds[i]) * scale;
    }
    return map;
}

} // namespace

void GridDistortion::applyTo(ImageSample& s, const Values& v) const {
    const auto xs = v.at("x_steps").get<std::vector<double>>();
    const auto ys = v.at("y_steps").get<std::vector<double>>();
    bool identity = true;
    for (double f : xs)
        identity = identity && f == 1.0;
    for (double f : ys)
        identity = identity && f == 1.0;
    if (identity || xs.empty() || ys.empty() || s.image.empty())
        return;
    const std::vector<float> mx = gridAxis(s.image.cols, xs, normalized_);
    const std::vector<float> my = gridAxis(s.image.rows, ys, normalized_);
    cv::Mat mapX(s.image.size(), CV_32FC1), mapY(s.image.size(), CV_32FC1);
    for (int y = 0; y < s.image.rows; ++y) {
        std::copy(mx.begin(), mx.end(), mapX.ptr<float>(y));
        std::fill_n(mapY.ptr<float>(y), s.image.cols, my[y]);
    }
    geometry::remap(s, mapX, mapY, interpolation_, border_, fill_);
}

TransformInfo GridDistortion::info() {
    return {"image.grid_distortion",
            Modality::Image,
            "spatial",
            "Grid distortion: cells of a steps x steps grid stretched or squeezed by 1 + a "
            "value drawn from limit (Albumentations GridDistortion)",
            {intParam("steps", 5, 1, 64, "grid cells along each axis"),
             rangeParam("limit", -0.3, 0.3, -0.95, 2.0,
                        "each cell's size change, drawn from [lo, hi] per cell", "", 0.01),
             boolParam("normalized", true,
                       "rescale the cells so the distorted grid still spans the whole image"),
             interpolationParam(), borderModeParam("reflect_101"), fillParam()},
            0.5,
            factoryOf<GridDistortion>()};
}

OpticalDistortion::OpticalDistortion(const ParamSet& p)
    : distort_(p.range("distort")), interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values OpticalDistortion::draw(Rng& rng, const SampleInfo&) const {
    return {{"k", rng.uniform(distort_.lo, distort_.hi)}};
}

void OpticalDistortion::applyTo(ImageSample& s, const Values& v) const {
    const double k = v.at("k").get<double>();
    if (k == 0.0 || s.image.empty())
        return;
    const int w = s.image.cols, h = s.image.rows;
    // cv::initUndistortRectifyMap's map for focal lengths of one image size, the centre at
    // the middle pixel and no tangential terms (Albumentations), written out so core needs
    // no calib3d: destination (u, v) samples the radially distorted source position.
    const float fx = float(w), fy = float(h), cx = (w - 1) * 0.5f, cy = (h - 1) * 0.5f;
    const float kf = float(k);
    std::vector<float> xs(w);
    for (int u = 0; u < w; ++u)
        xs[u] = (u - cx) / fx;
    cv::Mat mapX(s.image.size(), CV_32FC1), mapY(s.image.size(), CV_32FC1);
    for (int v = 0; v < h; ++v) {
        float* mx = mapX.ptr<float>(v);
        float* my = mapY.ptr<float>(v);
        const float y = (v - cy) / fy, y2 = y * y;
        for (int u = 0; u < w; ++u) {
            const float x = xs[u], r2 = x * x + y2;
            const float factor = 1.0f + kf * r2 * (1.0f + r2); // 1 + k r^2 + k r^4
            mx[u] = fx * x * factor + cx;
            my[u] = fy * y * factor + cy;
        }
    }
    geometry::remap(s, mapX, mapY, interpolation_, border_, fill_);
}

TransformInfo OpticalDistortion::info() {
    return {"image.optical_distortion",
            Modality::Image,
            "spatial",
            "Lens distortion with radial coefficients k1 = k2 = k drawn from distort "
            "(positive: barrel, negative: pincushion)",
            {rangeParam("distort", -0.05, 0.05, -1.0, 1.0, "the coefficient k, drawn from [lo, hi]",
                        "", 0.01),
             interpolationParam(), borderModeParam("reflect_101"), fillParam()},
            0.5,
            factoryOf<OpticalDistortion>()};
}

} // namespace augstudio::core

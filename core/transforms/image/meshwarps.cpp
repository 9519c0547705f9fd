#include "core/transforms/image/meshwarps.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/shape/shape_transformer.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace augstudio::core {

namespace {

// Vertex shifts as values: [[dx, dy], ...] row-major.
nlohmann::json shiftValues(const std::vector<cv::Point2d>& shift) {
    nlohmann::json list = nlohmann::json::array();
    for (const cv::Point2d& p : shift)
        list.push_back({p.x, p.y});
    return list;
}

std::vector<cv::Point2d> shiftsOf(const nlohmann::json& list, size_t expected, const char* id) {
    if (!list.is_array() || list.size() != expected)
        throw std::invalid_argument(std::string(id) + ": expected " + std::to_string(expected) +
                                    " control point shifts");
    std::vector<cv::Point2d> shift;
    shift.reserve(expected);
    for (const nlohmann::json& p : list)
        shift.emplace_back(p[0].get<double>(), p[1].get<double>());
    return shift;
}

bool allZero(const std::vector<cv::Point2d>& shift) {
    return std::all_of(shift.begin(), shift.end(),
                       [](const cv::Point2d& p) { return p.x == 0 && p.y == 0; });
}

} // namespace

// --- piecewise_affine --------------------------------------------------------------------

PiecewiseAffine::PiecewiseAffine(const ParamSet& p)
    : scale_(p.range("scale")), rows_(int(p.i("rows"))), cols_(int(p.i("cols"))),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))),
      border_(geometry::cvBorder(p.s("border_mode"))), fill_(p.f("fill")) {}

Values PiecewiseAffine::draw(Rng& rng, const SampleInfo& info) const {
    const double scale = rng.uniform(scale_.lo, scale_.hi);
    std::vector<cv::Point2d> shift(size_t((rows_ + 1) * (cols_ + 1)));
    for (cv::Point2d& p : shift)
        p = {rng.normal(0.0, scale) * info.width, rng.normal(0.0, scale) * info.height};
    return {{"shifts", shiftValues(shift)}};
}

void PiecewiseAffine::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<cv::Point2d> shift =
        shiftsOf(v.at("shifts"), size_t((rows_ + 1) * (cols_ + 1)), "image.piecewise_affine");
    if (allZero(shift))
        return;
    cv::Mat mapX, mapY;
    geometry::meshMaps(s.image.size(), rows_, cols_, shift, true, mapX, mapY);
    geometry::remap(s, mapX, mapY, interpolation_, border_, fill_);
}

TransformInfo PiecewiseAffine::info() {
    return {"image.piecewise_affine",
            Modality::Image,
            "spatial",
            "Piecewise affine warp: the points of a grid moved at random, affine in between",
            {rangeParam("scale", 0.03, 0.05, 0, 0.5,
                        "standard deviation of the point moves, as a fraction of the image "
                        "size, drawn from [lo, hi] (0 unchanged)",
                        "", 0.005),
             intParam("rows", 4, 1, 64, "grid rows"), intParam("cols", 4, 1, 64, "grid columns"),
             interpolationParam(), borderModeParam(), fillParam()},
            0.5,
            factoryOf<PiecewiseAffine>()};
}

// --- grid_elastic_deform -----------------------------------------------------------------

GridElasticDeform::GridElasticDeform(const ParamSet& p)
    : rows_(int(p.i("rows"))), cols_(int(p.i("cols"))), magnitude_(p.f("magnitude")),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))) {}

Values GridElasticDeform::draw(Rng& rng, const SampleInfo&) const {
    std::vector<cv::Point2d> shift(size_t((rows_ + 1) * (cols_ + 1)));
    // Inner vertices only: the outline of the image stays where it is.
    for (int r = 1; r < rows_; ++r)
        for (int c = 1; c < cols_; ++c) {
            const double dx = rng.uniform(-magnitude_, magnitude_);
            const double dy = rng.uniform(-magnitude_, magnitude_);
            shift[size_t(r * (cols_ + 1) + c)] = {dx, dy};
        }
    return {{"shifts", shiftValues(shift)}};
}

void GridElasticDeform::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<cv::Point2d> shift =
        shiftsOf(v.at("shifts"), size_t((rows_ + 1) * (cols_ + 1)), "image.grid_elastic_deform");
    if (allZero(shift))
        return;
    cv::Mat mapX, mapY;
    geometry::meshMaps(s.image.size(), rows_, cols_, shift, false, mapX, mapY);
    geometry::remap(s, mapX, mapY, interpolation_, cv::BORDER_REFLECT_101, 0);
}

TransformInfo GridElasticDeform::info() {
    return {"image.grid_elastic_deform",
            Modality::Image,
            "spatial",
            "Elastic deformation on a coarse grid: inner grid points moved at random, each cell "
            "mapped bilinearly",
            {intParam("rows", 4, 1, 64, "grid rows"), intParam("cols", 4, 1, 64, "grid columns"),
             floatParam("magnitude", 10, 0, 1000,
                        "largest move of a grid point along each axis (0 unchanged)", "px", 0.5),
             interpolationParam()},
            0.5,
            factoryOf<GridElasticDeform>()};
}

// --- thin_plate_spline -------------------------------------------------------------------

ThinPlateSpline::ThinPlateSpline(const ParamSet& p)
    : scale_(p.range("scale")), points_(int(p.i("points"))),
      interpolation_(geometry::cvInterpolation(p.s("interpolation"))) {}

Values ThinPlateSpline::draw(Rng& rng, const SampleInfo&) const {
    const double sd = rng.uniform(scale_.lo, scale_.hi) / 10.0;
    // Moves as fractions of the image size, so the values do not depend on its pixels.
    std::vector<cv::Point2d> shift(size_t(points_ * points_));
    for (cv::Point2d& p : shift)
        p = {rng.normal(0.0, sd), rng.normal(0.0, sd)};
    return {{"shifts", shiftValues(shift)}};
}

void ThinPlateSpline::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<cv::Point2d> shift =
        shiftsOf(v.at("shifts"), size_t(points_ * points_), "image.thin_plate_spline");
    const int w = s.image.cols, h = s.image.rows;
    if (allZero(shift) || w < 2 || h < 2)
        return;
    // Control points on an even grid over the image (destination) and where each samples
    // the source; the spline is fitted from destination to source, so it gives remap tables.
    cv::Mat destination(1, points_ * points_, CV_32FC2), source(1, points_ * points_, CV_32FC2);
    std::vector<cv::DMatch> matches;
    for (int r = 0; r < points_; ++r)
        for (int c = 0; c < points_; ++c) {
            const int i = r * points_ + c;
            const double fx = points_ > 1 ? double(c) / (points_ - 1) : 0.5;
            const double fy = points_ > 1 ? double(r) / (points_ - 1) : 0.5;
            const cv::Point2f d(float(fx * (w - 1)), float(fy * (h - 1)));
            destination.at<cv::Point2f>(0, i) = d;
            source.at<cv::Point2f>(0, i) =
                d + cv::Point2f(float(shift[size_t(i)].x * w), float(shift[size_t(i)].y * h));
            matches.emplace_back(i, i, 0.0f);
        }
    auto tps = cv::createThinPlateSplineShapeTransformer();
    tps->estimateTransformation(destination, source, matches);
    // The spline is smooth: evaluated every `step` pixels, bilinear in between (the error is
    // far below a pixel), instead of one kernel sum per control point at every pixel.
    const int step = 4;
    const int gw = (w - 1) / step + 2, gh = (h - 1) / step + 2;
    cv::Mat grid(1, gw * gh, CV_32FC2), mapped;
    for (int y = 0; y < gh; ++y)
        for (int x = 0; x < gw; ++x)
            grid.at<cv::Point2f>(0, y * gw + x) = cv::Point2f(float(x * step), float(y * step));
    tps->applyTransformation(grid, mapped);
    mapped = mapped.reshape(2, gh);
    cv::Mat coarse[2];
    cv::split(mapped, coarse);
    // Resize so that grid node k lands on pixel k * step exactly (align corners).
    cv::Mat mapX(h, w, CV_32F), mapY(h, w, CV_32F);
    for (int y = 0; y < h; ++y) {
        const int y0 = y / step;
        const float fy = float(y - y0 * step) / step;
        for (int x = 0; x < w; ++x) {
            const int x0 = x / step;
            const float fx = float(x - x0 * step) / step;
            for (int k = 0; k < 2; ++k) {
                const cv::Mat& m = coarse[k];
                const float a = m.at<float>(y0, x0), b = m.at<float>(y0, x0 + 1),
                            c = m.at<float>(y0 + 1, x0), d = m.at<float>(y0 + 1, x0 + 1);
                const float value =
                    (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d);
                (k == 0 ? mapX : mapY).at<float>(y, x) = value;
            }
        }
    }
    geometry::remap(s, mapX, mapY, interpolation_, cv::BORDER_REFLECT_101, 0);
}

TransformInfo ThinPlateSpline::info() {
    return {"image.thin_plate_spline",
            Modality::Image,
            "spatial",
            "Thin-plate spline warp of a control grid moved at random",
            {rangeParam("scale", 0.2, 0.4, 0, 5,
                        "control points move by N(0, scale / 10) of the image size, scale drawn "
                        "from [lo, hi] (0 unchanged)",
                        "", 0.01),
             intParam("points", 4, 2, 16, "control points along each side of the grid"),
             interpolationParam()},
            0.5,
            factoryOf<ThinPlateSpline>()};
}

} // namespace augstudio::core

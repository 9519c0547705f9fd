#include "core/transforms/image/geometry.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace augstudio::core::geometry {

static cv::Matx33d to33(const cv::Matx23d& m) {
    return {m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), 0, 0, 1};
}

int cvInterpolation(const std::string& name) {
    if (name == "nearest")
        return cv::INTER_NEAREST;
    if (name == "linear")
        return cv::INTER_LINEAR;
    if (name == "cubic")
        return cv::INTER_CUBIC;
    if (name == "area")
        return cv::INTER_AREA;
    if (name == "lanczos")
        return cv::INTER_LANCZOS4;
    throw std::invalid_argument("unknown interpolation '" + name + "'");
}

int cvBorder(const std::string& name) {
    if (name == "constant")
        return cv::BORDER_CONSTANT;
    if (name == "replicate")
        return cv::BORDER_REPLICATE;
    if (name == "reflect")
        return cv::BORDER_REFLECT;
    if (name == "reflect_101")
        return cv::BORDER_REFLECT_101;
    if (name == "wrap")
        return cv::BORDER_WRAP;
    throw std::invalid_argument("unknown border mode '" + name + "'");
}

cv::Scalar fillScalar(double fill) {
    return cv::Scalar::all(fill);
}

void warpAffine(ImageSample& sample, const cv::Matx23d& m, cv::Size out, int interpolation,
                int border, double fill) {
    cv::Mat dst;
    cv::warpAffine(sample.image, dst, m, out, interpolation, border, fillScalar(fill));
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::warpAffine(sample.mask, md, m, out, cv::INTER_NEAREST,
                       border == cv::BORDER_CONSTANT ? cv::BORDER_CONSTANT : border, cv::Scalar());
        sample.mask = md;
    }
    transformTargets(sample, to33(m), out);
}

void warpPerspective(ImageSample& sample, const cv::Matx33d& m, cv::Size out, int interpolation,
                     int border, double fill) {
    cv::Mat dst;
    cv::warpPerspective(sample.image, dst, m, out, interpolation, border, fillScalar(fill));
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::warpPerspective(sample.mask, md, m, out, cv::INTER_NEAREST, border, cv::Scalar());
        sample.mask = md;
    }
    transformTargets(sample, m, out);
}

WarpStep identityStep(cv::Size size) {
    WarpStep step;
    step.size = size;
    return step;
}

WarpStep resampleStep(const cv::Matx33d& m, cv::Size out, int interpolation, int border,
                      double fill) {
    WarpStep step;
    step.matrix = m;
    step.size = out;
    step.interpolation = interpolation;
    step.fillsOutside = true;
    step.border = border;
    step.fill = fill;
    return step;
}

WarpStep resampleStep(const cv::Matx23d& m, cv::Size out, int interpolation, int border,
                      double fill) {
    return resampleStep(to33(m), out, interpolation, border, fill);
}

WarpStep windowStep(cv::Rect rect, cv::Size input, int border, double fill) {
    if (rect == cv::Rect(cv::Point(), input))
        return identityStep(input);
    WarpStep step;
    step.matrix = cv::Matx33d(1, 0, -rect.x, 0, 1, -rect.y, 0, 0, 1);
    step.size = rect.size();
    step.fillsOutside = (rect & cv::Rect(cv::Point(), input)) != rect;
    step.border = border;
    step.fill = fill;
    return step;
}

WarpStep flipStep(int code, cv::Size size) {
    WarpStep step = identityStep(size);
    if (code != 0) { // horizontal
        step.matrix(0, 0) = -1;
        step.matrix(0, 2) = size.width - 1;
    }
    if (code <= 0) { // vertical
        step.matrix(1, 1) = -1;
        step.matrix(1, 2) = size.height - 1;
    }
    return step;
}

WarpStep transposeStep(cv::Size size) {
    WarpStep step = identityStep({size.height, size.width});
    step.matrix = cv::Matx33d(0, 1, 0, 1, 0, 0, 0, 0, 1);
    return step;
}

WarpStep rotate90Step(int k, cv::Size size) {
    const int w = size.width, h = size.height;
    WarpStep step = identityStep(k == 2 ? size : cv::Size(h, w));
    step.matrix = k == 1   ? cv::Matx33d(0, 1, 0, -1, 0, w - 1, 0, 0, 1)
                  : k == 2 ? cv::Matx33d(-1, 0, w - 1, 0, -1, h - 1, 0, 0, 1)
                           : cv::Matx33d(0, -1, h - 1, 1, 0, 0, 0, 0, 1);
    return step;
}

WarpStep resizeStep(cv::Rect rect, cv::Size out, int interpolation) {
    if (rect.size() == out)
        return windowStep(rect, out, cv::BORDER_CONSTANT, 0);
    WarpStep step;
    const double sx = double(out.width) / rect.width, sy = double(out.height) / rect.height;
    step.matrix =
        cv::Matx33d(sx, 0, (0.5 - rect.x) * sx - 0.5, 0, sy, (0.5 - rect.y) * sy - 0.5, 0, 0, 1);
    step.size = out;
    step.interpolation = interpolation;
    return step;
}

void flip(ImageSample& sample, int code) {
    cv::Mat dst;
    cv::flip(sample.image, dst, code);
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::flip(sample.mask, md, code);
        sample.mask = md;
    }
    const double w = sample.image.cols, h = sample.image.rows;
    const bool horizontal = code != 0, vertical = code <= 0;
    for (auto& b : sample.boxes) {
        if (horizontal) {
            b = {w - b.x2, b.y1, w - b.x1, b.y2, b.classId, std::move(b.polygon)};
            for (auto& ring : b.polygon)
                for (auto& q : ring)
                    q.x = w - q.x;
        }
        if (vertical) {
            b = {b.x1, h - b.y2, b.x2, h - b.y1, b.classId, std::move(b.polygon)};
            for (auto& ring : b.polygon)
                for (auto& q : ring)
                    q.y = h - q.y;
        }
    }
    for (auto& k : sample.keypoints) {
        if (horizontal)
            k.x = w - k.x;
        if (vertical)
            k.y = h - k.y;
    }
}

void transpose(ImageSample& sample) {
    const cv::Size out(sample.image.rows, sample.image.cols);
    cv::Mat dst;
    cv::transpose(sample.image, dst);
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::transpose(sample.mask, md);
        sample.mask = md;
    }
    transformTargets(sample, cv::Matx33d(0, 1, 0, 1, 0, 0, 0, 0, 1), out);
}

void rotate90(ImageSample& sample, int k) {
    const int w = sample.image.cols, h = sample.image.rows;
    const int code = k == 1   ? cv::ROTATE_90_COUNTERCLOCKWISE
                     : k == 2 ? cv::ROTATE_180
                              : cv::ROTATE_90_CLOCKWISE;
    const cv::Matx33d m = k == 1   ? cv::Matx33d(0, 1, 0, -1, 0, w - 1, 0, 0, 1)
                          : k == 2 ? cv::Matx33d(-1, 0, w - 1, 0, -1, h - 1, 0, 0, 1)
                                   : cv::Matx33d(0, -1, h - 1, 1, 0, 0, 0, 0, 1);
    const cv::Size out = k == 2 ? cv::Size(w, h) : cv::Size(h, w);
    cv::Mat dst;
    cv::rotate(sample.image, dst, code);
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::rotate(sample.mask, md, code);
        sample.mask = md;
    }
    transformTargets(sample, m, out);
}

void crop(ImageSample& sample, cv::Rect rect, int border, double fill) {
    const cv::Rect whole(0, 0, sample.image.cols, sample.image.rows);
    auto cut = [&](const cv::Mat& src, const cv::Scalar& value) {
        const cv::Rect inside = rect & whole;
        if (inside == rect)
            return src(rect).clone();
        cv::Mat dst;
        cv::Mat part = inside.area() > 0 ? src(inside) : src(cv::Rect(0, 0, 1, 1));
        const int top = inside.area() > 0 ? inside.y - rect.y : 0;
        const int left = inside.area() > 0 ? inside.x - rect.x : 0;
        const int bottom = rect.height - top - (inside.area() > 0 ? inside.height : 1);
        const int right = rect.width - left - (inside.area() > 0 ? inside.width : 1);
        cv::copyMakeBorder(part, dst, top, bottom, left, right, border, value);
        return dst;
    };
    sample.image = cut(sample.image, fillScalar(fill));
    if (!sample.mask.empty())
        sample.mask = cut(sample.mask, cv::Scalar());
    const cv::Matx33d shift(1, 0, -rect.x, 0, 1, -rect.y, 0, 0, 1);
    transformTargets(sample, shift, rect.size());
}

void resize(ImageSample& sample, cv::Size size, int interpolation) {
    if (size == sample.image.size())
        return;
    const double sx = double(size.width) / sample.image.cols;
    const double sy = double(size.height) / sample.image.rows;
    cv::Mat dst;
    cv::resize(sample.image, dst, size, 0, 0, interpolation);
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::resize(sample.mask, md, size, 0, 0, cv::INTER_NEAREST);
        sample.mask = md;
    }
    for (auto& b : sample.boxes) {
        b = {b.x1 * sx, b.y1 * sy, b.x2 * sx, b.y2 * sy, b.classId, std::move(b.polygon)};
        for (auto& ring : b.polygon)
            for (auto& q : ring)
                q = {q.x * sx, q.y * sy};
    }
    for (auto& k : sample.keypoints)
        k = {k.x * sx, k.y * sy};
}

void cropResize(ImageSample& sample, cv::Rect rect, cv::Size size, int interpolation, int border,
                double fill) {
    const cv::Rect whole(0, 0, sample.image.cols, sample.image.rows);
    if ((rect & whole) != rect || rect.size() == size) {
        if (rect != whole)
            crop(sample, rect, border, fill);
        resize(sample, size, interpolation);
        return;
    }
    cv::Mat dst;
    cv::resize(sample.image(rect), dst, size, 0, 0, interpolation);
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::resize(sample.mask(rect), md, size, 0, 0, cv::INTER_NEAREST);
        sample.mask = md;
    }
    // Continuous x' = (x - rect.x) * sx, written on pixel centres (c = x - 0.5).
    const double sx = double(size.width) / rect.width, sy = double(size.height) / rect.height;
    const cv::Matx33d m(sx, 0, (0.5 - rect.x) * sx - 0.5, 0, sy, (0.5 - rect.y) * sy - 0.5, 0, 0,
                        1);
    transformTargets(sample, m, size);
}

namespace {

// Squared distance between the source position of destination pixel (x, y) and `p` (both in
// continuous coordinates).
double sourceDistance(const cv::Mat& mapX, const cv::Mat& mapY, int x, int y, cv::Point2d p) {
    const double dx = mapX.at<float>(y, x) + 0.5 - p.x, dy = mapY.at<float>(y, x) + 0.5 - p.y;
    return dx * dx + dy * dy;
}

// The best destination pixel in the window [c - radius, c + radius] (clipped), by `step`.
void searchWindow(const cv::Mat& mapX, const cv::Mat& mapY, cv::Point2d p, cv::Point c, int radius,
                  int step, cv::Point& best, double& bestDistance) {
    const int x0 = std::max(0, c.x - radius), x1 = std::min(mapX.cols - 1, c.x + radius);
    const int y0 = std::max(0, c.y - radius), y1 = std::min(mapX.rows - 1, c.y + radius);
    for (int y = y0; y <= y1; y += step)
        for (int x = x0; x <= x1; x += step) {
            const double d = sourceDistance(mapX, mapY, x, y, p);
            if (d < bestDistance) {
                bestDistance = d;
                best = {x, y};
            }
        }
}

} // namespace

cv::Point2d inverseMapPoint(const cv::Mat& mapX, const cv::Mat& mapY, cv::Point2d p) {
    const int w = mapX.cols, h = mapX.rows;
    if (w == 0 || h == 0)
        return p;
    // Coarse grid over the whole image, then a fine window around the coarse winner and
    // around the point itself (distortions move pixels a little): O(w h / step^2), not O(w h).
    const int step = std::max(1, int(std::lround(std::sqrt(double(w) * h) / 64.0)));
    cv::Point best(0, 0);
    double bestDistance = std::numeric_limits<double>::infinity();
    searchWindow(mapX, mapY, p, {0, 0}, std::max(w, h), step, best, bestDistance);
    const cv::Point coarse = best;
    searchWindow(mapX, mapY, p, coarse, 2 * step, 1, best, bestDistance);
    const cv::Point own(std::clamp(int(std::floor(p.x)), 0, w - 1),
                        std::clamp(int(std::floor(p.y)), 0, h - 1));
    searchWindow(mapX, mapY, p, own, 2 * step, 1, best, bestDistance);
    cv::Point2d found(best.x + 0.5, best.y + 0.5);
    if (bestDistance > 4.0) {
        // No pixel samples near `p` (it lies outside what the map covers): move it by the
        // displacement of the nearest pixel that does, so it stays outside.
        return p + found -
               cv::Point2d(mapX.at<float>(best.y, best.x) + 0.5,
                           mapY.at<float>(best.y, best.x) + 0.5);
    }
    // Sub-pixel: one Newton step with the map's local Jacobian.
    if (w > 1 && h > 1) {
        const int xa = best.x + 1 < w ? best.x : best.x - 1,
                  ya = best.y + 1 < h ? best.y : best.y - 1;
        const double j00 = mapX.at<float>(best.y, xa + 1) - mapX.at<float>(best.y, xa);
        const double j01 = mapX.at<float>(ya + 1, best.x) - mapX.at<float>(ya, best.x);
        const double j10 = mapY.at<float>(best.y, xa + 1) - mapY.at<float>(best.y, xa);
        const double j11 = mapY.at<float>(ya + 1, best.x) - mapY.at<float>(ya, best.x);
        const double det = j00 * j11 - j01 * j10;
        if (std::abs(det) > 1e-6) {
            const double ex = p.x - (mapX.at<float>(best.y, best.x) + 0.5);
            const double ey = p.y - (mapY.at<float>(best.y, best.x) + 0.5);
            const double sx = (j11 * ex - j01 * ey) / det, sy = (-j10 * ex + j00 * ey) / det;
            if (std::abs(sx) <= 1.0 && std::abs(sy) <= 1.0)
                found += cv::Point2d(sx, sy);
        }
    }
    return found;
}

void remap(ImageSample& sample, const cv::Mat& mapX, const cv::Mat& mapY, int interpolation,
           int border, double fill) {
    const cv::Size size = mapX.size();
    if (interpolation == cv::INTER_AREA)
        interpolation = cv::INTER_LINEAR; // remap has no area mode
    // Boxes: remap each box's filled rectangle and take the bounding rect of what remains.
    std::vector<double> areas;
    for (auto& b : sample.boxes) {
        cv::Mat box(sample.image.size(), CV_8UC1, cv::Scalar(0));
        cv::Rect r(cv::Point(int(std::floor(b.x1)), int(std::floor(b.y1))),
                   cv::Point(int(std::ceil(b.x2)), int(std::ceil(b.y2))));
        r &= cv::Rect(0, 0, box.cols, box.rows);
        box(r).setTo(255);
        cv::Mat moved;
        cv::remap(box, moved, mapX, mapY, cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar());
        const cv::Rect nr = cv::boundingRect(moved);
        areas.push_back(b.area());
        b = {double(nr.x), double(nr.y), double(nr.x + nr.width), double(nr.y + nr.height),
             b.classId};
    }
    for (auto& k : sample.keypoints) {
        const cv::Point2d p = inverseMapPoint(mapX, mapY, {k.x, k.y});
        k.x = p.x;
        k.y = p.y;
    }
    cv::Mat dst;
    cv::remap(sample.image, dst, mapX, mapY, interpolation, border, fillScalar(fill));
    sample.image = dst;
    if (!sample.mask.empty()) {
        cv::Mat md;
        cv::remap(sample.mask, md, mapX, mapY, cv::INTER_NEAREST, border, cv::Scalar());
        sample.mask = md;
    }
    clipTargets(sample, size, areas);
}

void meshMaps(cv::Size size, int rows, int cols, const std::vector<cv::Point2d>& shift,
              bool triangles, cv::Mat& mapX, cv::Mat& mapY) {
    CV_Assert(rows >= 1 && cols >= 1 && shift.size() == size_t((rows + 1) * (cols + 1)));
    mapX.create(size, CV_32F);
    mapY.create(size, CV_32F);
    const double cellW = std::max(1, size.width - 1) / double(cols);
    const double cellH = std::max(1, size.height - 1) / double(rows);
    auto at = [&](int r, int c) { return shift[size_t(r * (cols + 1) + c)]; };
    for (int y = 0; y < size.height; ++y) {
        const double gy = std::min(double(rows), y / cellH);
        const int r = std::min(rows - 1, int(gy));
        const double v = gy - r;
        float* mx = mapX.ptr<float>(y);
        float* my = mapY.ptr<float>(y);
        for (int x = 0; x < size.width; ++x) {
            const double gx = std::min(double(cols), x / cellW);
            const int c = std::min(cols - 1, int(gx));
            const double u = gx - c;
            const cv::Point2d p00 = at(r, c), p01 = at(r, c + 1), p10 = at(r + 1, c),
                              p11 = at(r + 1, c + 1);
            cv::Point2d d;
            if (!triangles)
                d = (1 - u) * (1 - v) * p00 + u * (1 - v) * p01 + (1 - u) * v * p10 + u * v * p11;
            else if (u >= v) // upper-right triangle (p00, p01, p11)
                d = (1 - u) * p00 + (u - v) * p01 + v * p11;
            else // lower-left triangle (p00, p10, p11)
                d = (1 - v) * p00 + (v - u) * p10 + u * p11;
            mx[x] = float(x + d.x);
            my[x] = float(y + d.y);
        }
    }
}

} // namespace augstudio::core::geometry

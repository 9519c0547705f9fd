#include "core/sample/imagetargets.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core::geometry {

void clampPolygon(BoundingBox& b, const cv::Rect& frame) {
    for (auto& ring : b.polygon)
        for (auto& p : ring) {
            p.x = std::clamp(p.x, double(frame.x), double(frame.x + frame.width));
            p.y = std::clamp(p.y, double(frame.y), double(frame.y + frame.height));
        }
}

cv::Point2d mapPoint(const cv::Matx33d& m, cv::Point2d p) {
    const double x = p.x - 0.5, y = p.y - 0.5;
    const double w = m(2, 0) * x + m(2, 1) * y + m(2, 2);
    const double s = std::abs(w) < 1e-12 ? 1e-12 : w;
    return {(m(0, 0) * x + m(0, 1) * y + m(0, 2)) / s + 0.5,
            (m(1, 0) * x + m(1, 1) * y + m(1, 2)) / s + 0.5};
}

void clipTargets(ImageSample& sample, cv::Size size, const std::vector<double>& areasBefore) {
    std::vector<BoundingBox> kept;
    kept.reserve(sample.boxes.size());
    for (size_t i = 0; i < sample.boxes.size(); ++i) {
        BoundingBox b = sample.boxes[i];
        b.x1 = std::clamp(b.x1, 0.0, double(size.width));
        b.x2 = std::clamp(b.x2, 0.0, double(size.width));
        b.y1 = std::clamp(b.y1, 0.0, double(size.height));
        b.y2 = std::clamp(b.y2, 0.0, double(size.height));
        clampPolygon(b, {0, 0, size.width, size.height});
        const double before = i < areasBefore.size() ? areasBefore[i] : sample.boxes[i].area();
        const double after = b.area();
        if (after <= 0.0 || (before > 0.0 && after / before < sample.minVisibility))
            continue;
        kept.push_back(b);
    }
    sample.boxes = std::move(kept);
}

void transformTargets(ImageSample& sample, const cv::Matx33d& m, cv::Size size) {
    std::vector<double> areas;
    areas.reserve(sample.boxes.size());
    for (auto& b : sample.boxes) {
        const cv::Point2d c[4] = {mapPoint(m, {b.x1, b.y1}), mapPoint(m, {b.x2, b.y1}),
                                  mapPoint(m, {b.x1, b.y2}), mapPoint(m, {b.x2, b.y2})};
        double x1 = c[0].x, x2 = c[0].x, y1 = c[0].y, y2 = c[0].y;
        for (const auto& p : c) {
            x1 = std::min(x1, p.x);
            x2 = std::max(x2, p.x);
            y1 = std::min(y1, p.y);
            y2 = std::max(y2, p.y);
        }
        b.x1 = x1;
        b.x2 = x2;
        b.y1 = y1;
        b.y2 = y2;
        for (auto& ring : b.polygon)
            for (auto& p : ring)
                p = mapPoint(m, p);
        areas.push_back(b.area());
    }
    for (auto& k : sample.keypoints) {
        const cv::Point2d p = mapPoint(m, {k.x, k.y});
        k.x = p.x;
        k.y = p.y;
    }
    clipTargets(sample, size, areas);
}

cv::Rect boxPixels(const BoundingBox& b, const cv::Rect& frame) {
    auto edge = [](double v, int hi) { return v > 0 ? int(std::min(v, double(hi))) : 0; };
    if (!std::isfinite(b.x1) || !std::isfinite(b.y1) || !std::isfinite(b.x2) ||
        !std::isfinite(b.y2))
        return {};
    const int x1 = edge(std::floor(b.x1), frame.width), y1 = edge(std::floor(b.y1), frame.height);
    const int x2 = edge(std::ceil(b.x2), frame.width), y2 = edge(std::ceil(b.y2), frame.height);
    return {x1, y1, std::max(0, x2 - x1), std::max(0, y2 - y1)};
}

} // namespace augstudio::core::geometry

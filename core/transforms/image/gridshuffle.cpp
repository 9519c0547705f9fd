#include "core/transforms/image/gridshuffle.h"

#include "core/transforms/image/geometry.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace augstudio::core {

namespace {

// The grid's cells in row order: `n` near-equal spans along each axis (fewer when the axis
// is shorter than n).
std::vector<cv::Rect> gridCells(cv::Size size, int rows, int cols) {
    rows = std::clamp(rows, 1, std::max(1, size.height));
    cols = std::clamp(cols, 1, std::max(1, size.width));
    std::vector<cv::Rect> cells;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int x0 = c * size.width / cols, x1 = (c + 1) * size.width / cols;
            const int y0 = r * size.height / rows, y1 = (r + 1) * size.height / rows;
            cells.emplace_back(x0, y0, x1 - x0, y1 - y0);
        }
    return cells;
}

// Copies cell source[order[d]] of `src` to cell d.
cv::Mat shuffledCells(const cv::Mat& src, const std::vector<cv::Rect>& cells,
                      const std::vector<int>& order) {
    cv::Mat dst(src.size(), src.type());
    for (size_t d = 0; d < cells.size(); ++d)
        src(cells[size_t(order[d])]).copyTo(dst(cells[d]));
    return dst;
}

} // namespace

RandomGridShuffle::RandomGridShuffle(const ParamSet& p)
    : rows_(int(p.i("rows"))), cols_(int(p.i("cols"))) {}

Values RandomGridShuffle::draw(Rng& rng, const SampleInfo& info) const {
    const std::vector<cv::Rect> cells = gridCells({info.width, info.height}, rows_, cols_);
    // Cells of one size are permuted among themselves.
    std::map<std::pair<int, int>, std::vector<int>> bySize;
    for (size_t i = 0; i < cells.size(); ++i)
        bySize[{cells[i].width, cells[i].height}].push_back(int(i));
    std::vector<int> order(cells.size());
    for (auto& [size, members] : bySize) {
        std::vector<int> permuted = members;
        rng.shuffle(permuted);
        for (size_t k = 0; k < members.size(); ++k)
            order[size_t(members[k])] = permuted[k];
    }
    return {{"order", order}};
}

void RandomGridShuffle::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<int> order = v.at("order").get<std::vector<int>>();
    const std::vector<cv::Rect> cells = gridCells(s.image.size(), rows_, cols_);
    if (order.size() != cells.size())
        throw std::invalid_argument("image.random_grid_shuffle: the order has " +
                                    std::to_string(order.size()) + " cells, the grid " +
                                    std::to_string(cells.size()));
    bool identity = true;
    for (size_t d = 0; d < order.size(); ++d) {
        if (order[d] < 0 || size_t(order[d]) >= cells.size() ||
            cells[size_t(order[d])].size() != cells[d].size())
            throw std::invalid_argument("image.random_grid_shuffle: order does not permute "
                                        "cells of equal size");
        identity = identity && order[d] == int(d);
    }
    if (identity)
        return;
    s.image = shuffledCells(s.image, cells, order);
    if (!s.mask.empty())
        s.mask = shuffledCells(s.mask, cells, order);
    // Where each source cell went.
    std::vector<cv::Point> shift(cells.size());
    for (size_t d = 0; d < order.size(); ++d)
        shift[size_t(order[d])] = cells[d].tl() - cells[size_t(order[d])].tl();
    auto cellOf = [&](cv::Point2d p) {
        for (size_t i = 0; i < cells.size(); ++i)
            if (p.x >= cells[i].x && p.x < cells[i].br().x && p.y >= cells[i].y &&
                p.y < cells[i].br().y)
                return int(i);
        return -1;
    };
    for (Keypoint& k : s.keypoints) {
        const int c = cellOf({k.x, k.y});
        if (c >= 0) {
            k.x += shift[size_t(c)].x;
            k.y += shift[size_t(c)].y;
        }
    }
    std::vector<double> areas;
    for (BoundingBox& b : s.boxes) {
        areas.push_back(b.area());
        double x1 = INFINITY, y1 = INFINITY, x2 = -INFINITY, y2 = -INFINITY;
        for (size_t i = 0; i < cells.size(); ++i) {
            const cv::Rect2d piece =
                cv::Rect2d(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1) & cv::Rect2d(cells[i]);
            if (piece.width <= 0 || piece.height <= 0)
                continue;
            x1 = std::min(x1, piece.x + shift[i].x);
            y1 = std::min(y1, piece.y + shift[i].y);
            x2 = std::max(x2, piece.br().x + shift[i].x);
            y2 = std::max(y2, piece.br().y + shift[i].y);
        }
        if (x2 > x1)
            b = {x1, y1, x2, y2, b.classId};
        else
            b = {0, 0, 0, 0, b.classId}; // wholly outside the image: dropped below
    }
    geometry::clipTargets(s, s.image.size(), areas);
}

TransformInfo RandomGridShuffle::info() {
    return {"image.random_grid_shuffle",
            Modality::Image,
            "spatial",
            "Cut the image into a grid and shuffle the cells (mask, keypoints and boxes follow)",
            {intParam("rows", 3, 1, 64, "grid rows"), intParam("cols", 3, 1, 64, "grid columns")},
            0.5,
            factoryOf<RandomGridShuffle>()};
}

} // namespace augstudio::core

#include "core/transforms/image/flips.h"

#include "core/transforms/image/geometry.h"

#include <opencv2/core.hpp>

namespace augstudio::core {

Values Flip::draw(Rng& rng, const SampleInfo&) const {
    if (kind_ == Kind::Rotate90)
        return {{"k", rng.integer(1, 3)}};
    return Values::object();
}

void Flip::applyTo(ImageSample& s, const Values& v) const {
    switch (kind_) {
    case Kind::Horizontal:
        geometry::flip(s, 1);
        return;
    case Kind::Vertical:
        geometry::flip(s, 0);
        return;
    case Kind::Transpose: {
        // Transpose maps pixel (x, y) to (y, x): a matrix on pixel centres.
        const cv::Size out(s.image.rows, s.image.cols);
        cv::Mat dst;
        cv::transpose(s.image, dst);
        s.image = dst;
        if (!s.mask.empty()) {
            cv::Mat md;
            cv::transpose(s.mask, md);
            s.mask = md;
        }
        geometry::transformTargets(s, cv::Matx33d(0, 1, 0, 1, 0, 0, 0, 0, 1), out);
        return;
    }
    case Kind::Rotate90: {
        const int k = v.at("k").get<int>();
        const int w = s.image.cols, h = s.image.rows;
        // k quarter turns counter-clockwise, as numpy.rot90 / Albumentations RandomRotate90.
        const int code = k == 1   ? cv::ROTATE_90_COUNTERCLOCKWISE
                         : k == 2 ? cv::ROTATE_180
                                  : cv::ROTATE_90_CLOCKWISE;
        cv::Matx33d m = k == 1   ? cv::Matx33d(0, 1, 0, -1, 0, w - 1, 0, 0, 1)
                        : k == 2 ? cv::Matx33d(-1, 0, w - 1, 0, -1, h - 1, 0, 0, 1)
                                 : cv::Matx33d(0, -1, h - 1, 1, 0, 0, 0, 0, 1);
        const cv::Size out = k == 2 ? cv::Size(w, h) : cv::Size(h, w);
        cv::Mat dst;
        cv::rotate(s.image, dst, code);
        s.image = dst;
        if (!s.mask.empty()) {
            cv::Mat md;
            cv::rotate(s.mask, md, code);
            s.mask = md;
        }
        geometry::transformTargets(s, m, out);
        return;
    }
    }
}

TransformInfo Flip::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Image;
    t.kind = "spatial";
    switch (kind) {
    case Kind::Horizontal:
        t.id = "image.hflip";
        t.summary = "Mirror left-right";
        break;
    case Kind::Vertical:
        t.id = "image.vflip";
        t.summary = "Mirror top-bottom";
        break;
    case Kind::Transpose:
        t.id = "image.transpose";
        t.summary = "Swap rows and columns";
        break;
    case Kind::Rotate90:
        t.id = "image.rotate90";
        t.summary = "Rotate by k quarter turns, k drawn from {1, 2, 3}";
        break;
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Flip>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

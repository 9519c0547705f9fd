#include "core/pipeline/fusedrun.h"

#include "core/sample/imagetargets.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

bool nearlyEqual(double a, double b) {
    return std::abs(a - b) < 1e-12;
}

bool isIdentityMatrix(const cv::Matx33d& m) {
    const cv::Matx33d eye = cv::Matx33d::eye();
    for (int i = 0; i < 9; ++i)
        if (!nearlyEqual(m.val[i], eye.val[i]))
            return false;
    return true;
}

bool isAffineMatrix(const cv::Matx33d& m) {
    return nearlyEqual(m(2, 0), 0) && nearlyEqual(m(2, 1), 0) && nearlyEqual(m(2, 2), 1);
}

// A step that leaves its input as it is (a rotation by 0, a crop of the whole image).
bool isIdentityStep(const WarpStep& w, cv::Size input) {
    return w.size == input && isIdentityMatrix(w.matrix);
}

// Nearest < linear < cubic < Lanczos: the composite resamples with the best any step asked
// for. Area is a resize-only mode (warps treat it as linear).
int interpolationRank(int interpolation) {
    switch (interpolation) {
    case cv::INTER_NEAREST:
        return 0;
    case cv::INTER_CUBIC:
        return 2;
    case cv::INTER_LANCZOS4:
        return 3;
    default:
        return 1;
    }
}

int strongerInterpolation(int a, int b) {
    if (a < 0)
        return b == cv::INTER_AREA ? int(cv::INTER_LINEAR) : b;
    if (b < 0)
        return a;
    const int best = interpolationRank(a) >= interpolationRank(b) ? a : b;
    return best == cv::INTER_AREA ? int(cv::INTER_LINEAR) : best;
}

// The window `rect` of `src` in whole pixels, `border` / `value` where it leaves the image.
cv::Mat windowOf(const cv::Mat& src, cv::Rect rect, int border, const cv::Scalar& value) {
    const cv::Rect whole(0, 0, src.cols, src.rows);
    const cv::Rect inside = rect & whole;
    if (inside == rect)
        return src(rect).clone();
    const bool some = inside.area() > 0;
    const cv::Mat part = some ? src(inside) : src(cv::Rect(0, 0, 1, 1));
    const int top = some ? inside.y - rect.y : 0, left = some ? inside.x - rect.x : 0;
    const int bottom = rect.height - top - (some ? inside.height : 1);
    const int right = rect.width - left - (some ? inside.width : 1);
    cv::Mat dst;
    cv::copyMakeBorder(part, dst, top, bottom, left, right, border, value);
    return dst;
}

// One resampling of `src` by `m` to `size`; a window copy when `m` is a whole-pixel shift.
cv::Mat warped(const cv::Mat& src, const cv::Matx33d& m, cv::Size size, int interpolation,
               int border, const cv::Scalar& value, bool wholePixels) {
    if (wholePixels && nearlyEqual(m(0, 0), 1) && nearlyEqual(m(0, 1), 0) &&
        nearlyEqual(m(1, 0), 0) && nearlyEqual(m(1, 1), 1) && isAffineMatrix(m))
        return windowOf(
            src, {int(std::lround(-m(0, 2))), int(std::lround(-m(1, 2))), size.width, size.height},
            border, value);
    cv::Mat dst;
    if (isAffineMatrix(m))
        cv::warpAffine(src, dst, cv::Matx23d(m.val), size, interpolation, border, value);
    else
        cv::warpPerspective(src, dst, m, size, interpolation, border, value);
    return dst;
}

// Scales pixel-centre coordinates by (sx, sy): x' = sx (x + 0.5) - 0.5 (OpenCV's resize).
cv::Matx33d pixelScale(double sx, double sy) {
    return {sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5, 0, 0, 1};
}

} // namespace

FusedRun::FusedRun(Sample& sample, const RunContext& context) : sample_(sample), context_(context) {
    if (const ImageSample* im = image())
        size_ = im->image.size();
}

FusedRun::FusedRun(Sample& sample, const RunContext& context, cv::Size fullSize, double scale)
    : sample_(sample), context_(context), size_(fullSize), scale_(scale) {
    if (!image() || scale <= 0 || fullSize.empty())
        throw PipelineError("preview", "a reduced run needs an image, its full size and a scale");
}

ImageSample* FusedRun::image() const {
    return std::get_if<ImageSample>(&sample_);
}

SampleInfo FusedRun::info() const {
    SampleInfo info = SampleInfo::of(sample_, &context_);
    if (!warps_.empty() || !tables_.empty() || scale_ > 0) {
        info.width = size_.width;
        info.height = size_.height;
        info.sample = nullptr; // not yet moved: matrix and table steps read sizes only
    }
    return info;
}

void FusedRun::step(const Transform& transform, const Values& values) {
    ImageSample* im = image();
    const FusionKind kind = im ? transform.fusion() : FusionKind::None;
    if (kind == FusionKind::Matrix) {
        // Tables pending before any warp apply now, on the source; tables pending behind a
        // warp stay behind it, so the warps around them become one (a table is a per-pixel
        // map: it commutes with resampling up to interpolation error, and runs on the
        // warp's output, usually the smaller image).
        if (warps_.empty())
            flushTables();
        WarpStep warp;
        if (!transform.warpOf(values, size_, warp)) {
            if (scale_ > 0)
                throw PipelineError("preview", "a matrix step without a warp cannot run reduced");
            flush();
            transform.applyWith(sample_, values, context_);
            size_ = im->image.size();
            return;
        }
        if (isIdentityStep(warp, size_))
            return; // its apply changes nothing either
        if (warp.fillsOutside)
            for (const PendingWarp& p : warps_)
                if (p.warp.fillsOutside &&
                    (p.warp.border != warp.border || p.warp.fill != warp.fill)) {
                    // One warp has one border rule: a step with another one starts a new run.
                    flushWarps();
                    break;
                }
        if (warps_.empty())
            runInput_ = size_;
        warps_.push_back({&transform, &values, warp});
        size_ = warp.size;
        return;
    }
    if (kind == FusionKind::Table && im->image.depth() == CV_8U) {
        tables_.push_back({&transform, &values}); // applied after the pending warps
        return;
    }
    if (scale_ > 0 && kind != FusionKind::Table)
        throw PipelineError("preview", "only matrix and table steps can run reduced");
    flush();
    transform.applyWith(sample_, values, context_); // a table step maps pixels at any size
    if (im && scale_ <= 0)
        size_ = im->image.size();
}

void FusedRun::flush() {
    flushWarps();
    flushTables();
}

void FusedRun::flushWarps() {
    if (warps_.empty())
        return;
    if (warps_.size() == 1 && scale_ <= 0)
        warps_.front().transform->applyWith(sample_, *warps_.front().values, context_);
    else
        applyComposite();
    warps_.clear();
    if (scale_ <= 0)
        size_ = image()->image.size();
}

void FusedRun::applyComposite() {
    ImageSample& im = *image();
    cv::Matx33d m = cv::Matx33d::eye();
    int interpolation = -1;
    int border = cv::BORDER_REPLICATE; // no step brings in outside pixels: edges as resize
    double fill = 0;
    for (const PendingWarp& p : warps_) {
        m = p.warp.matrix * m;
        if (p.warp.interpolation >= 0)
            interpolation = strongerInterpolation(interpolation, p.warp.interpolation);
        if (p.warp.fillsOutside) {
            border = p.warp.border;
            fill = p.warp.fill;
        }
    }
    cv::Size size = warps_.back().warp.size;
    bool wholePixels = interpolation < 0;
    if (scale_ > 0) {
        // From the reduced input to the full-size input, the full-size warp, then down to the
        // reduced output: one resampling.
        const cv::Size full = size;
        size = {std::max(1, int(std::lround(full.width * scale_))),
                std::max(1, int(std::lround(full.height * scale_)))};
        const cv::Matx33d toFull = pixelScale(double(runInput_.width) / im.image.cols,
                                              double(runInput_.height) / im.image.rows);
        m = pixelScale(double(size.width) / full.width, double(size.height) / full.height) * m *
            toFull;
        if (wholePixels && !(size == im.image.size() && isIdentityMatrix(m)))
            interpolation = cv::INTER_LINEAR; // whole full-size pixels are not reduced ones
        wholePixels = false;
    }
    if (size == im.image.size() && isIdentityMatrix(m))
        return; // e.g. two horizontal flips
    // Whole-pixel steps only: the composite is a whole-pixel map, exact under nearest.
    if (wholePixels || interpolation < 0)
        interpolation = cv::INTER_NEAREST;
    im.image = warped(im.image, m, size, interpolation, border, cv::Scalar::all(fill), wholePixels);
    if (!im.mask.empty())
        im.mask = warped(im.mask, m, size, cv::INTER_NEAREST, border, cv::Scalar(), wholePixels);
    geometry::transformTargets(im, m, size);
}

void FusedRun::flushTables() {
    if (tables_.empty())
        return;
    ImageSample& im = *image();
    const int channels = im.image.channels();
    bool exact = tables_.size() > 1 && channels <= 4;
    cv::Mat table(1, 256, CV_8UC(channels));
    if (exact) {
        uint8_t* t = table.ptr<uint8_t>();
        for (int v = 0; v < 256; ++v)
            for (int c = 0; c < channels; ++c)
                t[v * channels + c] = uint8_t(v);
        const cv::Mat identity = table.clone();
        for (const PendingTable& p : tables_) {
            // The step's own apply on every level gives its table, bit for bit.
            ImageSample levelsSample;
            levelsSample.image = identity.clone();
            Sample ramp = std::move(levelsSample);
            p.transform->applyWith(ramp, *p.values, context_);
            const cv::Mat& levels = std::get<ImageSample>(ramp).image;
            if (levels.size() != identity.size() || levels.type() != identity.type()) {
                exact = false; // not a table after all: apply step by step
                break;
            }
            const uint8_t* l = levels.ptr<uint8_t>();
            for (int i = 0; i < 256 * channels; ++i)
                t[i] = l[int(t[i]) * channels + i % channels];
        }
    }
    if (exact)
        cv::LUT(im.image, table, im.image);
    else
        for (const PendingTable& p : tables_)
            p.transform->applyWith(sample_, *p.values, context_);
    tables_.clear();
}

} // namespace augstudio::core

#pragma once

#include "core/pipeline/runcontext.h"
#include "core/pipeline/transform.h"

#include <opencv2/core.hpp>

#include <vector>

namespace augstudio::core {

// Fused execution of one sample: consecutive matrix steps become one warp from the source to
// the final size, consecutive table steps one lookup table per channel; table steps between
// matrix steps move behind them (one warp, then one table, on the warp's output); any other
// step applies what is pending first, then itself. Draws are not touched: the caller draws every
// step as before (with info(), the shape after what is pending) and hands the values here.
// A single pending step applies alone, so a pipeline with one geometric step gives the bytes
// of step-by-step execution.
class FusedRun {
public:
    FusedRun(Sample& sample, const RunContext& context);
    // At a reduced size (the studio's preview at fit zoom): `sample`'s image is a reduction of
    // an image of `fullSize` pixels. Draws see the full sizes, so they equal a full-size run's;
    // each run of matrix steps resamples the reduced image once, straight to its output size
    // times `scale` (the full-size warp composed between two scalings); table steps map the
    // reduced pixels. Any other step, or a matrix step without a warp, throws PipelineError.
    FusedRun(Sample& sample, const RunContext& context, cv::Size fullSize, double scale);
    FusedRun(const FusedRun&) = delete;
    FusedRun& operator=(const FusedRun&) = delete;

    // What a draw sees: the sample's shape once the pending steps are applied. Within a
    // pending run `sample` is null (matrix and table steps read sizes only).
    SampleInfo info() const;
    // One applied step with its drawn values; `values` must stay alive until flush().
    void step(const Transform& transform, const Values& values);
    // Applies everything pending (before a step that is not fused, and at the end).
    void flush();
    // The image's size at full resolution once everything pending is applied.
    cv::Size fullSize() const { return size_; }

private:
    struct PendingWarp {
        const Transform* transform;
        const Values* values;
        WarpStep warp;
    };
    struct PendingTable {
        const Transform* transform;
        const Values* values;
    };
    void flushWarps();
    void flushTables();
    void applyComposite();
    ImageSample* image() const;

    Sample& sample_;
    const RunContext& context_;
    std::vector<PendingWarp> warps_;
    std::vector<PendingTable> tables_;
    cv::Size size_;     // the image size once the pending warps are applied (full size)
    double scale_ = 0;  // reduced run: output pixels per full-size pixel; 0: full size
    cv::Size runInput_; // reduced run: the full size the pending warps start from
};

} // namespace augstudio::core

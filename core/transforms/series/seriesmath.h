#pragma once

#include "core/random/rng.h"

#include "core/sample/sample.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

// Shared numerics of the series transforms, written once: NaN-aware statistics, the cubic
// spline of the "random curve" transforms (Um et al. 2017), and NaN-aware linear resampling.
// Samples are T x C CV_64FC1 matrices, so channel c of a continuous matrix is the strided
// sequence data[c], data[c + C], ...; every helper takes (pointer, count, stride).
namespace augstudio::core::seriesmath {

// Makes `values` a continuous CV_64FC1 matrix (a no-op for what the readers produce).
void makeDense(SeriesSample& s);

struct Stats {
    double mean = 0, std = 0, min = 0, max = 0;
    int64_t count = 0; // finite values seen; 0 means every statistic is meaningless
};
// Statistics of the finite values of a strided sequence (NaN gaps are ignored).
Stats stats(const double* data, int64_t n, int64_t stride);
// Min / max over the finite values of the whole matrix.
Stats statsAll(const cv::Mat& values);

// Natural cubic spline through `count` values at evenly spaced positions 0 .. n-1 (the
// first at 0, the last at n-1), evaluated at 0, 1, .., n-1 into out[0..n).
void splineCurve(const double* knots, int count, int64_t n, double* out, int64_t stride = 1);

// max |S(t) - origin| over t = 0 .. n-1 for the spline S of splineCurve, without evaluating
// every step (from the extrema of each cubic piece).
double splinePeak(const double* knots, int count, int64_t n, double origin);

// The random knot values of magnitude_warp and time_warp: `count` curves of knots + 2 values
// drawn from N(1, sigma), as {"knots": [[...], ...]}.
nlohmann::json drawKnotCurves(Rng& rng, int count, int knots, double sigma);

// The curves of `knots` (one JSON array of knot values per channel, or a single one for
// all) evaluated as a T x C row-major matrix: the per-channel curve transforms then make one
// contiguous pass. Channels beyond the curves given reuse the last curve.
void curveMatrix(const nlohmann::json& knots, int64_t t, int64_t c, double* out);
// Per channel min and max of the finite values of a T x C matrix, in one row-major pass
// (both NaN for a channel without values).
void channelRanges(const cv::Mat& values, double* min, double* max);

// The value of a strided sequence at fractional position `pos` (clamped to [0, n-1]):
// linear between two finite neighbours; next to a gap the nearest neighbour is taken, so a
// gap keeps its extent instead of spreading over the interpolated span.
double sampleAt(const double* src, int64_t n, int64_t stride, double pos);

// Resamples src[0..n) onto m evenly spaced positions from `lo` to `hi` (inclusive).
void resampleLinear(const double* src, int64_t n, int64_t srcStride, double lo, double hi,
                    int64_t m, double* dst, int64_t dstStride);

// np.interp(t, warp, src) for t = 0 .. n-1: sample i of `src` moves to time warp[i]
// (non-decreasing); the result is read back on the integer grid, with the gap rule above.
void unwarp(const double* src, int64_t n, int64_t srcStride, const double* warp, double* dst,
            int64_t dstStride);

// Fills the NaN gaps of x[0..n) (contiguous) by linear interpolation between the finite
// neighbours, holding the first and last finite values at the ends; returns false (x left
// as is) when no value is finite. For the spectral transforms, which need every step.
bool interpolateGaps(double* x, int64_t n);

// A per-thread buffer reused across calls (slot 0..7), at least n elements: transforms are
// reentrant, and after warm-up no call allocates.
double* scratch(int slot, size_t n);

// JSON number arrays of drawn values.
std::vector<double> numbers(const nlohmann::json& array);
nlohmann::json toJson(const std::vector<double>& v);

} // namespace augstudio::core::seriesmath

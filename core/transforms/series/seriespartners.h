#pragma once

#include "core/pipeline/runcontext.h"
#include "core/pipeline/transform.h"
#include "core/transforms/series/dtw.h"

#include <opencv2/core.hpp>

#include <string>
#include <utility>
#include <vector>

// What the partner-based series transforms (spawner, wdba, the guided warps) share: finding
// partners in the run's SeriesPool, bringing them to the sample's shape, and warping along a
// DTW path (Iwana & Uchida 2021's code, augmentation.py). Partners are recorded in the drawn
// values as [label, index] into the pool, so replay with the same pool is exact.
namespace augstudio::core::seriespartners {

// The pool of the run `info` belongs to, or null.
const SeriesPool* poolOf(const SampleInfo& info);
// Indices of `label`'s series with `channels` channels and at least one step; with
// `notSame` the series identical to `sample` are left out while others remain.
std::vector<int64_t> candidates(const SeriesPool& pool, const std::string& label, int64_t channels,
                                const SeriesSample* notSame);
// Draws up to k distinct entries of `from` (fewer when it is shorter), in drawn order.
std::vector<int64_t> drawDistinct(Rng& rng, std::vector<int64_t> from, size_t k);
// The partner [label, index] of `pool`, as a dense T x C matrix of the sample's length
// (resampled linearly over its whole span, NaN gaps bridged); empty when it is gone.
cv::Mat partnerAt(const SeriesPool* pool, const nlohmann::json& ref, int64_t steps,
                  int64_t channels);
// The sample's values dense with its NaN gaps bridged (what DTW needs).
cv::Mat bridged(const SeriesSample& s);
// out (T x C) = src (rows along path's second index) warped onto T steps: the sequence
// src[path[k].second], k = 0..L-1, read at T evenly spaced positions (np.interp).
void warpAlong(const cv::Mat& src, const std::vector<std::pair<int64_t, int64_t>>& path,
               int64_t which, cv::Mat& out);
// DTW between two dense T x C matrices with a band of `window` x T steps.
dtw::Alignment alignRows(const cv::Mat& a, const cv::Mat& b, double window);
double distanceRows(const cv::Mat& a, const cv::Mat& b, double window);
// The sample of a plain apply or of a run, as a SeriesSample (throws for other modalities).
SeriesSample& seriesOf(Sample& sample);

} // namespace augstudio::core::seriespartners

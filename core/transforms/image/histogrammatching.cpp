#include "core/transforms/image/histogrammatching.h"

#include "core/transforms/image/imagepartners.h"
#include "core/transforms/image/pixelops.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace augstudio::core {

namespace {
// Counts of each level of a CV_8U or CV_16U plane.
std::vector<double> levelCounts(const cv::Mat& plane, int levels) {
    std::vector<double> counts(size_t(levels), 0.0);
    for (int y = 0; y < plane.rows; ++y) {
        if (plane.depth() == CV_8U) {
            const uint8_t* row = plane.ptr<uint8_t>(y);
            for (int x = 0; x < plane.cols; ++x)
                counts[row[x]] += 1;
        } else {
            const uint16_t* row = plane.ptr<uint16_t>(y);
            for (int x = 0; x < plane.cols; ++x)
                counts[row[x]] += 1;
        }
    }
    return counts;
}

// For every level of `source`, the level of `reference` at the same quantile (np.interp of
// the source's cumulative share over the reference's, as scikit-image's match_histograms).
std::vector<double> matchedLevels(const cv::Mat& source, const cv::Mat& reference, int levels) {
    const std::vector<double> own = levelCounts(source, levels);
    const std::vector<double> theirs = levelCounts(reference, levels);
    std::vector<double> quantiles, values; // the reference's levels present, and their share
    double sum = 0;
    for (int v = 0; v < levels; ++v)
        if (theirs[size_t(v)] > 0) {
            sum += theirs[size_t(v)];
            quantiles.push_back(sum / double(reference.total()));
            values.push_back(v);
        }
    std::vector<double> table(size_t(levels), 0.0);
    double below = 0;
    for (int v = 0; v < levels; ++v) {
        below += own[size_t(v)];
        const double q = below / double(source.total());
        const auto it = std::lower_bound(quantiles.begin(), quantiles.end(), q);
        if (it == quantiles.begin())
            table[size_t(v)] = values.front();
        else if (it == quantiles.end())
            table[size_t(v)] = values.back();
        else {
            const size_t k = size_t(it - quantiles.begin());
            const double t = (q - quantiles[k - 1]) / (quantiles[k] - quantiles[k - 1]);
            table[size_t(v)] = values[k - 1] + t * (values[k] - values[k - 1]);
        }
    }
    return table;
}

// The plane matched to `reference` and blended: ratio * matched + (1 - ratio) * own.
template <class T>
void matchPlane(cv::Mat& plane, const cv::Mat& reference, int levels, double ratio) {
    const std::vector<double> table = matchedLevels(plane, reference, levels);
    std::vector<T> blended(static_cast<size_t>(levels));
    for (int v = 0; v < levels; ++v)
        blended[size_t(v)] = cv::saturate_cast<T>(ratio * table[size_t(v)] + (1.0 - ratio) * v);
    for (int y = 0; y < plane.rows; ++y) {
        T* row = plane.ptr<T>(y);
        for (int x = 0; x < plane.cols; ++x)
            row[x] = blended[row[x]];
    }
}
} // namespace

HistogramMatching::HistogramMatching(const ParamSet& p, const LoadContext& load)
    : reference_(p.s("folder"), load), blend_(p.range("blend_ratio")) {}

Values HistogramMatching::draw(Rng& rng, const SampleInfo& info) const {
    Values v = reference_.draw(rng, info);
    v["blend_ratio"] = rng.uniform(blend_.lo, blend_.hi);
    return v;
}

void HistogramMatching::applyReference(ImageSample& s, const Values& v,
                                       const RunContext* run) const {
    const double ratio = std::clamp(v.at("blend_ratio").get<double>(), 0.0, 1.0);
    if (s.image.empty() || ratio <= 0)
        return;
    const ReferenceImage::Found ref = reference_.find(v, run);
    if (!ref.image)
        return;
    // The histogram does not depend on the size: the reference only takes the sample's type.
    const cv::Mat target = imagepartners::conform(ref.image->image, s.image.type());
    std::vector<cv::Mat> planes, targets;
    cv::split(s.image, planes);
    cv::split(target, targets);
    const int depth = s.image.depth();
    for (int c = 0; c < pixel::colourChannels(s.image); ++c) {
        cv::Mat& plane = planes[size_t(c)];
        if (depth == CV_8U) {
            matchPlane<uint8_t>(plane, targets[size_t(c)], 256, ratio);
        } else if (depth == CV_16U) {
            matchPlane<uint16_t>(plane, targets[size_t(c)], 65536, ratio);
        } else {
            // Float: matched on 65536 levels, the unmatched share kept at full precision.
            cv::Mat levels, theirs, matched;
            plane.convertTo(levels, CV_16U, 65535.0);
            targets[size_t(c)].convertTo(theirs, CV_16U, 65535.0);
            matchPlane<uint16_t>(levels, theirs, 65536, 1.0);
            levels.convertTo(matched, CV_32F, 1.0 / 65535.0);
            cv::addWeighted(matched, ratio, plane, 1.0 - ratio, 0.0, plane);
            plane = cv::min(cv::max(plane, 0.0), 1.0);
        }
    }
    cv::Mat out; // a new buffer: the sample's may be shared with a cache
    cv::merge(planes, out);
    s.image = out;
}

TransformInfo HistogramMatching::info() {
    TransformInfo t = pixel::info(
        "image.histogram_matching",
        "Match each channel's histogram to a reference image's (from a folder, or a partner "
        "of the run), blended with the original by a drawn ratio",
        {ReferenceImage::folderParam("reference"),
         rangeParam("blend_ratio", 0.5, 1.0, 0.0, 1.0,
                    "share of the matched image in the result, drawn from [lo, hi]; 0 leaves "
                    "the image as it is",
                    "", 0.05)},
        loadFactoryOf<HistogramMatching>());
    t.kind = "mix";
    return t;
}

} // namespace augstudio::core

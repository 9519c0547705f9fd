#include "core/transforms/image/superpixels.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/slic.hpp>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

Superpixels::Superpixels(const ParamSet& p)
    : replace_(p.range("p_replace")), segments_(p.intRange("n_segments")),
      maxSize_(int(p.i("max_size"))) {}

Values Superpixels::draw(Rng& rng, const SampleInfo&) const {
    const double replace = rng.uniform(replace_.lo, replace_.hi);
    const int64_t segments = rng.integer(segments_.lo, segments_.hi);
    return makeValues(
        {{"n_segments", segments}, {"p_replace", replace}, {"seed", pixel::drawSeed(rng)}});
}

namespace {

// SLIC labels (CV_32S) of `colour` at the image's size, computed on an 8-bit copy scaled to
// at most maxSize on its longer side; the label count in `count`.
cv::Mat slicLabels(const cv::Mat& colour, int segments, int maxSize, int& count) {
    cv::Mat small = colour;
    const int longer = std::max(colour.cols, colour.rows);
    if (maxSize > 0 && longer > maxSize) {
        const double f = double(maxSize) / longer;
        cv::resize(colour, small,
                   cv::Size(std::max(1, int(std::lround(colour.cols * f))),
                            std::max(1, int(std::lround(colour.rows * f)))),
                   0, 0, cv::INTER_AREA);
    }
    cv::Mat eight;
    small.convertTo(eight, CV_8U, 255.0 / pixel::maxValue(small.depth()));
    const int region =
        std::clamp(int(std::lround(std::sqrt(double(eight.total()) / std::max(1, segments)))), 2,
                   std::min(eight.cols, eight.rows));
    auto slic = cv::ximgproc::createSuperpixelSLIC(eight, cv::ximgproc::SLICO, region, 10.0f);
    slic->iterate(10);
    cv::Mat labels;
    slic->getLabels(labels);
    count = slic->getNumberOfSuperpixels();
    if (labels.size() != colour.size())
        cv::resize(labels, labels, colour.size(), 0, 0, cv::INTER_NEAREST);
    return labels;
}

template <class T>
void replaceByMeans(cv::Mat& colour, const cv::Mat& labels, const std::vector<char>& chosen) {
    const int cn = colour.channels();
    const size_t n = chosen.size();
    std::vector<double> sums(n * size_t(cn), 0.0);
    std::vector<int64_t> counts(n, 0);
    for (int y = 0; y < colour.rows; ++y) {
        const T* row = colour.ptr<T>(y);
        const int* label = labels.ptr<int>(y);
        for (int x = 0; x < colour.cols; ++x) {
            const size_t l = size_t(label[x]);
            if (l >= n || !chosen[l])
                continue;
            ++counts[l];
            for (int c = 0; c < cn; ++c)
                sums[l * size_t(cn) + size_t(c)] += double(row[x * cn + c]);
        }
    }
    for (int y = 0; y < colour.rows; ++y) {
        T* row = colour.ptr<T>(y);
        const int* label = labels.ptr<int>(y);
        for (int x = 0; x < colour.cols; ++x) {
            const size_t l = size_t(label[x]);
            if (l >= n || !chosen[l])
                continue;
            for (int c = 0; c < cn; ++c)
                row[x * cn + c] =
                    cv::saturate_cast<T>(sums[l * size_t(cn) + size_t(c)] / double(counts[l]));
        }
    }
}

} // namespace

void Superpixels::applyTo(ImageSample& s, const Values& v) const {
    const double replace = v.at("p_replace").get<double>();
    const int segments = v.at("n_segments").get<int>();
    if (replace <= 0 || s.image.cols < 2 || s.image.rows < 2)
        return;
    Rng rng(v.at("seed").get<uint64_t>());
    pixel::onColour(s.image, [&](cv::Mat& colour) {
        int count = 0;
        const cv::Mat labels = slicLabels(colour, segments, maxSize_, count);
        std::vector<char> chosen(size_t(std::max(0, count)), 0);
        for (char& c : chosen)
            c = rng.bernoulli(replace) ? 1 : 0;
        switch (colour.depth()) {
        case CV_8U:
            return replaceByMeans<uint8_t>(colour, labels, chosen);
        case CV_16U:
            return replaceByMeans<uint16_t>(colour, labels, chosen);
        default:
            return replaceByMeans<float>(colour, labels, chosen);
        }
    });
}

TransformInfo Superpixels::info() {
    return pixel::info(
        "image.superpixels", "Replace some SLIC superpixels by their mean colour",
        {rangeParam("p_replace", 0, 0.1, 0, 1,
                    "probability that a superpixel is replaced, drawn from [lo, hi] (0 "
                    "unchanged)",
                    "", 0.01),
         intRangeParam("n_segments", 100, 100, 1, 100000,
                       "target number of superpixels drawn from [lo, hi]"),
         intParam("max_size", 128, 0, 16384,
                  "the image is segmented at most this large on its longer side (0: full size)",
                  "px")},
        factoryOf<Superpixels>());
}

} // namespace augstudio::core

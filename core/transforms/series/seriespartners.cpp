#include "core/transforms/series/seriespartners.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cstring>

namespace augstudio::core::seriespartners {

const SeriesPool* poolOf(const SampleInfo& info) {
    return info.context ? info.context->seriesPool.get() : nullptr;
}

std::vector<int64_t> candidates(const SeriesPool& pool, const std::string& label, int64_t channels,
                                const SeriesSample* notSame) {
    std::vector<int64_t> out, same;
    const auto series = pool.get(label);
    if (!series)
        return out;
    for (size_t i = 0; i < series->size(); ++i) {
        const SeriesSample& p = (*series)[i];
        if (p.channelCount() != channels || p.steps() == 0)
            continue;
        const bool identical = notSame && p.values.size() == notSame->values.size() &&
                               p.values.isContinuous() && notSame->values.isContinuous() &&
                               std::memcmp(p.values.ptr(), notSame->values.ptr(),
                                           p.values.total() * p.values.elemSize()) == 0;
        (identical ? same : out).push_back(int64_t(i));
    }
    return out.empty() ? same : out;
}

std::vector<int64_t> drawDistinct(Rng& rng, std::vector<int64_t> from, size_t k) {
    std::vector<int64_t> out;
    for (size_t n = 0; n < k && !from.empty(); ++n) {
        const auto at = size_t(rng.integer(0, int64_t(from.size()) - 1));
        out.push_back(from[at]);
        from.erase(from.begin() + std::ptrdiff_t(at));
    }
    return out;
}

cv::Mat bridged(const SeriesSample& s) {
    cv::Mat m = s.values.clone(); // continuous
    const int64_t t = m.rows, c = m.cols;
    std::vector<double> column(static_cast<size_t>(t));
    double* data = m.ptr<double>();
    for (int64_t k = 0; k < c; ++k) {
        for (int64_t i = 0; i < t; ++i)
            column[size_t(i)] = data[i * c + k];
        if (!seriesmath::interpolateGaps(column.data(), t))
            std::fill(column.begin(), column.end(), 0.0);
        for (int64_t i = 0; i < t; ++i)
            data[i * c + k] = column[size_t(i)];
    }
    return m;
}

cv::Mat partnerAt(const SeriesPool* pool, const nlohmann::json& ref, int64_t steps,
                  int64_t channels) {
    if (!pool || !ref.is_array() || ref.size() != 2)
        return {};
    const auto series = pool->get(ref[0].get<std::string>());
    const int64_t index = ref[1].get<int64_t>();
    if (!series || index < 0 || index >= int64_t(series->size()))
        return {};
    const SeriesSample& p = (*series)[size_t(index)];
    if (p.channelCount() != channels || p.steps() == 0)
        return {};
    SeriesSample dense;
    dense.values = p.values.clone();
    const cv::Mat src = bridged(dense);
    if (src.rows == steps)
        return src;
    cv::Mat out(int(steps), int(channels), CV_64F);
    for (int64_t k = 0; k < channels; ++k)
        seriesmath::resampleLinear(src.ptr<double>() + k, src.rows, channels, 0.0,
                                   double(src.rows - 1), steps, out.ptr<double>() + k, channels);
    return out;
}

void warpAlong(const cv::Mat& src, const std::vector<std::pair<int64_t, int64_t>>& path,
               int64_t which, cv::Mat& out) {
    const int64_t t = out.rows, c = out.cols, length = int64_t(path.size());
    const double* s = src.ptr<double>();
    double* o = out.ptr<double>();
    for (int64_t i = 0; i < t; ++i) {
        const double pos = t > 1 ? double(i) * double(length - 1) / double(t - 1) : 0.0;
        const auto k = std::min<int64_t>(int64_t(pos), length - 1);
        const int64_t k1 = std::min(k + 1, length - 1);
        const double frac = pos - double(k);
        const int64_t a = which == 0 ? path[size_t(k)].first : path[size_t(k)].second;
        const int64_t b = which == 0 ? path[size_t(k1)].first : path[size_t(k1)].second;
        for (int64_t ch = 0; ch < c; ++ch)
            o[i * c + ch] = s[a * c + ch] + (s[b * c + ch] - s[a * c + ch]) * frac;
    }
}

dtw::Alignment alignRows(const cv::Mat& a, const cv::Mat& b, double window) {
    return dtw::align(a.ptr<double>(), a.rows, b.ptr<double>(), b.rows, a.cols,
                      dtw::bandFor(window, a.rows, b.rows));
}

double distanceRows(const cv::Mat& a, const cv::Mat& b, double window) {
    return dtw::distance(a.ptr<double>(), a.rows, b.ptr<double>(), b.rows, a.cols,
                         dtw::bandFor(window, a.rows, b.rows));
}

SeriesSample& seriesOf(Sample& sample) {
    auto* s = std::get_if<SeriesSample>(&sample);
    if (!s)
        throw std::invalid_argument("transform applied to a sample of another modality");
    return *s;
}

} // namespace augstudio::core::seriespartners

#include "core/transforms/series/wdba.h"

#include "core/transforms/series/seriespartners.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace augstudio::core {

SeriesWdba::SeriesWdba(const ParamSet& p) : batch_(p.i("batch")), window_(p.f("window")) {}

Values SeriesWdba::draw(Rng& rng, const SampleInfo& info) const {
    const auto* sample = info.sample ? std::get_if<SeriesSample>(info.sample) : nullptr;
    const SeriesPool* pool = seriespartners::poolOf(info);
    nlohmann::json partners = nlohmann::json::array();
    if (sample && pool && sample->steps() >= 2)
        for (int64_t i : seriespartners::drawDistinct(
                 rng,
                 seriespartners::candidates(*pool, sample->label, sample->channelCount(), nullptr),
                 size_t(std::max<int64_t>(0, batch_ - 1))))
            partners.push_back(nlohmann::json::array({sample->label, i}));
    return makeValues({{"partners", std::move(partners)}});
}

void SeriesWdba::applyTo(SeriesSample& s, const Values& v) const {
    run(s, v, nullptr);
}

void SeriesWdba::applyWith(Sample& sample, const Values& v, const RunContext& r) const {
    run(seriespartners::seriesOf(sample), v, r.seriesPool.get());
}

void SeriesWdba::run(SeriesSample& s, const Values& v, const SeriesPool* pool) const {
    const int64_t t = s.steps(), c = s.channelCount();
    if (t < 2 || c == 0)
        return;
    std::vector<cv::Mat> batch = {seriespartners::bridged(s)};
    for (const nlohmann::json& ref : v.at("partners")) {
        cv::Mat p = seriespartners::partnerAt(pool, ref, t, c);
        if (!p.empty())
            batch.push_back(std::move(p));
    }
    const size_t k = batch.size();
    if (k < 2)
        return;
    std::vector<double> d(k * k, 0.0);
    for (size_t a = 0; a < k; ++a)
        for (size_t b = a + 1; b < k; ++b)
            d[a * k + b] = d[b * k + a] = seriespartners::distanceRows(batch[a], batch[b], window_);
    size_t medoid = 0;
    double bestSum = 0;
    for (size_t a = 0; a < k; ++a) {
        const double sum =
            std::accumulate(d.begin() + long(a * k), d.begin() + long(a * k + k), 0.0);
        if (a == 0 || sum < bestSum)
            medoid = a, bestSum = sum;
    }
    std::vector<size_t> order(k);
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return d[medoid * k + a] < d[medoid * k + b]; });
    // order[0] is the medoid (distance 0), order[1] its nearest neighbour.
    const double nearest = d[medoid * k + (order[0] == medoid ? order[1] : order[0])];
    const cv::Mat& reference = batch[medoid];
    cv::Mat sum = cv::Mat::zeros(int(t), int(c), CV_64F);
    std::vector<double> weights(static_cast<size_t>(t), 0.0);
    for (size_t n : order) {
        if (n == medoid || nearest == 0.0) {
            sum += batch[medoid];
            for (double& w : weights)
                w += 1.0;
            continue;
        }
        const double w = std::exp(std::log(0.5) * d[medoid * k + n] / nearest);
        for (auto [i, j] : seriespartners::alignRows(reference, batch[n], window_).path) {
            for (int64_t ch = 0; ch < c; ++ch)
                sum.at<double>(int(i), int(ch)) += w * batch[n].at<double>(int(j), int(ch));
            weights[size_t(i)] += w;
        }
    }
    double* out = s.values.ptr<double>();
    const double* acc = sum.ptr<double>();
    for (int64_t i = 0; i < t; ++i)
        for (int64_t ch = 0; ch < c; ++ch)
            out[i * c + ch] = acc[i * c + ch] / weights[size_t(i)];
}

TransformInfo SeriesWdba::info() {
    return {
        "series.wdba",
        Modality::Series,
        "mix",
        "Weighted DTW barycentre of the sample and same-class partners of the run "
        "(unchanged without partners)",
        {intParam("batch", 6, 2, 64, "series averaged: the sample and up to batch - 1 partners"),
         floatParam("window", 0.1, 0, 1,
                    "Sakoe-Chiba band of the alignments as a fraction of the length", {}, 0.01)},
        0.5,
        factoryOf<SeriesWdba>()};
}

} // namespace augstudio::core

#include "core/transforms/series/discriminativeguidedwarp.h"

#include "core/transforms/series/seriespartners.h"

namespace augstudio::core {

SeriesDiscriminativeGuidedWarp::SeriesDiscriminativeGuidedWarp(const ParamSet& p)
    : batch_(p.i("batch")), window_(p.f("window")) {}

Values SeriesDiscriminativeGuidedWarp::draw(Rng& rng, const SampleInfo& info) const {
    const auto* sample = info.sample ? std::get_if<SeriesSample>(info.sample) : nullptr;
    const SeriesPool* pool = seriespartners::poolOf(info);
    nlohmann::json positives = nlohmann::json::array(), negatives = nlohmann::json::array();
    if (sample && pool && sample->steps() >= 2) {
        const int64_t c = sample->channelCount();
        const auto same = seriespartners::candidates(*pool, sample->label, c, sample);
        // Every series of the other classes, as (label number, index) in label order.
        const std::vector<std::string> labels = pool->labels();
        std::vector<int64_t> others; // label number x 2^32 + index
        for (size_t l = 0; l < labels.size(); ++l)
            if (labels[l] != sample->label)
                for (int64_t i : seriespartners::candidates(*pool, labels[l], c, nullptr))
                    others.push_back(int64_t(l) << 32 | i);
        if (!same.empty() && !others.empty()) {
            for (int64_t i : seriespartners::drawDistinct(rng, same, size_t((batch_ + 1) / 2)))
                positives.push_back(nlohmann::json::array({sample->label, i}));
            for (int64_t e : seriespartners::drawDistinct(rng, others, size_t(batch_ / 2)))
                negatives.push_back(
                    nlohmann::json::array({labels[size_t(e >> 32)], e & 0xFFFFFFFF}));
        }
    }
    return makeValues({{"positives", std::move(positives)}, {"negatives", std::move(negatives)}});
}

void SeriesDiscriminativeGuidedWarp::applyTo(SeriesSample& s, const Values& v) const {
    run(s, v, nullptr);
}

void SeriesDiscriminativeGuidedWarp::applyWith(Sample& sample, const Values& v,
                                               const RunContext& r) const {
    run(seriespartners::seriesOf(sample), v, r.seriesPool.get());
}

void SeriesDiscriminativeGuidedWarp::run(SeriesSample& s, const Values& v,
                                         const SeriesPool* pool) const {
    const int64_t t = s.steps(), c = s.channelCount();
    if (t < 2 || c == 0)
        return;
    std::vector<cv::Mat> positives, negatives;
    for (const nlohmann::json& ref : v.at("positives"))
        if (cv::Mat p = seriespartners::partnerAt(pool, ref, t, c); !p.empty())
            positives.push_back(std::move(p));
    for (const nlohmann::json& ref : v.at("negatives"))
        if (cv::Mat p = seriespartners::partnerAt(pool, ref, t, c); !p.empty())
            negatives.push_back(std::move(p));
    if (positives.empty() || negatives.empty())
        return;
    // The positive farthest from the negatives and nearest to the other positives.
    size_t best = 0;
    double bestScore = 0;
    for (size_t p = 0; p < positives.size(); ++p) {
        double toPositives = 0, toNegatives = 0;
        for (size_t q = 0; q < positives.size(); ++q)
            if (q != p)
                toPositives += seriespartners::distanceRows(positives[p], positives[q], window_) /
                               double(positives.size() - 1);
        for (const cv::Mat& n : negatives)
            toNegatives +=
                seriespartners::distanceRows(positives[p], n, window_) / double(negatives.size());
        const double score = toNegatives - toPositives;
        if (p == 0 || score > bestScore)
            best = p, bestScore = score;
    }
    const cv::Mat x = seriespartners::bridged(s);
    seriespartners::warpAlong(x, seriespartners::alignRows(positives[best], x, window_).path, 1,
                              s.values);
}

TransformInfo SeriesDiscriminativeGuidedWarp::info() {
    return {
        "series.discriminative_guided_warp",
        Modality::Series,
        "temporal",
        "Warp the time axis along the DTW alignment to the most discriminative same-class "
        "partner of the run (needs other classes; unchanged without partners)",
        {intParam("batch", 6, 2, 64,
                  "partners compared: ceil(batch / 2) of the class, floor(batch / 2) of others"),
         floatParam("window", 0.1, 0, 1,
                    "Sakoe-Chiba band of the alignments as a fraction of the length", {}, 0.01)},
        0.5,
        factoryOf<SeriesDiscriminativeGuidedWarp>()};
}

} // namespace augstudio::core

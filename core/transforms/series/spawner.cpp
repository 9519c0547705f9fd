#include "core/transforms/series/spawner.h"

#include "core/transforms/series/seriespartners.h"
#include "core/transforms/series/seriesrandom.h"

#include <algorithm>

namespace augstudio::core {

SeriesSpawner::SeriesSpawner(const ParamSet& p) : sigma_(p.f("sigma")), window_(p.f("window")) {}

Values SeriesSpawner::draw(Rng& rng, const SampleInfo& info) const {
    const auto* sample = info.sample ? std::get_if<SeriesSample>(info.sample) : nullptr;
    const SeriesPool* pool = seriespartners::poolOf(info);
    Values v = makeValues({{"partner", nullptr}, {"split", nullptr}, {"seed", nullptr}});
    if (!sample || !pool || sample->steps() < 3)
        return v;
    const auto choices =
        seriespartners::candidates(*pool, sample->label, sample->channelCount(), sample);
    if (choices.empty())
        return v;
    const int64_t pick = choices[size_t(rng.integer(0, int64_t(choices.size()) - 1))];
    v["partner"] = nlohmann::json::array({sample->label, pick});
    v["split"] = rng.integer(1, sample->steps() - 2);
    v["seed"] = seriesrandom::drawSeed(rng);
    return v;
}

void SeriesSpawner::applyTo(SeriesSample& s, const Values& v) const {
    run(s, v, nullptr);
}

void SeriesSpawner::applyWith(Sample& sample, const Values& v, const RunContext& r) const {
    run(seriespartners::seriesOf(sample), v, r.seriesPool.get());
}

void SeriesSpawner::run(SeriesSample& s, const Values& v, const SeriesPool* pool) const {
    const int64_t t = s.steps(), c = s.channelCount();
    const cv::Mat partner = seriespartners::partnerAt(pool, v.at("partner"), t, c);
    if (partner.empty() || v.at("split").is_null() || t < 3)
        return;
    const int64_t split = std::clamp<int64_t>(v.at("split").get<int64_t>(), 1, t - 1);
    const cv::Mat x = seriespartners::bridged(s);
    const cv::Range head{0, int(split)}, tail{int(split), int(t)};
    const auto first = seriespartners::alignRows(x.rowRange(head).clone(),
                                                 partner.rowRange(head).clone(), window_);
    const auto second = seriespartners::alignRows(x.rowRange(tail).clone(),
                                                  partner.rowRange(tail).clone(), window_);
    std::vector<std::pair<int64_t, int64_t>> path = first.path;
    for (auto [i, j] : second.path)
        path.emplace_back(i + split, j + split);
    // The average of the two along the joined path: one row per path step.
    cv::Mat mean(int(path.size()), int(c), CV_64F);
    for (size_t k = 0; k < path.size(); ++k)
        for (int64_t ch = 0; ch < c; ++ch)
            mean.at<double>(int(k), int(ch)) =
                0.5 * (x.at<double>(int(path[k].first), int(ch)) +
                       partner.at<double>(int(path[k].second), int(ch)));
    std::vector<std::pair<int64_t, int64_t>> rows(path.size());
    for (size_t k = 0; k < rows.size(); ++k)
        rows[k] = {int64_t(k), int64_t(k)};
    seriespartners::warpAlong(mean, rows, 0, s.values);
    seriesrandom::Stream noise(uint64_t(v.at("seed").get<int64_t>()));
    std::vector<double> z(static_cast<size_t>(t * c));
    seriesrandom::fillNormal(noise, z.data(), z.size());
    double* data = s.values.ptr<double>();
    for (int64_t i = 0; i < t * c; ++i)
        data[i] += sigma_ * z[size_t(i)];
}

TransformInfo SeriesSpawner::info() {
    return {"series.spawner",
            Modality::Series,
            "mix",
            "SPAWNER: DTW-aligned average with a same-class partner of the run, split at a "
            "random step, plus jitter (unchanged without partners)",
            {floatParam("sigma", 0.05, 0, 10, "standard deviation of the added jitter", {}, 0.01),
             floatParam("window", 0.1, 0, 1,
                        "Sakoe-Chiba band of the alignment as a fraction of the length", {}, 0.01)},
            0.5,
            factoryOf<SeriesSpawner>()};
}

} // namespace augstudio::core

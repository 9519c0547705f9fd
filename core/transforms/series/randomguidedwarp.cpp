#include "core/transforms/series/randomguidedwarp.h"

#include "core/transforms/series/seriespartners.h"

namespace augstudio::core {

SeriesRandomGuidedWarp::SeriesRandomGuidedWarp(const ParamSet& p) : window_(p.f("window")) {}

Values SeriesRandomGuidedWarp::draw(Rng& rng, const SampleInfo& info) const {
    const auto* sample = info.sample ? std::get_if<SeriesSample>(info.sample) : nullptr;
    const SeriesPool* pool = seriespartners::poolOf(info);
    Values v = makeValues({{"partner", nullptr}});
    if (!sample || !pool || sample->steps() < 2)
        return v;
    const auto choices =
        seriespartners::candidates(*pool, sample->label, sample->channelCount(), sample);
    if (!choices.empty())
        v["partner"] = nlohmann::json::array(
            {sample->label, choices[size_t(rng.integer(0, int64_t(choices.size()) - 1))]});
    return v;
}

void SeriesRandomGuidedWarp::applyTo(SeriesSample& s, const Values& v) const {
    run(s, v, nullptr);
}

void SeriesRandomGuidedWarp::applyWith(Sample& sample, const Values& v, const RunContext& r) const {
    run(seriespartners::seriesOf(sample), v, r.seriesPool.get());
}

void SeriesRandomGuidedWarp::run(SeriesSample& s, const Values& v, const SeriesPool* pool) const {
    const int64_t t = s.steps(), c = s.channelCount();
    const cv::Mat teacher = seriespartners::partnerAt(pool, v.at("partner"), t, c);
    if (teacher.empty() || t < 2)
        return;
    const cv::Mat x = seriespartners::bridged(s);
    seriespartners::warpAlong(x, seriespartners::alignRows(teacher, x, window_).path, 1, s.values);
}

TransformInfo SeriesRandomGuidedWarp::info() {
    return {"series.random_guided_warp",
            Modality::Series,
            "temporal",
            "Warp the time axis along the DTW alignment to a random same-class partner of the "
            "run (unchanged without partners)",
            {floatParam("window", 0.1, 0, 1,
                        "Sakoe-Chiba band of the alignment as a fraction of the length", {}, 0.01)},
            0.5,
            factoryOf<SeriesRandomGuidedWarp>()};
}

} // namespace augstudio::core

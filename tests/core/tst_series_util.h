#pragma once

// Shared helpers of the series suites: generated series and running one transform alone.
#include "core/pipeline/registry.h"
#include "core/pipeline/runcontext.h"
#include "core/transforms/series/seriescatalog.h"

#include <cmath>
#include <memory>
#include <numbers>

namespace seriestest {

using namespace augstudio::core;

inline const Registry& registry() {
    static const Registry r = [] {
        Registry reg;
        registerSeriesTransforms(reg);
        return reg;
    }();
    return r;
}

// A T x C series of distinct smooth values: sines of different frequencies plus an offset
// per channel, so every transform has something to change.
inline SeriesSample makeSeries(int steps, int channels, const std::string& label = "a") {
    SeriesSample s;
    s.values = cv::Mat(steps, channels, CV_64FC1);
    for (int t = 0; t < steps; ++t)
        for (int c = 0; c < channels; ++c)
            s.values.at<double>(t, c) = std::sin(0.05 * (c + 1) * t + c) + 0.3 * c + 0.001 * t;
    for (int c = 0; c < channels; ++c)
        s.channelNames.push_back("ch" + std::to_string(c));
    s.label = label;
    return s;
}

inline std::unique_ptr<Transform> create(const std::string& id,
                                         const nlohmann::json& params = nlohmann::json::object()) {
    const TransformInfo* info = registry().find(id);
    if (!info)
        throw std::runtime_error("no transform " + id);
    return info->create(validateParams(info->params, params, id));
}

// The run the suites' transforms see (series.mixup_same_class takes partners from its pool).
inline RunContext& testRun() {
    static RunContext context;
    return context;
}
// A pool of `series` (grouped by label) for testRun().
inline void setTestPool(const std::vector<SeriesSample>& series) {
    auto pool = std::make_shared<SeriesPool>();
    std::vector<Sample> samples(series.begin(), series.end());
    pool->setFromSamples(samples);
    testRun().seriesPool = std::move(pool);
}

// Draws with `seed` and applies to a deep copy; returns the copy and the drawn values.
inline std::pair<SeriesSample, Values> run(const Transform& t, const SeriesSample& in,
                                           uint64_t seed) {
    Sample s = cloneSample(in);
    Rng rng(seed);
    const Values v = t.draw(rng, SampleInfo::of(s, &testRun()));
    t.applyWith(s, v, testRun());
    return {std::get<SeriesSample>(std::move(s)), v};
}

inline bool sameBits(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    for (int r = 0; r < a.rows; ++r)
        for (int c = 0; c < a.cols; ++c) {
            const double x = a.at<double>(r, c), y = b.at<double>(r, c);
            if (!(x == y || (std::isnan(x) && std::isnan(y))))
                return false;
        }
    return true;
}

} // namespace seriestest

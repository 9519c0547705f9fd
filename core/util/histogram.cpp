#include "core/util/histogram.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace augstudio::core {

Histogram Histogram::of(std::vector<double> values, int binCount) {
    std::erase_if(values, [](double v) { return std::isnan(v); });
    Histogram h;
    h.count = int64_t(values.size());
    if (values.empty())
        return h;
    std::sort(values.begin(), values.end());
    h.min = values.front();
    h.max = values.back();
    h.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    const size_t mid = values.size() / 2;
    h.median = values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    for (double v : values) {
        if (h.distinct.size() > kMaxDistinct)
            break;
        ++h.distinct[v];
    }
    if (h.distinct.size() > kMaxDistinct)
        h.distinct.clear();
    if (h.max == h.min) {
        h.bins.push_back({h.min, h.max, h.count});
        return h;
    }
    const int n = std::max(1, binCount);
    const double width = (h.max - h.min) / n;
    h.bins.resize(size_t(n));
    for (int b = 0; b < n; ++b)
        h.bins[size_t(b)] = {h.min + b * width, b + 1 == n ? h.max : h.min + (b + 1) * width, 0};
    for (double v : values) {
        // The maximum belongs to the last bin, not to one past it.
        const int b = std::min(n - 1, int((v - h.min) / width));
        ++h.bins[size_t(b)].count;
    }
    return h;
}

nlohmann::json Histogram::toJson() const {
    nlohmann::json bj = nlohmann::json::array();
    for (const Bin& b : bins)
        bj.push_back({{"lo", b.lo}, {"hi", b.hi}, {"count", b.count}});
    nlohmann::json j = {{"count", count}, {"min", min},       {"max", max},
                        {"mean", mean},   {"median", median}, {"bins", bj}};
    if (!distinct.empty()) {
        nlohmann::json dj = nlohmann::json::array();
        for (const auto& [v, c] : distinct)
            dj.push_back({{"value", v}, {"count", c}});
        j["values"] = dj;
    }
    return j;
}

} // namespace augstudio::core

#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <vector>

namespace augstudio::core {

// Equal-width bins over [min, max] of a set of values, with their mean and median; when
// the values take few distinct values (sample rates, channel counts) each is counted too.
struct Histogram {
    struct Bin {
        double lo = 0, hi = 0;
        int64_t count = 0;
    };
    int64_t count = 0;
    double min = 0, max = 0, mean = 0, median = 0;
    std::vector<Bin> bins;
    std::map<double, int64_t> distinct; // empty when more than kMaxDistinct values occur

    static constexpr size_t kMaxDistinct = 16;
    // NaN values are left out. All values equal: one bin [v, v].
    static Histogram of(std::vector<double> values, int binCount = 16);
    nlohmann::json toJson() const;
};

} // namespace augstudio::core

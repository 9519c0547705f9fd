#include "ui/balance/balanceplan.h"

#include <algorithm>
#include <climits>

namespace augstudio::ui {

BalancePlan::Counts BalancePlan::planned(const core::Dataset& dataset) const {
    return core::planCounts(dataset, options).after;
}

double imbalanceOf(const BalancePlan::Counts& counts) {
    std::map<std::string, int64_t> total;
    for (const auto& [split, classes] : counts)
        for (const auto& [c, n] : classes)
            total[c] += n;
    if (total.size() < 2)
        return 1.0;
    int64_t lo = INT64_MAX, hi = 0;
    for (const auto& [c, n] : total) {
        lo = std::min(lo, n);
        hi = std::max(hi, n);
    }
    return lo > 0 ? double(hi) / double(lo) : double(hi);
}

} // namespace augstudio::ui

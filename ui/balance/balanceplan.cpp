#include "ui/balance/balanceplan.h"

#include <algorithm>

namespace augstudio::ui {

BalancePlan::Counts BalancePlan::planned(const Counts& current) const {
    Counts out;
    for (const auto& [split, classes] : current) {
        const bool augment = augmentedSplits.count(split) > 0;
        int64_t largest = 0;
        for (const auto& [c, n] : classes)
            largest = std::max(largest, n);
        for (const auto& [c, n] : classes) {
            int64_t planned = n; // splits not augmented are copied unchanged
            if (augment && mode == Mode::Copies)
                planned = n * copies + (includeOriginals ? n : 0);
            else if (augment && mode == Mode::Balance)
                planned = std::max(n, target > 0 ? target : largest);
            out[split][c] = planned;
        }
    }
    return out;
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

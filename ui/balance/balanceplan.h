#pragma once

#include "core/dataset/dataset.h"

#include <map>
#include <set>
#include <string>

namespace augstudio::ui {

// The export plan as the balance view needs it: how many items each split/class will have.
struct BalancePlan {
    enum class Mode { Copies, Balance };
    Mode mode = Mode::Copies;
    int copies = 1; // Copies: augmented outputs per source item
    bool includeOriginals = true;
    int64_t target = 0; // Balance: 0 = the largest class of the split
    std::set<std::string> augmentedSplits = {"train"};

    using Counts = std::map<std::string, std::map<std::string, int64_t>>;
    Counts planned(const Counts& current) const;
};

// largest / smallest count over the classes of `counts` summed across splits; 1 when < 2.
double imbalanceOf(const BalancePlan::Counts& counts);

} // namespace augstudio::ui

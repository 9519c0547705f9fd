#pragma once

#include "core/dataset/dataset.h"
#include "core/util/histogram.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace augstudio::core {

// What `augstudio-cli health` prints and the studio's health panel shows.
struct HealthReport {
    struct Distribution {
        std::string name; // "width", "aspect", "duration", "words", ...
        std::string unit; // "px", "s", "Hz", "" ...
        Histogram histogram;
    };
    struct ItemRef {
        std::string key, split, label;
    };
    // Items with the same content (exact) or a close fingerprint (near).
    struct DuplicateGroup {
        std::string kind; // "exact" or "near"
        std::vector<ItemRef> items;
        // Splits the group spans, sorted; more than one makes the group a leak.
        std::vector<std::string> splits;
        bool isLeak() const { return splits.size() > 1; }
    };
    struct TinyClass {
        std::string label;
        int64_t count = 0;
    };

    std::filesystem::path root;
    Modality modality = Modality::Image;
    int64_t items = 0;
    std::vector<Distribution> distributions;
    std::vector<DuplicateGroup> exactDuplicates;
    std::vector<DuplicateGroup> nearDuplicates; // groups not wholly one exact group
    std::vector<DuplicateGroup> leaks;          // exact or near groups across splits
    std::vector<BadFile> unreadable;            // the scan's bad files and undecodable items
    std::vector<TinyClass> tinyClasses;         // fewer than minClassItems over all splits
    int minClassItems = 0;

    const Distribution* distribution(const std::string& name) const;
    nlohmann::json toJson() const;
};

} // namespace augstudio::core

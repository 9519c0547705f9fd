#pragma once

// What an export will write, item by item, before anything is read.

#include "core/export/exporter.h"

#include <cstdint>
#include <vector>

namespace augstudio::core {

struct PlannedItem {
    size_t item = 0;       // index into Dataset::items
    bool original = false; // the item itself, unchanged
    int copies = 0;        // augmented outputs, copy indices 0 .. copies - 1
};

struct ExportPlan {
    std::vector<PlannedItem> items; // dataset order; items with no output are left out
    std::map<std::string, std::map<std::string, int64_t>> before, after;
    bool augmented(const std::string& split) const;
    std::vector<std::string> splits;
};

ExportPlan makePlan(const Dataset& dataset, const ExportOptions& options);

// Items of shard `index` of `count`: hashKey(key) % count == index.
bool inShard(const std::string& key, int index, int count);

} // namespace augstudio::core

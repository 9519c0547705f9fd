#pragma once

// What an export will write, item by item, before anything is read, and the work list of one
// run: the planned items of its shard not yet done, grouped into units.

#include "core/export/exporter.h"
#include "core/export/outputfolder.h"

#include <cstdint>
#include <vector>

namespace augstudio::core {

struct PlannedItem {
    size_t item = 0;       // index into Dataset::items
    bool original = false; // the item itself, unchanged
    int copies = 0;        // augmented outputs, copy indices 0 .. copies - 1
    bool fill = false;     // balance: copies filling a smaller class (--balance-with applies)
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

// The record of an item's outputs, relative to the output folder; it marks the item done
// (resume) once written whole.
std::string recordRel(const std::string& key);
// True when the item's record is in place and whole: a JSON object naming the item. One a
// power cut left empty or cut short (see RecordCommitter) does not count.
bool recordWritten(const OutputFolder& out, const std::string& key);

// One unit of work: a file item, or the rows of one table file (read once).
struct WorkUnit {
    size_t first = 0, last = 0; // range of plan.items
    bool table = false;
};
struct WorkList {
    std::vector<WorkUnit> units;
    int64_t total = 0;       // planned items of this shard
    int64_t alreadyDone = 0; // of which a previous run completed
};
WorkList makeWorkList(const Dataset& dataset, const ExportPlan& plan, const ExportOptions& options,
                      const OutputFolder& out);

} // namespace augstudio::core

#include "core/export/exportplan.h"

#include "core/export/exportchecks.h"
#include "core/random/rng.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace augstudio::core {

bool ExportPlan::augmented(const std::string& split) const {
    return std::find(splits.begin(), splits.end(), split) != splits.end();
}

bool inShard(const std::string& key, int index, int count) {
    return count <= 1 || int(hashKey(key) % uint64_t(count)) == index;
}

ExportPlan makePlan(const Dataset& ds, const ExportOptions& o) {
    ExportPlan plan;
    for (const auto& s : o.splits) {
        const std::string n = normaliseSplit(s);
        plan.splits.push_back(n.empty() ? s : n);
    }
    std::vector<PlannedItem> all(ds.items.size());
    for (size_t i = 0; i < ds.items.size(); ++i) {
        const DatasetItem& item = ds.items[i];
        all[i].item = i;
        ++plan.before[item.split][item.label];
        if (!plan.augmented(item.split)) {
            all[i].original = true; // validation and test are copied unchanged
        } else if (o.mode == ExportOptions::Mode::Copies) {
            all[i].original = o.includeOriginals;
            all[i].copies = std::max(0, o.copies);
        } else {
            all[i].original = true;
        }
    }
    if (o.mode == ExportOptions::Mode::Balance) {
        // Per augmented split and class: the sources in dataset order; the j-th extra output
        // comes from source j % count, so each source is used as evenly as possible.
        std::map<std::string, std::map<std::string, std::vector<size_t>>> members;
        for (size_t i = 0; i < ds.items.size(); ++i)
            if (plan.augmented(ds.items[i].split) && !ds.items[i].label.empty())
                members[ds.items[i].split][ds.items[i].label].push_back(i);
        for (const auto& [split, classes] : members) {
            int64_t largest = 0;
            for (const auto& [label, v] : classes)
                largest = std::max(largest, int64_t(v.size()));
            const int64_t target = o.target > 0 ? o.target : largest;
            for (const auto& [label, v] : classes) {
                const int64_t count = int64_t(v.size());
                const int64_t extra = std::max<int64_t>(0, target - count);
                for (int64_t j = 0; j < count; ++j) {
                    all[v[size_t(j)]].copies = int(extra / count + (j < extra % count ? 1 : 0));
                    all[v[size_t(j)]].fill = count < largest; // a smaller class of the split
                }
            }
        }
    }
    for (const auto& p : all) {
        if (!p.original && p.copies == 0)
            continue;
        const DatasetItem& item = ds.items[p.item];
        plan.after[item.split][item.label] += (p.original ? 1 : 0) + p.copies;
        plan.items.push_back(p);
    }
    return plan;
}

PlannedCounts planCounts(const Dataset& dataset, const ExportOptions& options) {
    ExportPlan plan = makePlan(dataset, options);
    return {std::move(plan.before), std::move(plan.after)};
}

std::string recordRel(const std::string& key) {
    return ".augstudio/records/" + exportchecks::hex(hashKey(key)) + ".json";
}

bool recordWritten(const OutputFolder& out, const std::string& key) {
    const auto text = out.read(recordRel(key));
    if (!text)
        return false;
    const auto record = nlohmann::json::parse(*text, nullptr, false); // discarded when damaged
    if (!record.is_object())
        return false;
    const auto k = record.find("key");
    return k != record.end() && k->is_string() && k->get_ref<const std::string&>() == key;
}

WorkList makeWorkList(const Dataset& ds, const ExportPlan& plan, const ExportOptions& o,
                      const OutputFolder& out) {
    WorkList work;
    const bool tableLayout = ds.layout == Layout::UcrTsv || ds.layout == Layout::LongCsv ||
                             ds.layout == Layout::TextTable || ds.layout == Layout::UeaTs ||
                             ds.layout == Layout::WekaArff;
    for (size_t i = 0; i < plan.items.size(); ++i) {
        const DatasetItem& item = ds.items[plan.items[i].item];
        if (!inShard(item.key, o.shardIndex, o.shardCount))
            continue;
        ++work.total;
        if (recordWritten(out, item.key)) {
            ++work.alreadyDone;
            continue;
        }
        auto& units = work.units;
        if (tableLayout && !units.empty() && units.back().table &&
            ds.items[plan.items[units.back().first].item].file == item.file) {
            units.back().last = i + 1;
            continue;
        }
        units.push_back({i, i + 1, tableLayout});
    }
    return work;
}

} // namespace augstudio::core

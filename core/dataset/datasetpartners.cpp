#include "core/dataset/datasetpartners.h"

#include "core/io/itemfile.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace augstudio::core {

namespace fs = std::filesystem;

bool usesSeriesPartners(const Pipeline& pipeline) {
    for (size_t i = 0; i < pipeline.stepCount(); ++i) {
        const std::string& id = pipeline.stepInfo(i).id;
        if (id == "series.mixup_same_class" || id == "series.spawner" || id == "series.wdba" ||
            id == "series.random_guided_warp" || id == "series.discriminative_guided_warp" ||
            id == "series.mixup" || id == "series.cutmix" || id == "series.smote")
            return true;
    }
    return false;
}

bool usesPartnerSource(const Pipeline& pipeline) {
    for (size_t i = 0; i < pipeline.stepCount(); ++i) {
        const std::string& id = pipeline.stepInfo(i).id;
        if (id == "image.mixup" || id == "image.cutmix" || id == "image.mosaic" ||
            id == "image.copy_paste" || id == "audio.mix")
            return true;
    }
    return false;
}

std::shared_ptr<const SeriesPool>
seriesPartners(const Dataset& ds, const std::function<bool(const std::string&)>& inSplit,
               const ReadLimits& limits) {
    struct PoolFile {
        fs::path file;
        size_t first = 0, last = 0; // range of `members`
    };
    std::vector<size_t> members; // indices into ds.items
    std::vector<PoolFile> files;
    std::map<fs::path, int64_t> scannedRows; // a table's rows as the scan numbered them
    for (size_t i = 0; i < ds.items.size(); ++i) {
        const DatasetItem& item = ds.items[i];
        if (item.row >= 0)
            scannedRows[item.file] = std::max(scannedRows[item.file], item.row + 1);
        if (!inSplit(item.split))
            continue;
        if (files.empty() || files.back().file != item.file)
            files.push_back({item.file, members.size(), members.size()});
        members.push_back(i);
        files.back().last = members.size();
    }
    std::vector<std::optional<SeriesSample>> series(members.size());
    tbb::parallel_for(size_t(0), files.size(), [&](size_t f) {
        const PoolFile& pf = files[f];
        try {
            ItemFile read = readItemFile(pf.file, Modality::Series, {limits, true});
            const auto rows = scannedRows.find(pf.file);
            if (rows != scannedRows.end() && int64_t(read.samples.size()) != rows->second)
                return; // the file changed since the scan: its rows fail in the run
            for (size_t m = pf.first; m < pf.last; ++m) {
                const DatasetItem& item = ds.items[members[m]];
                const size_t row = item.row < 0 ? 0 : size_t(item.row);
                if (row >= read.samples.size())
                    continue;
                auto* s = std::get_if<SeriesSample>(&read.samples[row]);
                if (!s)
                    continue;
                // A file's own label wins; a class folder's series get the folder's.
                if (s->label.empty())
                    s->label = item.label;
                series[m] = std::move(*s);
            }
        } catch (const std::exception&) {
            // left out of the pool; the run reports the file
        }
    });
    std::map<std::string, SeriesPool::Series> grouped;
    std::map<std::string, std::vector<std::string>> keys;
    for (size_t m = 0; m < series.size(); ++m)
        if (auto& s = series[m]) {
            keys[s->label].push_back(ds.items[members[m]].key);
            grouped[s->label].push_back(std::move(*s));
        }
    auto pool = std::make_shared<SeriesPool>();
    for (auto& [label, list] : grouped)
        pool->set(label, std::move(list), std::move(keys[label]));
    return pool;
}

} // namespace augstudio::core

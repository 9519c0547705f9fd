#include "core/dataset/datasettexts.h"

#include "core/io/itemfile.h"
#include "core/transforms/text/tfidffit.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace augstudio::core {

namespace fs = std::filesystem;

bool usesTextStatistics(const Pipeline& pipeline) {
    for (size_t i = 0; i < pipeline.stepCount(); ++i)
        if (pipeline.stepInfo(i).id == "text.tfidf_replace")
            return true;
    return false;
}

std::shared_ptr<const TextStatistics>
datasetTextStatistics(const Dataset& ds, const std::function<bool(const std::string&)>& inSplit,
                      const ReadLimits& limits) {
    // Items of one file are consecutive in a scan; each file is read once, in parallel.
    struct TextFile {
        fs::path file;
        std::vector<size_t> members; // indices into ds.items
    };
    std::vector<TextFile> files;
    std::map<fs::path, size_t> fileIndex;
    for (size_t i = 0; i < ds.items.size(); ++i) {
        const DatasetItem& item = ds.items[i];
        if (!inSplit(item.split))
            continue;
        auto [at, added] = fileIndex.try_emplace(item.file, files.size());
        if (added)
            files.push_back({item.file, {}});
        files[at->second].members.push_back(i);
    }
    std::vector<std::vector<std::optional<std::string>>> texts(files.size());
    tbb::parallel_for(size_t(0), files.size(), [&](size_t f) {
        const TextFile& tf = files[f];
        texts[f].resize(tf.members.size());
        try {
            const ItemFile read = readItemFile(tf.file, Modality::Text, {limits, true});
            for (size_t m = 0; m < tf.members.size(); ++m) {
                const int64_t row = ds.items[tf.members[m]].row;
                const size_t r = row < 0 ? 0 : size_t(row);
                if (r >= read.samples.size())
                    continue;
                if (const auto* t = std::get_if<TextSample>(&read.samples[r]))
                    texts[f][m] = t->text;
            }
        } catch (const std::exception&) {
            // left out of the statistics; the run reports the file
        }
    });
    std::vector<std::pair<size_t, std::string>> ordered; // (item index, text)
    for (size_t f = 0; f < files.size(); ++f)
        for (size_t m = 0; m < files[f].members.size(); ++m)
            if (texts[f][m])
                ordered.emplace_back(files[f].members[m], std::move(*texts[f][m]));
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> corpus;
    corpus.reserve(ordered.size());
    for (auto& [index, text] : ordered)
        corpus.push_back(std::move(text));
    return fitTextStatistics(corpus);
}

} // namespace augstudio::core

#include "core/health/healthcheck.h"

#include "core/health/fingerprint.h"
#include "core/io/itemfile.h"
#include "core/random/rng.h"
#include "core/util/error.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <numeric>
#include <set>
#include <unordered_map>

namespace augstudio::core {

namespace {

// What one decoded item contributes to the report.
struct ItemFacts {
    bool readable = false;
    std::string error;
    uint64_t contentHash = 0;
    uint64_t nearHash = 0; // pHash, audio fingerprint or hash of the normalised text
    cv::Scalar meanColour; // images: pHash sees luminance only, so colour is checked apart
    std::vector<double> measures;
};

uint64_t fileContentHash(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw IoError(file.string(), "cannot open");
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return hashKey(bytes);
}

// The measures of one item, in the order of measureNames(modality).
std::vector<double> measuresOf(const Sample& sample) {
    if (const auto* i = std::get_if<ImageSample>(&sample))
        return {double(i->image.cols), double(i->image.rows),
                i->image.rows ? double(i->image.cols) / i->image.rows : 0.0,
                double(i->image.channels())};
    if (const auto* a = std::get_if<AudioSample>(&sample))
        return {a->sampleRate ? double(a->frames()) / a->sampleRate : 0.0, double(a->sampleRate),
                double(a->channels.size())};
    if (const auto* s = std::get_if<SeriesSample>(&sample))
        return {double(s->steps()), double(s->channelCount())};
    const std::string& text = std::get<TextSample>(sample).text;
    double words = 0;
    bool inWord = false;
    for (unsigned char c : text) {
        const bool space = c < 0x80 && std::isspace(c);
        words += !space && !inWord;
        inWord = !space;
    }
    return {words, double(text.size())};
}

std::vector<std::pair<std::string, std::string>> measureNames(Modality m) {
    switch (m) {
    case Modality::Image:
        return {{"width", "px"}, {"height", "px"}, {"aspect", "w/h"}, {"channels", ""}};
    case Modality::Audio:
        return {{"duration", "s"}, {"sample_rate", "Hz"}, {"channels", ""}};
    case Modality::Series:
        return {{"length", "steps"}, {"channels", ""}};
    case Modality::Text:
        return {{"words", ""}, {"bytes", "B"}};
    }
    return {};
}

void factsFromSample(ItemFacts& f, const Sample& sample) {
    f.measures = measuresOf(sample);
    if (const auto* i = std::get_if<ImageSample>(&sample)) {
        f.nearHash = imagePerceptualHash(i->image);
        const double scale = i->image.depth() == CV_16U  ? 1.0 / 65535
                             : i->image.depth() == CV_8U ? 1.0 / 255
                                                         : 1.0;
        f.meanColour = cv::mean(i->image) * scale;
    } else if (const auto* a = std::get_if<AudioSample>(&sample))
        f.nearHash = audioFingerprint(*a);
    else if (const auto* t = std::get_if<TextSample>(&sample))
        f.nearHash = hashKey(normaliseText(t->text));
    f.readable = true;
}

// Reads the items of one file: a whole file (image, clip) or the rows of a table.
void checkFile(const Dataset& dataset, const std::vector<size_t>& indices,
               std::vector<ItemFacts>& facts, const ReadLimits& limits) {
    const DatasetItem& first = dataset.items[indices.front()];
    try {
        if (first.row < 0) {
            for (size_t i : indices) {
                ItemFacts& f = facts[i];
                f.contentHash = fileContentHash(dataset.items[i].file);
                factsFromSample(f, loadItem(dataset, dataset.items[i], limits));
            }
            return;
        }
        ItemFile file = readItemFile(first.file, dataset.modality, {limits, false});
        for (size_t i : indices) {
            const auto row = size_t(dataset.items[i].row);
            ItemFacts& f = facts[i];
            if (row >= file.samples.size()) {
                f.error = "row " + std::to_string(row) + " not found";
                continue;
            }
            f.contentHash = sampleContentHash(file.samples[row]);
            factsFromSample(f, file.samples[row]);
        }
    } catch (const std::exception& e) {
        const auto* error = dynamic_cast<const Error*>(&e);
        for (size_t i : indices)
            if (!facts[i].readable && facts[i].error.empty())
                facts[i].error = error ? error->reason() : std::string(e.what());
    }
}

// Groups hashes within `distance` bits of a group's first hash (leader clustering: no
// chains, so a group never spans more than 2 x distance bits). Equal hashes are one
// candidate; candidates share one of the eight bytes, which two hashes within 7 bits do.
std::vector<size_t> nearClusters(const std::vector<uint64_t>& hashes, int distance,
                                 bool exactOnly) {
    std::vector<uint64_t> unique = hashes;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    constexpr size_t kUnassigned = std::numeric_limits<size_t>::max();
    std::vector<size_t> leader(unique.size(), kUnassigned);
    std::vector<std::vector<size_t>> buckets(8 * 256);
    if (!exactOnly && distance > 0)
        for (size_t u = 0; u < unique.size(); ++u)
            for (int band = 0; band < 8; ++band)
                buckets[size_t(band) * 256 + uint8_t(unique[u] >> (8 * band))].push_back(u);
    for (size_t u = 0; u < unique.size(); ++u) {
        if (leader[u] != kUnassigned)
            continue;
        leader[u] = u;
        if (exactOnly || distance <= 0)
            continue;
        for (int band = 0; band < 8; ++band)
            for (size_t v : buckets[size_t(band) * 256 + uint8_t(unique[u] >> (8 * band))])
                if (leader[v] == kUnassigned && hammingDistance(unique[u], unique[v]) <= distance)
                    leader[v] = u;
    }
    std::vector<size_t> cluster(hashes.size());
    for (size_t i = 0; i < hashes.size(); ++i) {
        const auto u =
            size_t(std::lower_bound(unique.begin(), unique.end(), hashes[i]) - unique.begin());
        cluster[i] = leader[u];
    }
    return cluster;
}

HealthReport::DuplicateGroup makeGroup(const Dataset& dataset, std::string kind,
                                       const std::vector<size_t>& members) {
    HealthReport::DuplicateGroup g;
    g.kind = std::move(kind);
    std::set<std::string> splits;
    std::vector<size_t> byKey = members;
    std::sort(byKey.begin(), byKey.end(),
              [&](size_t a, size_t b) { return dataset.items[a].key < dataset.items[b].key; });
    for (size_t i : byKey) {
        const DatasetItem& item = dataset.items[i];
        g.items.push_back({item.key, item.split, item.label});
        splits.insert(item.split);
    }
    g.splits.assign(splits.begin(), splits.end());
    return g;
}

// Groups of two or more items with the same cluster id, in the order of their first item.
std::vector<std::vector<size_t>> groupsOf(const std::vector<size_t>& readable,
                                          const std::vector<uint64_t>& clusterOfReadable) {
    std::unordered_map<uint64_t, size_t> slot;
    std::vector<std::vector<size_t>> groups;
    for (size_t r = 0; r < readable.size(); ++r) {
        auto [it, fresh] = slot.try_emplace(clusterOfReadable[r], groups.size());
        if (fresh)
            groups.emplace_back();
        groups[it->second].push_back(readable[r]);
    }
    std::erase_if(groups, [](const auto& g) { return g.size() < 2; });
    return groups;
}

// Near duplicates by pHash whose mean colours differ by more than a tenth of the range in a
// channel are different pictures (pHash alone confuses flat pictures of other colours).
std::vector<std::vector<size_t>> splitByColour(std::vector<std::vector<size_t>> groups,
                                               const std::vector<ItemFacts>& facts) {
    constexpr double kTolerance = 0.1;
    std::vector<std::vector<size_t>> out;
    for (auto& g : groups) {
        std::vector<std::vector<size_t>> parts;
        for (size_t i : g) {
            auto close = [&](const std::vector<size_t>& part) {
                for (int c = 0; c < 4; ++c)
                    if (std::abs(facts[i].meanColour[c] - facts[part.front()].meanColour[c]) >
                        kTolerance)
                        return false;
                return true;
            };
            auto it = std::find_if(parts.begin(), parts.end(), close);
            if (it == parts.end())
                parts.push_back({i});
            else
                it->push_back(i);
        }
        for (auto& p : parts)
            if (p.size() > 1)
                out.push_back(std::move(p));
    }
    return out;
}

} // namespace

HealthReport checkDatasetHealth(const Dataset& dataset, const HealthOptions& options) {
    HealthReport report;
    report.root = dataset.root;
    report.modality = dataset.modality;
    report.items = int64_t(dataset.items.size());
    report.minClassItems = options.minClassItems;

    // Rows of one table are read with one decode of the file.
    std::vector<std::vector<size_t>> files;
    {
        std::unordered_map<std::string, size_t> slot;
        for (size_t i = 0; i < dataset.items.size(); ++i) {
            const DatasetItem& item = dataset.items[i];
            const std::string name = item.row < 0 ? std::string() : item.file.string();
            if (item.row < 0) {
                files.push_back({i});
                continue;
            }
            auto [it, fresh] = slot.try_emplace(name, files.size());
            if (fresh)
                files.emplace_back();
            files[it->second].push_back(i);
        }
    }
    std::vector<ItemFacts> facts(dataset.items.size());
    std::atomic<int64_t> done{0};
    std::atomic<bool> cancelled{false};
    const auto total = int64_t(dataset.items.size());
    auto work = [&] {
        tbb::task_group_context group;
        tbb::parallel_for(
            tbb::blocked_range<size_t>(0, files.size(), 1),
            [&](const tbb::blocked_range<size_t>& r) {
                for (size_t f = r.begin(); f != r.end(); ++f) {
                    if (cancelled)
                        return;
                    checkFile(dataset, files[f], facts, options.limits);
                    const int64_t now = done += int64_t(files[f].size());
                    if (options.progress && !options.progress(now, total)) {
                        cancelled = true;
                        group.cancel_group_execution();
                    }
                }
            },
            group);
    };
    if (options.threads > 0)
        tbb::task_arena(options.threads).execute(work);
    else
        work();
    if (cancelled)
        throw IoError(dataset.root.string(), "cancelled");

    std::vector<size_t> readable;
    for (size_t i = 0; i < facts.size(); ++i)
        if (facts[i].readable)
            readable.push_back(i);

    const auto names = measureNames(dataset.modality);
    for (size_t m = 0; m < names.size(); ++m) {
        std::vector<double> values;
        values.reserve(readable.size());
        for (size_t i : readable)
            values.push_back(facts[i].measures[m]);
        report.distributions.push_back({names[m].first, names[m].second, Histogram::of(values)});
    }

    std::vector<uint64_t> exactKey, nearKey;
    for (size_t i : readable) {
        exactKey.push_back(facts[i].contentHash);
        nearKey.push_back(facts[i].nearHash);
    }
    for (const auto& g : groupsOf(readable, exactKey))
        report.exactDuplicates.push_back(makeGroup(dataset, "exact", g));
    if (dataset.modality != Modality::Series) {
        // Text near duplicates are equal normalised texts; images and audio are within bits.
        const auto cluster =
            nearClusters(nearKey, options.nearDistance, dataset.modality == Modality::Text);
        std::vector<uint64_t> clusterKey(cluster.begin(), cluster.end());
        for (const auto& g : splitByColour(groupsOf(readable, clusterKey), facts)) {
            std::set<uint64_t> contents;
            for (size_t i : g)
                contents.insert(facts[i].contentHash);
            if (contents.size() > 1)
                report.nearDuplicates.push_back(makeGroup(dataset, "near", g));
        }
    }
    for (const auto* groups : {&report.exactDuplicates, &report.nearDuplicates})
        for (const auto& g : *groups)
            if (g.isLeak())
                report.leaks.push_back(g);

    report.unreadable = dataset.bad;
    for (size_t i = 0; i < facts.size(); ++i)
        if (!facts[i].readable)
            report.unreadable.push_back({dataset.items[i].key, 0, facts[i].error});

    std::map<std::string, int64_t> perClass;
    for (const std::string& c : dataset.classes)
        perClass[c] = 0;
    for (const DatasetItem& item : dataset.items)
        if (!item.label.empty())
            ++perClass[item.label];
    for (const auto& [label, count] : perClass)
        if (count < options.minClassItems)
            report.tinyClasses.push_back({label, count});
    return report;
}

} // namespace augstudio::core

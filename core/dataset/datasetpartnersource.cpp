#include "core/dataset/datasetpartnersource.h"

#include <algorithm>

namespace augstudio::core {

namespace {
size_t sampleBytes(const Sample& s) {
    return std::visit(
        [](const auto& x) -> size_t {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ImageSample>)
                return x.image.total() * x.image.elemSize() + x.mask.total() * x.mask.elemSize();
            else if constexpr (std::is_same_v<T, AudioSample>)
                return x.channels.size() * size_t(x.frames()) * sizeof(float);
            else if constexpr (std::is_same_v<T, SeriesSample>)
                return x.values.total() * x.values.elemSize();
            else
                return x.text.size();
        },
        s);
}
} // namespace

std::vector<size_t> itemsInSplit(const Dataset& ds,
                                 const std::function<bool(const std::string&)>& inSplit) {
    std::vector<size_t> out;
    for (size_t i = 0; i < ds.items.size(); ++i)
        if (!inSplit || inSplit(ds.items[i].split))
            out.push_back(i);
    return out;
}

std::vector<PartnerEntry> DatasetPartnerSource::entriesOf(const Dataset& ds,
                                                          const std::vector<size_t>& items) {
    std::vector<PartnerEntry> out;
    out.reserve(items.size());
    for (size_t i : items)
        out.push_back({ds.items[i].key, ds.items[i].label, ds.modality});
    return out;
}

DatasetPartnerSource::DatasetPartnerSource(std::shared_ptr<const Dataset> dataset,
                                           const std::function<bool(const std::string&)>& inSplit,
                                           const ReadLimits& limits, size_t cacheBytes)
    : PartnerSource(entriesOf(*dataset, itemsInSplit(*dataset, inSplit))),
      dataset_(std::move(dataset)), items_(itemsInSplit(*dataset_, inSplit)), limits_(limits),
      cacheBytes_(cacheBytes) {}

std::shared_ptr<const Sample> DatasetPartnerSource::load(size_t index) const {
    if (index >= items_.size())
        return nullptr;
    {
        std::lock_guard lock(mutex_);
        const auto it = std::find_if(lru_.begin(), lru_.end(),
                                     [index](const Cached& c) { return c.entry == index; });
        if (it != lru_.end()) {
            lru_.splice(lru_.begin(), lru_, it);
            return it->sample;
        }
    }
    // Decoded outside the lock so threads read different partners at once; two threads
    // asking for the same one both decode it and the second copy is dropped.
    const DatasetItem& item = dataset_->items[items_[index]];
    auto sample = std::make_shared<const Sample>(loadItem(*dataset_, item, limits_));
    const size_t bytes = sampleBytes(*sample);
    std::lock_guard lock(mutex_);
    if (std::none_of(lru_.begin(), lru_.end(),
                     [index](const Cached& c) { return c.entry == index; })) {
        lru_.push_front({index, bytes, sample});
        held_ += bytes;
        while (held_ > cacheBytes_ && lru_.size() > 1) {
            held_ -= lru_.back().bytes;
            lru_.pop_back();
        }
    }
    return sample;
}

size_t DatasetPartnerSource::cachedBytes() const {
    std::lock_guard lock(mutex_);
    return held_;
}

} // namespace augstudio::core

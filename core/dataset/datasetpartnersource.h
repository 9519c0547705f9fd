#pragma once

#include "core/dataset/dataset.h"
#include "core/pipeline/partnersource.h"
#include "core/util/readlimits.h"

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace augstudio::core {

// Partners read from a scanned dataset's items (the export's augmented split, the studio's
// open dataset, `apply --partners DIR`, a Python Dataset), decoded on demand through the
// same codecs as the items themselves (loadItem, within the run's read limits) and kept in a
// least-recently-used cache bounded in bytes, so a mosaic over a large dataset holds only
// the partners in use.
class DatasetPartnerSource : public PartnerSource {
public:
    // The items `inSplit` accepts (all items when it is empty), in dataset order.
    DatasetPartnerSource(std::shared_ptr<const Dataset> dataset,
                         const std::function<bool(const std::string&)>& inSplit,
                         const ReadLimits& limits, size_t cacheBytes = size_t(256) << 20);
    std::shared_ptr<const Sample> load(size_t index) const override;
    // Bytes of decoded partners held now (for tests of the bound).
    size_t cachedBytes() const;

private:
    static std::vector<PartnerEntry> entriesOf(const Dataset& ds, const std::vector<size_t>& items);
    std::shared_ptr<const Dataset> dataset_;
    std::vector<size_t> items_; // entry -> index into dataset_->items
    ReadLimits limits_;
    size_t cacheBytes_;
    struct Cached {
        size_t entry;
        size_t bytes;
        std::shared_ptr<const Sample> sample;
    };
    mutable std::mutex mutex_;
    mutable std::list<Cached> lru_; // most recently used first
    mutable size_t held_ = 0;
};

// Which items of `dataset` `inSplit` accepts, as indices in dataset order.
std::vector<size_t> itemsInSplit(const Dataset& dataset,
                                 const std::function<bool(const std::string&)>& inSplit);

} // namespace augstudio::core

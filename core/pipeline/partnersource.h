#pragma once

#include "core/random/rng.h"
#include "core/sample/sample.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace augstudio::core {

// Which items a multi-sample transform may take as partners, relative to the item's class.
enum class PartnerClass { Same, Other, Any };

const char* partnerClassName(PartnerClass c);
// "same", "other" or "any"; throws std::invalid_argument otherwise.
PartnerClass partnerClassFromName(const std::string& name);

// One item a partner source can give: its stable key (what the drawn values record, so
// replay and manifests name the partner), its class and modality.
struct PartnerEntry {
    std::string key;
    std::string label;
    Modality modality = Modality::Image;
};

// The other items of a run that multi-sample transforms (image.mixup, image.mosaic,
// audio.mix, ...) draw as partners. Transforms never open files: the caller that holds the
// items builds the source (the exporter from the augmented split, `apply` from a table's rows
// or --partners DIR, the studio from the open dataset, Python from a dataset or a list) and
// puts it in the RunContext. Entries are in a fixed order that depends only on the items, so a
// draw from the item's own generator picks the same partner in every shard, job, resume, the
// studio and Python. Shared read-only by every thread of a run (load is thread-safe).
class PartnerSource {
public:
    explicit PartnerSource(std::vector<PartnerEntry> entries);
    virtual ~PartnerSource() = default;

    const std::vector<PartnerEntry>& entries() const { return entries_; }
    size_t size() const { return entries_.size(); }
    // Index of the entry `key`, or -1.
    int64_t find(std::string_view key) const;
    // Entries of `modality` an item of class `label` may take, in entry order; the item
    // itself (`self`, its key) is left out while another candidate remains. A scan of every
    // entry: draw() picks from the same list through an index instead.
    std::vector<size_t> candidates(Modality modality, const std::string& label, PartnerClass which,
                                   std::string_view self) const;
    // `count` candidates drawn from `rng` (with replacement, so a class of one item still
    // gives a mosaic its three partners); empty when there is none. The same picks as
    // indexing candidates() with rng.integer, in O(log n) per draw rather than a scan of
    // every entry (a cutmix export of a million items would otherwise scan a million entries
    // per item).
    std::vector<size_t> draw(Rng& rng, Modality modality, const std::string& label,
                             PartnerClass which, std::string_view self, size_t count) const;
    // The decoded partner, shared and read-only; throws IoError naming the file when it cannot
    // be read (the item that asked for it fails like a bad item).
    virtual std::shared_ptr<const Sample> load(size_t index) const = 0;

private:
    // The entries of one modality in entry order, and per class the positions of its entries
    // in that list (ascending): the candidates of any class, of one class, or of the others.
    struct ModalityIndex {
        std::vector<size_t> entries;
        std::unordered_map<std::string, std::vector<size_t>> classPositions;
    };
    std::vector<size_t> drawByScan(Rng& rng, Modality modality, const std::string& label,
                                   PartnerClass which, std::string_view self, size_t count) const;

    std::vector<PartnerEntry> entries_;
    std::unordered_map<std::string, size_t> byKey_;
    std::unordered_map<int, ModalityIndex> byModality_;
    std::vector<size_t> positionInModality_; // of each entry, in its modality's list
    bool uniqueKeys_ = true; // else draw() scans: `self` leaves out every entry of its key
};

} // namespace augstudio::core

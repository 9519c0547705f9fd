#include "core/pipeline/partnersource.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace augstudio::core {

const char* partnerClassName(PartnerClass c) {
    switch (c) {
    case PartnerClass::Same:
        return "same";
    case PartnerClass::Other:
        return "other";
    case PartnerClass::Any:
        break;
    }
    return "any";
}

PartnerClass partnerClassFromName(const std::string& name) {
    if (name == "same")
        return PartnerClass::Same;
    if (name == "other")
        return PartnerClass::Other;
    if (name == "any")
        return PartnerClass::Any;
    throw std::invalid_argument("partner class must be same, other or any, not '" + name + "'");
}

PartnerSource::PartnerSource(std::vector<PartnerEntry> entries) : entries_(std::move(entries)) {
    byKey_.reserve(entries_.size());
    positionInModality_.resize(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) {
        const PartnerEntry& e = entries_[i];
        if (!byKey_.emplace(e.key, i).second) // a repeated key keeps its first entry
            uniqueKeys_ = false;
        ModalityIndex& m = byModality_[int(e.modality)];
        positionInModality_[i] = m.entries.size();
        m.classPositions[e.label].push_back(m.entries.size());
        m.entries.push_back(i);
    }
}

int64_t PartnerSource::find(std::string_view key) const {
    const auto it = byKey_.find(std::string(key));
    return it == byKey_.end() ? -1 : int64_t(it->second);
}

std::vector<size_t> PartnerSource::candidates(Modality modality, const std::string& label,
                                              PartnerClass which, std::string_view self) const {
    std::vector<size_t> out;
    int64_t selfAt = -1;
    for (size_t i = 0; i < entries_.size(); ++i) {
        const PartnerEntry& e = entries_[i];
        if (e.modality != modality)
            continue;
        if ((which == PartnerClass::Same && e.label != label) ||
            (which == PartnerClass::Other && e.label == label))
            continue;
        if (!self.empty() && e.key == self) {
            selfAt = int64_t(i);
            continue;
        }
        out.push_back(i);
    }
    if (out.empty() && selfAt >= 0)
        out.push_back(size_t(selfAt)); // the only one of its class: mixing with itself is a no-op
    return out;
}

std::vector<size_t> PartnerSource::draw(Rng& rng, Modality modality, const std::string& label,
                                        PartnerClass which, std::string_view self,
                                        size_t count) const {
    if (!uniqueKeys_)
        return drawByScan(rng, modality, label, which, self, count);
    const auto m = byModality_.find(int(modality));
    if (m == byModality_.end())
        return {};
    const std::vector<size_t>& all = m->second.entries;
    static const std::vector<size_t> none;
    const auto c = m->second.classPositions.find(label);
    const std::vector<size_t>& mine = c == m->second.classPositions.end() ? none : c->second;
    // The candidates before the item itself is left out: `listed` of them, the k-th at
    // position positionOf(k) of `all`. Positions of the class's entries are ascending, so
    // the k-th entry of another class is at k + (the class's entries before it), found by
    // bisecting mine[i] - i (how many others come before the class's i-th entry).
    const size_t listed = which == PartnerClass::Any    ? all.size()
                          : which == PartnerClass::Same ? mine.size()
                                                        : all.size() - mine.size();
    auto positionOf = [&](size_t k) -> size_t {
        if (which == PartnerClass::Any)
            return k;
        if (which == PartnerClass::Same)
            return mine[k];
        size_t lo = 0, hi = mine.size(); // first i with mine[i] - i > k
        while (lo < hi) {
            const size_t mid = (lo + hi) / 2;
            if (mine[mid] - mid <= k)
                lo = mid + 1;
            else
                hi = mid;
        }
        return k + lo;
    };
    // Where the item itself sits among them, if it is one.
    std::optional<size_t> selfAt;
    if (!self.empty()) {
        const int64_t e = find(self);
        if (e >= 0 && entries_[size_t(e)].modality == modality) {
            const bool sameClass = entries_[size_t(e)].label == label;
            const size_t p = positionInModality_[size_t(e)];
            if (which == PartnerClass::Any)
                selfAt = p;
            else if (which == PartnerClass::Same && sameClass)
                selfAt = size_t(std::lower_bound(mine.begin(), mine.end(), p) - mine.begin());
            else if (which == PartnerClass::Other && !sameClass)
                selfAt = p - size_t(std::lower_bound(mine.begin(), mine.end(), p) - mine.begin());
        }
    }
    std::vector<size_t> out;
    if (listed == 0)
        return out;
    if (selfAt && listed == 1) { // the only one of its class: mixing with itself is a no-op
        for (size_t n = 0; n < count; ++n) {
            rng.integer(0, 0);
            out.push_back(all[positionOf(0)]);
        }
        return out;
    }
    const size_t size = listed - (selfAt ? 1 : 0);
    for (size_t n = 0; n < count; ++n) {
        size_t k = size_t(rng.integer(0, int64_t(size) - 1));
        if (selfAt && k >= *selfAt)
            ++k;
        out.push_back(all[positionOf(k)]);
    }
    return out;
}

std::vector<size_t> PartnerSource::drawByScan(Rng& rng, Modality modality, const std::string& label,
                                              PartnerClass which, std::string_view self,
                                              size_t count) const {
    const std::vector<size_t> from = candidates(modality, label, which, self);
    std::vector<size_t> out;
    if (from.empty())
        return out;
    for (size_t n = 0; n < count; ++n)
        out.push_back(from[size_t(rng.integer(0, int64_t(from.size()) - 1))]);
    return out;
}

} // namespace augstudio::core

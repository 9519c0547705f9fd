#include "core/pipeline/memorypartnersource.h"

namespace augstudio::core {

const std::string& labelOf(const Sample& sample) {
    return std::visit([](const auto& s) -> const std::string& { return s.label; }, sample);
}

std::vector<PartnerEntry> MemoryPartnerSource::entriesOf(const Keyed& samples) {
    std::vector<PartnerEntry> out;
    out.reserve(samples.size());
    for (const auto& [key, sample] : samples)
        out.push_back({key, labelOf(sample), modalityOf(sample)});
    return out;
}

MemoryPartnerSource::MemoryPartnerSource(Keyed samples) : PartnerSource(entriesOf(samples)) {
    samples_.reserve(samples.size());
    // Deep copies: a partner must not alias a sample being augmented in place.
    for (auto& [key, sample] : samples)
        samples_.push_back(std::make_shared<const Sample>(cloneSample(sample)));
}

std::shared_ptr<const Sample> MemoryPartnerSource::load(size_t index) const {
    return index < samples_.size() ? samples_[index] : nullptr;
}

} // namespace augstudio::core

#include "core/pipeline/seriespool.h"

namespace augstudio::core {

void SeriesPool::set(const std::string& label, Series series, std::vector<std::string> keys) {
    keys_.erase(label);
    if (series.empty()) {
        classes_.erase(label);
        return;
    }
    if (keys.size() == series.size())
        keys_[label] = std::move(keys);
    classes_[label] = std::make_shared<const Series>(std::move(series));
}

std::string SeriesPool::key(const std::string& label, size_t index) const {
    const auto it = keys_.find(label);
    if (it != keys_.end() && index < it->second.size())
        return it->second[index];
    return label + "#" + std::to_string(index);
}

void SeriesPool::setFromSamples(const std::vector<Sample>& samples) {
    std::map<std::string, Series> grouped;
    for (const auto& s : samples)
        if (const auto* se = std::get_if<SeriesSample>(&s)) {
            SeriesSample copy = *se;
            copy.values = se->values.clone(); // the pool must not alias a sample being augmented
            grouped[se->label].push_back(std::move(copy));
        }
    for (auto& [label, series] : grouped)
        set(label, std::move(series));
}

std::shared_ptr<const SeriesPool::Series> SeriesPool::get(const std::string& label) const {
    const auto it = classes_.find(label);
    return it == classes_.end() ? nullptr : it->second;
}

size_t SeriesPool::count(const std::string& label) const {
    const auto s = get(label);
    return s ? s->size() : 0;
}

std::vector<std::string> SeriesPool::labels() const {
    std::vector<std::string> out;
    for (const auto& [label, series] : classes_)
        out.push_back(label);
    return out;
}

} // namespace augstudio::core

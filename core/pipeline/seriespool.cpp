#include "core/pipeline/seriespool.h"

namespace augstudio::core {

void SeriesPool::set(const std::string& label, Series series) {
    if (series.empty())
        classes_.erase(label);
    else
        classes_[label] = std::make_shared<const Series>(std::move(series));
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

} // namespace augstudio::core

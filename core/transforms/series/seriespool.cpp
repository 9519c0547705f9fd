#include "core/transforms/series/seriespool.h"

#include <mutex>

namespace augstudio::core {

SeriesPool& SeriesPool::instance() {
    static SeriesPool pool;
    return pool;
}

void SeriesPool::set(const std::string& label, Series series) {
    std::unique_lock lock(mutex_);
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

void SeriesPool::clear() {
    std::unique_lock lock(mutex_);
    classes_.clear();
}

SeriesPool::Classes SeriesPool::exchange(Classes classes) {
    std::unique_lock lock(mutex_);
    classes_.swap(classes);
    return classes;
}

std::shared_ptr<const SeriesPool::Series> SeriesPool::get(const std::string& label) const {
    std::shared_lock lock(mutex_);
    const auto it = classes_.find(label);
    return it == classes_.end() ? nullptr : it->second;
}

size_t SeriesPool::count(const std::string& label) const {
    const auto s = get(label);
    return s ? s->size() : 0;
}

} // namespace augstudio::core

#pragma once

#include "core/sample/sample.h"

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace augstudio::core {

// The series of each class that series.mixup_same_class may mix with. A transform sees one
// sample, not the dataset, so whoever holds the dataset (the exporter, `augstudio-cli apply`
// for the rows of one file, a training loop) fills this registry before running the
// pipeline; with no series for a label the transform leaves samples unchanged and records
// "partner": null. Thread-safe: readers get an immutable snapshot of one class.
class SeriesPool {
public:
    using Series = std::vector<SeriesSample>;
    using Classes = std::map<std::string, std::shared_ptr<const Series>, std::less<>>;

    static SeriesPool& instance();

    // Replaces the series of `label` (an empty vector removes the class).
    void set(const std::string& label, Series series);
    // Groups `samples` by label and sets every class found (non-series samples are ignored).
    void setFromSamples(const std::vector<Sample>& samples);
    void clear();
    // Replaces every class at once and returns the classes held before, so a caller that
    // fills the pool for one run (the exporter) can put back what was there.
    Classes exchange(Classes classes);
    // The series of `label`, or nullptr when there are none; stays valid after set/clear.
    std::shared_ptr<const Series> get(const std::string& label) const;
    size_t count(const std::string& label) const;

private:
    mutable std::shared_mutex mutex_;
    Classes classes_;
};

} // namespace augstudio::core

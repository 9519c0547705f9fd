#pragma once

#include "core/sample/sample.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace augstudio::core {

// The series of each class that series.mixup_same_class may mix with. A transform sees one
// sample, not the dataset, so whoever holds the dataset (the exporter, `augstudio-cli apply`
// for the rows of one file, the studio, a training loop) builds a pool and hands it to the
// run in its RunContext; with no series for a label the transform leaves samples unchanged
// and records "partner": null. Built once, then shared read-only by every thread of a run.
class SeriesPool {
public:
    using Series = std::vector<SeriesSample>;

    // Replaces the series of `label` (an empty vector removes the class); `keys` are the
    // items' stable keys, one per series (what the newer transforms record), or empty.
    void set(const std::string& label, Series series, std::vector<std::string> keys = {});
    // Groups `samples` by label and sets every class found (non-series samples are ignored).
    void setFromSamples(const std::vector<Sample>& samples);
    // The series of `label`, or nullptr when there are none.
    std::shared_ptr<const Series> get(const std::string& label) const;
    size_t count(const std::string& label) const;
    // Every label with series, sorted (partners of other classes: discriminative_guided_warp).
    std::vector<std::string> labels() const;
    bool empty() const { return classes_.empty(); }
    // The key of series `index` of `label`: its item's key, or "<label>#<index>" without one.
    std::string key(const std::string& label, size_t index) const;

private:
    std::map<std::string, std::shared_ptr<const Series>, std::less<>> classes_;
    std::map<std::string, std::vector<std::string>, std::less<>> keys_;
};

} // namespace augstudio::core

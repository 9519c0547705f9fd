#pragma once

#include "core/dataset/dataset.h"
#include "core/health/healthreport.h"
#include "core/util/readlimits.h"

#include <functional>

namespace augstudio::core {

struct HealthOptions {
    // Called from any thread with items checked so far; return false to cancel (IoError
    // "cancelled" naming the root).
    std::function<bool(int64_t done, int64_t total)> progress;
    int threads = 0; // 0: all cores
    ReadLimits limits;
    int minClassItems = 5; // classes with fewer items over all splits are listed as tiny
    // Image pHash / audio fingerprint bits that may differ for a near duplicate (of 64);
    // at most 7, the largest distance the 8-band candidate search cannot miss.
    int nearDistance = 6;
};

// Decodes every item once (in parallel) and reports distributions, duplicates, leaks across
// splits, unreadable files and tiny classes. Bad items are findings, never errors.
HealthReport checkDatasetHealth(const Dataset& dataset, const HealthOptions& options = {});

} // namespace augstudio::core

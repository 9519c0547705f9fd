#include "core/util/readlimits.h"

#include <mutex>

namespace augstudio::core {

namespace {
std::mutex& limitsMutex() {
    static std::mutex m;
    return m;
}
ReadLimits& current() {
    static ReadLimits limits;
    return limits;
}
} // namespace

ReadLimits readLimits() {
    std::lock_guard lock(limitsMutex());
    return current();
}

void setReadLimits(const ReadLimits& limits) {
    std::lock_guard lock(limitsMutex());
    current() = limits;
}

} // namespace augstudio::core

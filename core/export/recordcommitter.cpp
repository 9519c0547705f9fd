#include "core/export/recordcommitter.h"

namespace augstudio::core {

RecordCommitter::RecordCommitter(OutputFolder& out, SyncFn sync, std::chrono::milliseconds gap)
    : out_(out), sync_(std::move(sync)), gap_(gap), thread_([this] { loop(); }) {}

RecordCommitter::~RecordCommitter() {
    if (thread_.joinable()) {
        try {
            finish();
        } catch (const WriteFailure&) { // the export has already stopped on an error
        }
    }
}

void RecordCommitter::add(std::string rel, std::string text) {
    std::lock_guard lock(mutex_);
    if (!failure_.empty())
        throw WriteFailure(failure_);
    queued_.emplace_back(std::move(rel), std::move(text));
    if (queued_.size() == 1)
        wake_.notify_one();
}

void RecordCommitter::loop() {
    using clock = std::chrono::steady_clock;
    auto lastSync = clock::now() - gap_;
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return closing_ || !queued_.empty(); });
        // Gather what finishes until `gap` after the last sync (not when closing).
        wake_.wait_until(lock, lastSync + gap_, [&] { return closing_; });
        if (queued_.empty() || !failure_.empty()) {
            if (closing_)
                return;
            queued_.clear();
            continue;
        }
        std::vector<std::pair<std::string, std::string>> batch;
        batch.swap(queued_);
        lock.unlock();
        std::string failure;
        try {
            sync_(); // the batch's outputs are on disk before any of its records
            for (const auto& [rel, text] : batch)
                out_.write(rel, text);
        } catch (const std::exception& e) { // WriteFailure: disk full, permissions, I/O error
            failure = e.what();
        }
        lastSync = clock::now();
        lock.lock();
        if (!failure.empty() && failure_.empty())
            failure_ = failure;
    }
}

void RecordCommitter::stopThread() {
    if (!thread_.joinable())
        return;
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void RecordCommitter::finish() {
    stopThread();
    if (failure_.empty()) {
        try {
            sync_(); // the records written last
        } catch (const WriteFailure& e) {
            failure_ = e.what();
        }
    }
    if (!failure_.empty())
        throw WriteFailure(failure_);
}

} // namespace augstudio::core

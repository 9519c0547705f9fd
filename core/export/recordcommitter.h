#pragma once

// Writes the records of finished items so that no record reaches the disk before the outputs
// it lists. The workers write an item's outputs without syncing them and hand its record
// here; a thread of its own takes what has gathered, makes it durable with one sync of the
// output's file system (OutputFolder::sync), and only then writes those records. After a
// power cut, a record on disk therefore vouches for its outputs; one the cut left empty or
// cut short counts as missing (recordWritten) and its item is done again. A killed process
// loses only the records still gathering: their items are done again too.
//
// One sync covers every item that finished while the previous one ran (at least `gap` apart),
// so the syncs cost little however fast items finish, and records still appear soon after
// their items on a slow export.

#include "core/export/outputfolder.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace augstudio::core {

class RecordCommitter {
public:
    using SyncFn = std::function<void()>;

    // `sync` makes the written outputs durable (the export passes out.sync()); a test passes
    // its own to watch the order.
    RecordCommitter(OutputFolder& out, SyncFn sync,
                    std::chrono::milliseconds gap = std::chrono::milliseconds(20));
    ~RecordCommitter(); // finishes quietly when finish() was not called
    RecordCommitter(const RecordCommitter&) = delete;
    RecordCommitter& operator=(const RecordCommitter&) = delete;

    // Queues the record `text` for `rel` (any thread). Throws the WriteFailure that stopped
    // the committer, if one did.
    void add(std::string rel, std::string text);
    // Syncs and writes what is queued, then syncs once more so the records themselves are
    // durable. Throws the first WriteFailure.
    void finish();

private:
    void loop();
    void stopThread();

    OutputFolder& out_;
    SyncFn sync_;
    std::chrono::milliseconds gap_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::pair<std::string, std::string>> queued_;
    bool closing_ = false;
    std::string failure_; // the first write failure, once one happened
    std::thread thread_;
};

} // namespace augstudio::core

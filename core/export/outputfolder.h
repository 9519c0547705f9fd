#pragma once

// The export's output folder: every file lands atomically (written under .augstudio/tmp, then
// renamed into place), so a killed export leaves only complete files behind, and inside the
// folder: every relative path is checked here before anything is written.
//
// Files are not synced one by one: a process killed (SIGKILL) loses nothing the kernel holds,
// and what a power cut could lose is made durable in batches by sync(), one sync of the
// output's file system. The export writes an item's record only after a sync() that followed
// its outputs (RecordCommitter), so a record on disk vouches for its outputs; a record the
// power cut left empty or cut short counts as missing and its item is done again.

#include "core/util/confinedroot.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace augstudio::core {

// Writing into the output failed (disk full, permissions): the export stops.
class WriteFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class OutputFolder {
public:
    // `tmpName` names this run's temporary folder (one per shard, so shards sharing the
    // folder never clear each other's files). Clears what a killed run left there.
    OutputFolder(std::filesystem::path root, const std::string& tmpName);
    ~OutputFolder(); // removes the temporary folder

    const std::filesystem::path& root() const { return root_; }
    // A fresh temporary path with extension `ext` (writers pick the format from it).
    std::filesystem::path tempPath(const std::string& ext);
    // Renames `temp` to `rel` (relative to the root), creating folders. Throws WriteFailure.
    void commit(const std::filesystem::path& temp, const std::string& rel);
    void write(const std::string& rel, const void* data, size_t size);
    void write(const std::string& rel, const std::string& text) {
        write(rel, text.data(), text.size());
    }
    void copyFile(const std::filesystem::path& from, const std::string& rel);
    bool exists(const std::string& rel) const; // false for a path leaving the folder
    // The content of `rel`, or none when it is missing, unreadable or leaves the folder.
    std::optional<std::string> read(const std::string& rel) const;
    // Makes every file written so far durable (syncfs). Throws WriteFailure.
    void sync() const;

private:
    // The one check on the writing side: `rel` must stay inside the folder (no absolute path,
    // no "..", no symlink out), else IoError "path leaves the output folder".
    std::filesystem::path target(const std::string& rel) const;

    std::filesystem::path root_, tmp_;
    ConfinedRoot confined_;
    std::atomic<uint64_t> counter_{0};
};

// A file of the output written piece by piece (the manifest, line by line) so that it is
// never held whole in memory: it grows under the temporary folder and lands as `rel` on
// commit(), atomically like every other file; dropped when not committed.
class StreamedFile {
public:
    StreamedFile(OutputFolder& folder, std::string rel);
    ~StreamedFile();
    StreamedFile(const StreamedFile&) = delete;
    StreamedFile& operator=(const StreamedFile&) = delete;

    void append(std::string_view text); // throws WriteFailure
    void commit();                      // throws WriteFailure

private:
    [[noreturn]] void fail(int err);

    OutputFolder& folder_;
    std::string rel_;
    std::filesystem::path temp_;
    std::FILE* file_ = nullptr;
};

} // namespace augstudio::core

#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace augstudio::core {

// The one way a file is written in place: the bytes go to a temporary name, are flushed to
// the disk (fsync), then renamed over the target, so a reader never sees half a file and an
// interrupted write leaves the old one. Throws IoError naming the target and the reason
// (the errno text: "No space left on device", "Permission denied", ...).
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

// The two halves, for callers that keep their temporary files elsewhere (the export's
// .augstudio/tmp): writes `temp`, fsynced when `sync` says so (the export syncs its outputs
// in batches instead, see OutputFolder::sync); renames `temp` to `target` (removing `temp`
// when that fails). Both throw IoError naming `reportAs` (the target) and the reason.
enum class Sync { now, later };
void writeTemporary(const std::filesystem::path& temp, std::string_view bytes,
                    const std::filesystem::path& reportAs, Sync sync);
void renameIntoPlace(const std::filesystem::path& temp, const std::filesystem::path& target);

// A temporary name beside `file` unique to this process and call.
std::filesystem::path temporaryNameFor(const std::filesystem::path& file);

} // namespace augstudio::core

#pragma once

#include "core/sample/sample.h"
#include "core/util/readlimits.h"

#include <filesystem>

namespace augstudio::core {

struct AudioFile {
    AudioSample sample;
    int format = 0; // libsndfile SF_FORMAT_* (container | subtype), kept for writing back
};

// Reads any file libsndfile decodes (WAV 8/16/24/32-bit int and float, FLAC, OGG, MP3 where
// supported) into planar float. Throws IoError naming the file and the reason: longer than
// `limits.maxAudioSeconds`, "no audio frames", or "truncated: header declares N frames,
// file holds M" (a WAV / AIFF whose data chunk is cut short).
AudioFile readAudioFile(const std::filesystem::path& file, const ReadLimits& limits = {});
// Writes with `format` (0: chosen from the extension, 16-bit PCM for WAV). Throws IoError.
void writeAudioFile(const std::filesystem::path& file, const AudioSample& sample, int format = 0);
// Header only (no decoding): what a dataset scan shows. Throws IoError, also for a clip
// with no frames or a truncated WAV / AIFF (as readAudioFile).
struct AudioInfo {
    int64_t frames = 0;
    int sampleRate = 0;
    int channels = 0;
    int format = 0;
};
AudioInfo probeAudioFile(const std::filesystem::path& file);
bool isAudioExtension(const std::filesystem::path& file);

} // namespace augstudio::core

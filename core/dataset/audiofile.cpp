#include "core/dataset/audiofile.h"

#include "core/util/error.h"

namespace augstudio::core {

// Placeholder until the audio engine lands (issue 3).
AudioFile readAudioFile(const std::filesystem::path& file) {
    throw IoError(file.string(), "audio reading is not built yet");
}
void writeAudioFile(const std::filesystem::path& file, const AudioSample&, int) {
    throw IoError(file.string(), "audio writing is not built yet");
}
AudioInfo probeAudioFile(const std::filesystem::path& file) {
    throw IoError(file.string(), "audio probing is not built yet");
}
bool isAudioExtension(const std::filesystem::path&) { return false; }

} // namespace augstudio::core

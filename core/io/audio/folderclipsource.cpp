#include "core/io/audio/folderclipsource.h"

#include "core/io/audio/audiofile.h"
#include "core/util/error.h"
#include "core/util/mediafolder.h"

#include <algorithm>
#include <filesystem>

namespace augstudio::core {

namespace fs = std::filesystem;

std::vector<std::string> FolderClipSource::list(const std::string& folder) const {
    return readableFilesIn(
        folder,
        [](const fs::path& path) {
            return isAudioExtension(path) && probeAudioFile(path).channels > 0;
        },
        "holds no readable audio clip (wav, flac, ogg, mp3, ...)");
}

std::shared_ptr<const AudioSample> FolderClipSource::load(const std::string& folder,
                                                          const std::string& name) const {
    const fs::path file = fs::path(folder) / name;
    if (name.empty() || fs::path(name).filename() != fs::path(name) || name == "." || name == "..")
        throw IoError(file.string(), "not a clip of the folder " + folder);
    const AudioInfo info = probeAudioFile(file);
    if (info.sampleRate > 0 && double(info.frames) / info.sampleRate > limits_.maxAudioSeconds)
        throw IoError(file.string(),
                      "longer than the limit of " + std::to_string(limits_.maxAudioSeconds) + " s");
    AudioFile read = readAudioFile(file, limits_);
    return std::make_shared<const AudioSample>(std::move(read.sample));
}

} // namespace augstudio::core

#include "core/io/audio/folderclipsource.h"

#include "core/io/audio/audiofile.h"
#include "core/util/error.h"

#include <algorithm>
#include <filesystem>

namespace augstudio::core {

namespace fs = std::filesystem;

std::vector<std::string> FolderClipSource::list(const std::string& folder) const {
    if (folder.empty())
        throw Error("folder", "no folder given");
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(folder, "no such folder");
    std::vector<std::string> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec) || !isAudioExtension(it->path()))
            continue;
        try {
            if (probeAudioFile(it->path()).channels > 0)
                files.push_back(it->path().filename().string());
        } catch (const Error&) {
            // an unreadable file is skipped; an all-unreadable folder is refused below
        }
    }
    if (files.empty())
        throw Error(folder, "holds no readable audio clip (wav, flac, ogg, mp3, ...)");
    std::sort(files.begin(), files.end());
    return files;
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

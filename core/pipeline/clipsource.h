#pragma once

#include "core/pipeline/imagefilesource.h"
#include "core/sample/sample.h"

#include <memory>
#include <string>
#include <vector>

namespace augstudio::core {

// Where audio.background_noise and audio.impulse_response get their clips: transforms never
// open files, so the caller that loads a pipeline provides the source (core/io's
// FolderClipSource reads a folder of audio files within the run's read limits; a test or a
// Python caller may serve clips from memory).
class ClipSource {
public:
    virtual ~ClipSource() = default;
    // The clip names of `folder`, sorted; throws Error naming the folder when it is missing
    // or holds no readable clip.
    virtual std::vector<std::string> list(const std::string& folder) const = 0;
    // The clip `name` of `folder` at its own rate; throws IoError when it cannot be read.
    virtual std::shared_ptr<const AudioSample> load(const std::string& folder,
                                                    const std::string& name) const = 0;
};

// What a pipeline may need while it is built (before any sample runs).
struct LoadContext {
    std::shared_ptr<const ClipSource> clips;
    std::shared_ptr<const ImageFileSource> images;
};

} // namespace augstudio::core

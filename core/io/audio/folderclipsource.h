#pragma once

#include "core/pipeline/clipsource.h"
#include "core/util/readlimits.h"

namespace augstudio::core {

// Clips read from a folder of audio files (wav, flac, ogg, mp3, ...), within the read
// limits of the run. A clip name is a file name of that folder, never a path: a name from
// a replayed manifest cannot make it read elsewhere.
class FolderClipSource : public ClipSource {
public:
    explicit FolderClipSource(const ReadLimits& limits = {}) : limits_(limits) {}
    std::vector<std::string> list(const std::string& folder) const override;
    std::shared_ptr<const AudioSample> load(const std::string& folder,
                                            const std::string& name) const override;

private:
    ReadLimits limits_;
};

} // namespace augstudio::core

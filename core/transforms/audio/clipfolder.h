#pragma once

#include "core/transforms/audio/dsp.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace augstudio::core {

// The clips of a folder (noise recordings, impulse responses): listed once when the
// transform is built, read on first use and kept (up to 256 clips), resampled per sample
// rate. Thread safe.
class ClipFolder {
public:
    // Throws Error naming the folder when it is missing or holds no readable audio clip.
    explicit ClipFolder(std::string folder);
    size_t size() const { return files_.size(); }
    const std::string& name(size_t index) const { return files_.at(index); }
    const std::string& folder() const { return folder_; }
    // The clip called `name` at `sampleRate`; throws IoError when it cannot be read.
    std::shared_ptr<const dsp::Channels> load(const std::string& name, int sampleRate) const;

private:
    static constexpr size_t kMaxCached = 256;
    std::string folder_;
    std::vector<std::string> files_;
    mutable std::mutex mutex_;
    mutable std::map<std::pair<std::string, int>, std::shared_ptr<const dsp::Channels>> cache_;
};

} // namespace augstudio::core

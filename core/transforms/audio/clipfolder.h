#pragma once

#include "core/pipeline/clipsource.h"
#include "core/transforms/audio/dsp.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace augstudio::core {

// The clips of one folder of a ClipSource (noise recordings, impulse responses): listed once
// when the transform is built, fetched on first use and kept resampled per sample rate (up to
// 256 clips). Thread safe.
class ClipFolder {
public:
    // Throws Error when no source was given at load, or the source has no clip in `folder`.
    ClipFolder(std::shared_ptr<const ClipSource> source, std::string folder);
    size_t size() const { return files_.size(); }
    const std::string& name(size_t index) const { return files_.at(index); }
    const std::string& folder() const { return folder_; }
    // The clip called `name` at `sampleRate`; throws IoError when it cannot be read.
    std::shared_ptr<const dsp::Channels> load(const std::string& name, int sampleRate) const;

private:
    static constexpr size_t kMaxCached = 256;
    std::shared_ptr<const ClipSource> source_;
    std::string folder_;
    std::vector<std::string> files_;
    mutable std::mutex mutex_;
    mutable std::map<std::pair<std::string, int>, std::shared_ptr<const dsp::Channels>> cache_;
};

} // namespace augstudio::core

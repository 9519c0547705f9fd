#include "core/transforms/audio/clipfolder.h"

#include "core/util/error.h"

namespace augstudio::core {

namespace {
std::vector<std::string> listClips(const ClipSource* source, const std::string& folder) {
    if (!source)
        throw Error(folder, "no clip source: this pipeline was loaded without access to clip "
                            "folders");
    return source->list(folder);
}
} // namespace

ClipFolder::ClipFolder(std::shared_ptr<const ClipSource> source, std::string folder)
    : source_(std::move(source)), folder_(std::move(folder)),
      files_(listClips(source_.get(), folder_)) {}

std::shared_ptr<const dsp::Channels> ClipFolder::load(const std::string& name,
                                                      int sampleRate) const {
    const auto key = std::make_pair(name, sampleRate);
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(key); it != cache_.end())
            return it->second;
    }
    // Fetched outside the lock: two threads may both fetch a clip once, never block each other.
    const auto clip = source_->load(folder_, name);
    auto resampled = std::make_shared<const dsp::Channels>(
        dsp::resample(clip->channels, clip->sampleRate, sampleRate));
    std::lock_guard lock(mutex_);
    // Bounded: a folder of thousands of clips must not end up wholly in memory.
    if (cache_.size() >= kMaxCached)
        cache_.clear();
    return cache_.emplace(key, std::move(resampled)).first->second;
}

} // namespace augstudio::core

#include "core/transforms/audio/clipfolder.h"

#include "core/io/audio/audiofile.h"
#include "core/util/error.h"

#include <filesystem>

namespace augstudio::core {

ClipFolder::ClipFolder(std::string folder)
    : folder_(std::move(folder)), files_(dsp::listAudioFolder(folder_)) {}

std::shared_ptr<const dsp::Channels> ClipFolder::load(const std::string& name,
                                                      int sampleRate) const {
    const auto key = std::make_pair(name, sampleRate);
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(key); it != cache_.end())
            return it->second;
    }
    // Read outside the lock: two threads may both read a clip once, never block each other.
    AudioFile file = readAudioFile(std::filesystem::path(folder_) / name);
    auto clip = std::make_shared<const dsp::Channels>(
        dsp::resample(file.sample.channels, file.sample.sampleRate, sampleRate));
    std::lock_guard lock(mutex_);
    // Bounded: a folder of thousands of clips must not end up wholly in memory.
    if (cache_.size() >= kMaxCached)
        cache_.clear();
    return cache_.emplace(key, std::move(clip)).first->second;
}

} // namespace augstudio::core

#include "core/transforms/image/imagefolder.h"

#include "core/util/error.h"

namespace augstudio::core {

namespace {
std::vector<std::string> listImages(const ImageFileSource* source, const std::string& folder) {
    if (!source)
        throw Error(folder, "no image source: this pipeline was loaded without access to image "
                            "folders");
    return source->list(folder);
}
} // namespace

ImageFolder::ImageFolder(std::shared_ptr<const ImageFileSource> source, std::string folder)
    : source_(std::move(source)), folder_(std::move(folder)),
      files_(listImages(source_.get(), folder_)) {}

std::shared_ptr<const ImageSample> ImageFolder::load(const std::string& name) const {
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(name); it != cache_.end())
            return it->second;
    }
    // Decoded outside the lock: two threads may both decode an image once, never block.
    auto image = source_->load(folder_, name);
    std::lock_guard lock(mutex_);
    // Bounded: a folder of thousands of images must not end up wholly in memory.
    if (cache_.size() >= kMaxCached)
        cache_.clear();
    return cache_.emplace(name, std::move(image)).first->second;
}

} // namespace augstudio::core

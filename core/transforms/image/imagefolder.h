#pragma once

#include "core/pipeline/imagefilesource.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace augstudio::core {

// The images of one folder of an ImageFileSource (reference images, templates, overlay
// elements): listed once when the transform is built, decoded on first use and kept (up to
// 64 images). Thread safe.
class ImageFolder {
public:
    // Throws Error when no source was given at load, or the source has no image in `folder`.
    ImageFolder(std::shared_ptr<const ImageFileSource> source, std::string folder);
    size_t size() const { return files_.size(); }
    const std::string& name(size_t index) const { return files_.at(index); }
    const std::vector<std::string>& names() const { return files_; }
    const std::string& folder() const { return folder_; }
    // The image called `name`; throws IoError naming the file when it cannot be read.
    std::shared_ptr<const ImageSample> load(const std::string& name) const;

private:
    static constexpr size_t kMaxCached = 64;
    std::shared_ptr<const ImageFileSource> source_;
    std::string folder_;
    std::vector<std::string> files_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::shared_ptr<const ImageSample>> cache_;
};

} // namespace augstudio::core

#pragma once

#include "core/sample/sample.h"

#include <memory>
#include <string>
#include <vector>

namespace augstudio::core {

// Where the reference-image transforms (image.fda, image.template_transform,
// image.overlay_elements, ...) get images named by a folder parameter: transforms never open
// files, so the caller that loads a pipeline provides the source (core/io's
// FolderImageSource decodes a folder of image files within the run's read limits; a test or
// a Python caller may serve images from memory).
class ImageFileSource {
public:
    virtual ~ImageFileSource() = default;
    // The image file names of `folder`, sorted; throws Error naming the folder when it is
    // missing or holds no readable image.
    virtual std::vector<std::string> list(const std::string& folder) const = 0;
    // The image `name` of `folder`, decoded (depth and channels kept); throws IoError naming
    // the file when it cannot be read.
    virtual std::shared_ptr<const ImageSample> load(const std::string& folder,
                                                    const std::string& name) const = 0;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/imagefilesource.h"
#include "core/util/readlimits.h"

namespace augstudio::core {

// Images read from a folder of image files (png, jpeg, bmp, webp, tiff, pnm) through the
// image codecs, within the pixel limit of the run. A name is a file name of that folder,
// never a path: a name from a replayed manifest cannot make it read elsewhere.
class FolderImageSource : public ImageFileSource {
public:
    explicit FolderImageSource(const ReadLimits& limits = {}) : limits_(limits) {}
    std::vector<std::string> list(const std::string& folder) const override;
    std::shared_ptr<const ImageSample> load(const std::string& folder,
                                            const std::string& name) const override;

private:
    ReadLimits limits_;
};

} // namespace augstudio::core

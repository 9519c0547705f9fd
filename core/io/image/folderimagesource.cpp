#include "core/io/image/folderimagesource.h"

#include "core/io/image/imagefile.h"
#include "core/util/error.h"
#include "core/util/mediafolder.h"

#include <algorithm>
#include <filesystem>

namespace augstudio::core {

namespace fs = std::filesystem;

std::vector<std::string> FolderImageSource::list(const std::string& folder) const {
    return readableFilesIn(
        folder,
        [](const fs::path& path) { return isImageExtension(path) && probeImage(path).width > 0; },
        "holds no readable image (png, jpeg, bmp, webp, tiff, pnm)");
}

std::shared_ptr<const ImageSample> FolderImageSource::load(const std::string& folder,
                                                           const std::string& name) const {
    const fs::path file = fs::path(folder) / name;
    if (name.empty() || fs::path(name).filename() != fs::path(name) || name == "." || name == "..")
        throw IoError(file.string(), "not an image of the folder " + folder);
    ImageSample read = readImage(file, {limits_.maxMegapixels});
    if (read.image.empty())
        throw IoError(file.string(), "cannot decode: no pixels");
    return std::make_shared<const ImageSample>(std::move(read));
}

} // namespace augstudio::core

#include "core/io/image/folderimagesource.h"

#include "core/io/image/imagefile.h"
#include "core/util/error.h"

#include <algorithm>
#include <filesystem>

namespace augstudio::core {

namespace fs = std::filesystem;

std::vector<std::string> FolderImageSource::list(const std::string& folder) const {
    if (folder.empty())
        throw Error("folder", "no folder given");
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(folder, "no such folder");
    std::vector<std::string> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec) || !isImageExtension(it->path()))
            continue;
        try {
            if (probeImage(it->path()).width > 0)
                files.push_back(it->path().filename().string());
        } catch (const Error&) {
            // an unreadable file is skipped; an all-unreadable folder is refused below
        }
    }
    if (files.empty())
        throw Error(folder, "holds no readable image (png, jpeg, bmp, webp, tiff, pnm)");
    std::sort(files.begin(), files.end());
    return files;
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

#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace augstudio::core {

// The names of the files directly in `folder` that `readable` accepts, sorted (the clip and
// image folders of transforms). A file `readable` throws Error for is skipped; a folder that
// is missing, or holds no readable file, is refused with Error(folder, noneReadable).
std::vector<std::string>
readableFilesIn(const std::string& folder,
                const std::function<bool(const std::filesystem::path&)>& readable,
                const std::string& noneReadable);

} // namespace augstudio::core

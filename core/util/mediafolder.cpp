#include "core/util/mediafolder.h"

#include "core/util/error.h"

#include <algorithm>

namespace augstudio::core {

namespace fs = std::filesystem;

std::vector<std::string> readableFilesIn(const std::string& folder,
                                         const std::function<bool(const fs::path&)>& readable,
                                         const std::string& noneReadable) {
    if (folder.empty())
        throw Error("folder", "no folder given");
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(folder, "no such folder");
    std::vector<std::string> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec))
            continue;
        try {
            if (readable(it->path()))
                files.push_back(it->path().filename().string());
        } catch (const Error&) {
            // an unreadable file is skipped; an all-unreadable folder is refused below
        }
    }
    if (files.empty())
        throw Error(folder, noneReadable);
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace augstudio::core

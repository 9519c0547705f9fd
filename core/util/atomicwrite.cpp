#include "core/util/atomicwrite.h"

#include "core/util/error.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace augstudio::core {

namespace fs = std::filesystem;

fs::path temporaryNameFor(const fs::path& file) {
    static std::atomic<unsigned long> counter{0};
    fs::path tmp = file;
    tmp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    return tmp;
}

void writeTemporary(const fs::path& temp, std::string_view bytes, const fs::path& reportAs,
                    Sync sync) {
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw IoError(reportAs.string(), std::string("cannot write: ") + std::strerror(errno));
    size_t done = 0;
    int err = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err = n < 0 ? errno : ENOSPC;
            break;
        }
        done += size_t(n);
    }
    // Synced now: before the rename, so after a power cut the target is the old or the new
    // file. Synced later: the caller syncs before anything vouches for the file.
    if (err == 0 && sync == Sync::now && ::fsync(fd) != 0)
        err = errno;
    if (::close(fd) != 0 && err == 0)
        err = errno;
    if (err != 0) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw IoError(reportAs.string(), std::string("cannot write: ") + std::strerror(err));
    }
}

void renameIntoPlace(const fs::path& temp, const fs::path& target) {
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw IoError(target.string(), "cannot move the written file into place: " + ec.message());
    }
}

void writeFileAtomically(const fs::path& file, std::string_view bytes) {
    const fs::path temp = temporaryNameFor(file);
    writeTemporary(temp, bytes, file, Sync::now);
    renameIntoPlace(temp, file);
}

} // namespace augstudio::core

#include "core/export/outputfolder.h"

#include "core/util/atomicwrite.h"
#include "core/util/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace augstudio::core {

namespace fs = std::filesystem;

namespace {

std::string writeError(const fs::path& target, int err) {
    return target.string() + ": cannot write: " +
           (err != 0 ? std::string(std::strerror(err)) : std::string("disk full or no permission"));
}

} // namespace

OutputFolder::OutputFolder(fs::path root, const std::string& tmpName)
    : root_(std::move(root)), tmp_(root_ / ".augstudio" / "tmp" / tmpName), confined_(root_) {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
    fs::create_directories(tmp_, ec);
    if (ec)
        throw WriteFailure(tmp_.string() + ": cannot create: " + ec.message());
}

OutputFolder::~OutputFolder() {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
    fs::remove(tmp_.parent_path(), ec); // only when no other shard is using it
}

fs::path OutputFolder::tempPath(const std::string& ext) {
    return tmp_ / (std::to_string(counter_++) + ext);
}

fs::path OutputFolder::target(const std::string& rel) const {
    if (auto inside = confined_.resolve(fs::path(rel)))
        return *inside;
    throw IoError(rel, "path leaves the output folder; not written");
}

void OutputFolder::commit(const fs::path& temp, const std::string& rel) {
    std::error_code ec;
    fs::path target;
    try {
        target = this->target(rel);
    } catch (const IoError&) {
        fs::remove(temp, ec);
        throw;
    }
    fs::create_directories(target.parent_path(), ec);
    try {
        renameIntoPlace(temp, target);
    } catch (const IoError& e) {
        throw WriteFailure(target.string() + ": cannot write: " + e.reason());
    }
}

void OutputFolder::write(const std::string& rel, const void* data, size_t size) {
    const fs::path temp = tempPath(fs::path(rel).extension().string());
    try {
        writeTemporary(temp, std::string_view(static_cast<const char*>(data), size), root_ / rel,
                       Sync::later);
    } catch (const IoError& e) {
        throw WriteFailure(e.what());
    }
    commit(temp, rel);
}

void OutputFolder::copyFile(const fs::path& from, const std::string& rel) {
    const fs::path temp = tempPath(from.extension().string());
    std::error_code ec;
    fs::copy_file(from, temp, fs::copy_options::overwrite_existing, ec);
    if (ec) {
        std::string reason = ec.message(); // before remove() reuses ec
        // copy_file's kernel copy reports a full disk as an I/O error on some file systems.
        std::error_code sizeEc, spaceEc;
        const auto need = fs::file_size(from, sizeEc);
        const auto space = fs::space(temp.parent_path(), spaceEc);
        if (!sizeEc && !spaceEc && space.available < need + 65536)
            reason = "No space left on device";
        fs::remove(temp, ec);
        throw WriteFailure((root_ / rel).string() + ": cannot copy: " + reason);
    }
    commit(temp, rel);
}

bool OutputFolder::exists(const std::string& rel) const {
    const auto inside = confined_.resolve(fs::path(rel));
    std::error_code ec;
    return inside && fs::exists(*inside, ec);
}

std::optional<std::string> OutputFolder::read(const std::string& rel) const {
    const auto inside = confined_.resolve(fs::path(rel));
    if (!inside)
        return std::nullopt;
    std::ifstream f(*inside, std::ios::binary);
    if (!f)
        return std::nullopt;
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad())
        return std::nullopt;
    return text;
}

void OutputFolder::sync() const {
    const int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = fd < 0 ? errno : 0;
    if (fd >= 0) {
        if (::syncfs(fd) != 0)
            err = errno;
        ::close(fd);
    }
    if (err != 0)
        throw WriteFailure(root_.string() +
                           ": cannot sync the written files: " + std::strerror(err));
}

StreamedFile::StreamedFile(OutputFolder& folder, std::string rel)
    : folder_(folder), rel_(std::move(rel)),
      temp_(folder.tempPath(fs::path(rel_).extension().string())),
      file_(std::fopen(temp_.c_str(), "wb")) {
    if (!file_)
        fail(errno);
}

StreamedFile::~StreamedFile() {
    if (file_) {
        std::fclose(file_);
        std::error_code ec;
        fs::remove(temp_, ec);
    }
}

void StreamedFile::append(std::string_view text) {
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
        fail(errno);
}

void StreamedFile::commit() {
    errno = 0;
    const bool flushed = std::fflush(file_) == 0;
    const int err = errno;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!flushed || !closed) {
        std::error_code ec;
        fs::remove(temp_, ec);
        throw WriteFailure(writeError(folder_.root() / rel_, flushed ? errno : err));
    }
    folder_.commit(temp_, rel_);
}

void StreamedFile::fail(int err) {
    throw WriteFailure(writeError(folder_.root() / rel_, err));
}

} // namespace augstudio::core

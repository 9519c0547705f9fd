// A full disk without a mount: preloaded into a process (LD_PRELOAD), this library lets it
// write AUGSTUDIO_DISKFULL_BYTES bytes to regular files in total and then fails every further
// write to a regular file with ENOSPC, as a full file system does. Pipes (stdout, stderr)
// are never counted. Used by tst_reliability_diskfull; the calls wrapped are those the
// engine's writers reach: write/pwrite/writev (std::ofstream), fwrite/fputs/fputc (stdio
// buffers its own writes inside glibc, out of reach) and sendfile/copy_file_range
// (std::filesystem::copy_file).
#include <dlfcn.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<long long> written{0};

long long budget() {
    static const long long b = [] {
        const char* e = std::getenv("AUGSTUDIO_DISKFULL_BYTES");
        return e ? std::atoll(e) : -1;
    }();
    return b;
}

bool regularFile(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

// True when `bytes` more may be written to fd; counts them. Sets ENOSPC otherwise.
bool admit(int fd, long long bytes) {
    if (budget() < 0 || bytes <= 0 || !regularFile(fd))
        return true;
    if (written.fetch_add(bytes) + bytes > budget()) {
        written.fetch_sub(bytes);
        errno = ENOSPC;
        return false;
    }
    return true;
}

template <class F> F real(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t n) {
    static const auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
    return admit(fd, (long long)n) ? next(fd, buf, n) : -1;
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
    static const auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
    return admit(fd, (long long)n) ? next(fd, buf, n, offset) : -1;
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t offset) {
    static const auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite64");
    return admit(fd, (long long)n) ? next(fd, buf, n, offset) : -1;
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
    static const auto next = real<ssize_t (*)(int, const struct iovec*, int)>("writev");
    long long n = 0;
    for (int i = 0; i < count; ++i)
        n += (long long)iov[i].iov_len;
    return admit(fd, n) ? next(fd, iov, count) : -1;
}

size_t fwrite(const void* buf, size_t size, size_t count, FILE* f) {
    static const auto next = real<size_t (*)(const void*, size_t, size_t, FILE*)>("fwrite");
    return admit(fileno(f), (long long)(size * count)) ? next(buf, size, count, f) : 0;
}

int fputs(const char* s, FILE* f) {
    static const auto next = real<int (*)(const char*, FILE*)>("fputs");
    return admit(fileno(f), (long long)std::strlen(s)) ? next(s, f) : EOF;
}

int fputc(int c, FILE* f) {
    static const auto next = real<int (*)(int, FILE*)>("fputc");
    return admit(fileno(f), 1) ? next(c, f) : EOF;
}

ssize_t sendfile(int out, int in, off_t* offset, size_t n) {
    static const auto next = real<ssize_t (*)(int, int, off_t*, size_t)>("sendfile");
    return admit(out, (long long)n) ? next(out, in, offset, n) : -1;
}

ssize_t sendfile64(int out, int in, off_t* offset, size_t n) {
    static const auto next = real<ssize_t (*)(int, int, off_t*, size_t)>("sendfile64");
    return admit(out, (long long)n) ? next(out, in, offset, n) : -1;
}

ssize_t copy_file_range(int in, off_t* inOffset, int out, off_t* outOffset, size_t n,
                        unsigned flags) {
    static const auto next =
        real<ssize_t (*)(int, off_t*, int, off_t*, size_t, unsigned)>("copy_file_range");
    return admit(out, (long long)n) ? next(in, inOffset, out, outOffset, n, flags) : -1;
}

} // extern "C"

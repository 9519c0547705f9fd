#pragma once

// Writes a fuzz input to a private temporary file so readers that take a path can be fuzzed.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace augstudio::fuzz {

class TempFile {
public:
    TempFile(const uint8_t* data, size_t size, const std::string& name) {
        dir_ =
            std::filesystem::temp_directory_path() / ("augstudio-fuzz-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir_);
        path_ = dir_ / name;
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_, path_;
};

} // namespace augstudio::fuzz

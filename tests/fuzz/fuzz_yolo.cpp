// YOLO labels and data.yaml: a dataset of one image whose label file (and data.yaml) are the
// fuzz input; scanning and loading the item must report, never crash.
#include "core/dataset/dataset.h"
#include "core/util/error.h"

#include <opencv2/imgcodecs.hpp>

#include <cstring>
#include <fstream>
#include <unistd.h>

using namespace augstudio::core;
namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fs::path root = [] {
        fs::path r =
            fs::temp_directory_path() / ("augstudio-fuzz-yolo-" + std::to_string(getpid()));
        fs::create_directories(r / "images");
        fs::create_directories(r / "labels");
        cv::imwrite((r / "images" / "a.png").string(),
                    cv::Mat(16, 20, CV_8UC3, cv::Scalar(1, 2, 3)));
        return r;
    }();
    // Split the input at the first NUL: label text, then data.yaml.
    const uint8_t* cut = static_cast<const uint8_t*>(memchr(data, 0, size));
    const size_t labelSize = cut ? size_t(cut - data) : size;
    std::ofstream(root / "labels" / "a.txt", std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), std::streamsize(labelSize));
    std::ofstream yaml(root / "data.yaml", std::ios::binary | std::ios::trunc);
    if (cut)
        yaml.write(reinterpret_cast<const char*>(cut + 1), std::streamsize(size - labelSize - 1));
    yaml.close();
    try {
        const Dataset d = scanDataset(root, {{}, 1});
        for (const auto& item : d.items)
            loadItem(d, item, {});
    } catch (const Error&) {
    }
    return 0;
}

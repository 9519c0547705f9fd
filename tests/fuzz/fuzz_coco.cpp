// COCO annotation JSON: any bytes as annotations/instances.json beside one image must be
// reported or loaded, never crash.
#include "core/dataset/dataset.h"
#include "core/util/error.h"

#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <unistd.h>

using namespace augstudio::core;
namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fs::path root = [] {
        fs::path r =
            fs::temp_directory_path() / ("augstudio-fuzz-coco-" + std::to_string(getpid()));
        fs::create_directories(r / "annotations");
        fs::create_directories(r / "images");
        cv::imwrite((r / "images" / "a.png").string(),
                    cv::Mat(16, 20, CV_8UC3, cv::Scalar(1, 2, 3)));
        return r;
    }();
    std::ofstream(root / "annotations" / "instances.json", std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), std::streamsize(size));
    try {
        const Dataset d = scanDataset(root, {{}, 1});
        for (const auto& item : d.items)
            loadItem(d, item, {});
    } catch (const Error&) {
    }
    return 0;
}

// consumer PIPELINE.json: runs the pipeline on a 2 x 3 grey ramp and prints the result's
// pixels and the drawn steps, as a training loop linking augstudio::core would.
#include "core/catalog/builtin.h"
#include "core/pipeline/pipeline.h"
#include "core/sample/sample.h"

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: consumer PIPELINE.json\n";
        return 2;
    }
    using namespace augstudio::core;
    const Pipeline pipeline = loadPipeline(argv[1]);
    ImageSample image;
    image.image = (cv::Mat_<uint8_t>(2, 3) << 0, 1, 2, 3, 4, 5);
    Sample sample = image;
    const RunResult result = pipeline.run(sample, 7);
    const cv::Mat& out = std::get<ImageSample>(sample).image;
    for (int r = 0; r < out.rows; ++r)
        for (int c = 0; c < out.cols; ++c)
            std::cout << int(out.at<uint8_t>(r, c)) << (c + 1 < out.cols ? " " : "\n");
    std::cout << result.stepsJson().dump() << '\n';
    return 0;
}

// The pipeline JSON loader: any bytes must give a Pipeline or a PipelineError, never a crash;
// a loaded pipeline must run on a small sample of its modality and save to a document that
// loads back to itself.
#include "core/catalog/builtin.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"

#include <cstdint>

using namespace augstudio::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nlohmann::json doc = nlohmann::json::parse(data, data + size, nullptr, false);
    if (doc.is_discarded())
        return 0;
    try {
        const Pipeline p = pipelineFromJson(doc);
        if (pipelineFromJson(p.toJson()).toJson() != p.toJson())
            __builtin_trap();
        Sample s;
        switch (p.modality()) {
        case Modality::Image:
            s = ImageSample{cv::Mat(8, 8, CV_8UC3, cv::Scalar(10, 120, 240)),
                            {},
                            {{1, 1, 5, 5, 0}},
                            {},
                            0.3,
                            ""};
            break;
        case Modality::Audio:
            s = AudioSample{{std::vector<float>(64, 0.25f)}, 8000, ""};
            break;
        case Modality::Series:
            s = SeriesSample{cv::Mat(16, 2, CV_64F, cv::Scalar(0.5)), {"a", "b"}, {}, ""};
            break;
        case Modality::Text:
            s = TextSample{"The quick brown fox jumps.", ""};
            break;
        }
        p.run(s, size);
    } catch (const Error&) {
    }
    return 0;
}

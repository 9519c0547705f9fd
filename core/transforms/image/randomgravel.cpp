#include "core/transforms/image/randomgravel.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace augstudio::core {

namespace {

constexpr int kPixelsPerParticle = 10;

// Sets the lightness of the particles' squares in the lightness plane `light` (levels up to
// `top`).
void strewGravel(cv::Mat& light, const nlohmann::json& patches, uint64_t seed, double top) {
    Rng rng(seed);
    const cv::Rect frame(0, 0, light.cols, light.rows);
    for (const nlohmann::json& p : patches) {
        const cv::Rect patch(p[0].get<int>(), p[1].get<int>(), p[2].get<int>(), p[3].get<int>());
        const int64_t count = int64_t(patch.area()) / kPixelsPerParticle;
        for (int64_t i = 0; i < count; ++i) {
            const int x = int(rng.integer(patch.x, patch.x + patch.width - 1));
            const int y = int(rng.integer(patch.y, patch.y + patch.height - 1));
            const int r = int(rng.integer(1, 3));
            const double level = rng.uniform() * top;
            const cv::Rect square = cv::Rect(x - r, y - r, 2 * r + 1, 2 * r + 1) & frame;
            light(square).setTo(cv::Scalar(level));
        }
    }
}

} // namespace

RandomGravel::RandomGravel(const ParamSet& p)
    : roi_(p.list("gravel_roi")), patches_(int(p.i("number_of_patches"))) {
    if (roi_.size() != 4 || !(roi_[0] < roi_[2]) || !(roi_[1] < roi_[3]) || roi_[0] < 0 ||
        roi_[1] < 0 || roi_[2] > 1 || roi_[3] > 1)
        throw std::invalid_argument("gravel_roi: expected [x1, y1, x2, y2] fractions of the "
                                    "image with 0 <= x1 < x2 <= 1 and 0 <= y1 < y2 <= 1");
}

Values RandomGravel::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json patches = nlohmann::json::array();
    const int x1 = int(roi_[0] * info.width), y1 = int(roi_[1] * info.height);
    const int x2 = std::max(x1 + 1, int(roi_[2] * info.width));
    const int y2 = std::max(y1 + 1, int(roi_[3] * info.height));
    const int maxW = std::max(1, (x2 - x1) / 2), maxH = std::max(1, (y2 - y1) / 2);
    if (info.width > 0 && info.height > 0)
        for (int i = 0; i < patches_; ++i) {
            const int w = int(rng.integer(1, maxW)), h = int(rng.integer(1, maxH));
            const int64_t x = rng.integer(x1, std::max(x1, x2 - w));
            const int64_t y = rng.integer(y1, std::max(y1, y2 - h));
            patches.push_back({x, y, w, h});
        }
    return makeValues({{"patches", std::move(patches)}, {"seed", pixel::drawSeed(rng)}});
}

void RandomGravel::applyTo(ImageSample& s, const Values& v) const {
    const nlohmann::json& patches = v.at("patches");
    const uint64_t seed = v.at("seed").get<uint64_t>();
    if (s.image.empty() || patches.empty())
        return;
    if (pixel::colourChannels(s.image) == 1) {
        strewGravel(s.image, patches, seed, pixel::maxValue(s.image.depth()));
        return;
    }
    // Lightness in HLS: 0-255 for 8-bit, 0-1 through float for the other depths.
    pixel::inColourSpace(s.image, cv::COLOR_BGR2HLS, cv::COLOR_HLS2BGR, [&](cv::Mat& hls) {
        cv::Mat light;
        cv::extractChannel(hls, light, 1);
        strewGravel(light, patches, seed, hls.depth() == CV_8U ? 255.0 : 1.0);
        cv::insertChannel(light, hls, 1);
    });
}

TransformInfo RandomGravel::info() {
    return pixel::info(
        "image.random_gravel",
        "Gravel particles in patches of a region of the image (Albumentations RandomGravel)",
        {floatListParam("gravel_roi", {0.1, 0.4, 0.9, 0.9}, 0, 1,
                        "region of the patches: x1, y1, x2, y2 as fractions of the image"),
         intParam("number_of_patches", 2, 1, 50, "gravel patches drawn in the region")},
        factoryOf<RandomGravel>());
}

} // namespace augstudio::core

#include "core/transforms/image/bandmasking.h"

#include "core/transforms/image/pixelops.h"

#include <algorithm>

namespace augstudio::core {

BandMasking::BandMasking(Kind kind, const ParamSet& p)
    : fill_(p.f("fill")), fillMask_(int(p.i("fill_mask"))) {
    switch (kind) {
    case Kind::Xy:
        countX_ = p.intRange("num_masks_x");
        countY_ = p.intRange("num_masks_y");
        lengthX_ = p.intRange("mask_x_length");
        lengthY_ = p.intRange("mask_y_length");
        break;
    case Kind::Time:
        countX_ = {1, 1};
        lengthX_ = {0, p.i("time_mask_param")};
        break;
    case Kind::Frequency:
        countY_ = {1, 1};
        lengthY_ = {0, p.i("freq_mask_param")};
        break;
    }
}

Values BandMasking::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json bands = nlohmann::json::array();
    // A band of drawn length at a drawn position; [x, y, width, height] of the image.
    auto drawBands = [&](const IntRange& count, const IntRange& length, bool columns) {
        const int extent = columns ? info.width : info.height;
        const int64_t n = rng.integer(count.lo, count.hi);
        for (int64_t i = 0; i < n; ++i) {
            const int len = int(std::min<int64_t>(rng.integer(length.lo, length.hi), extent));
            const int at = int(rng.integer(0, std::max(0, extent - len)));
            if (len <= 0)
                continue;
            bands.push_back(columns ? nlohmann::json{at, 0, len, info.height}
                                    : nlohmann::json{0, at, info.width, len});
        }
    };
    drawBands(countX_, lengthX_, true);
    drawBands(countY_, lengthY_, false);
    return {{"bands", bands}};
}

void BandMasking::applyTo(ImageSample& s, const Values& v) const {
    for (const nlohmann::json& band : v.at("bands")) {
        const cv::Rect r(band[0].get<int>(), band[1].get<int>(), band[2].get<int>(),
                         band[3].get<int>());
        pixel::fillRect(s.image, r, fill_);
        if (fillMask_ >= 0 && !s.mask.empty())
            s.mask(r & cv::Rect(0, 0, s.mask.cols, s.mask.rows)).setTo(fillMask_);
    }
}

TransformInfo BandMasking::info(Kind kind) {
    const ParamSpec fillMask = intParam("fill_mask", -1, -1, 65535,
                                        "mask value written in the bands (-1 leaves the mask "
                                        "alone)");
    TransformInfo t;
    switch (kind) {
    case Kind::Xy:
        t = pixel::info(
            "image.xy_masking",
            "Several bands of whole columns and whole rows filled (SpecAugment on images)",
            {intRangeParam("num_masks_x", 1, 2, 0, 100,
                           "column bands (x, time), count drawn from [lo, hi]"),
             intRangeParam("num_masks_y", 1, 2, 0, 100,
                           "row bands (y, frequency), count drawn from [lo, hi]"),
             intRangeParam("mask_x_length", 5, 20, 0, 16384,
                           "width of each column band drawn from [lo, hi]", "px"),
             intRangeParam("mask_y_length", 5, 20, 0, 16384,
                           "height of each row band drawn from [lo, hi]", "px"),
             pixel::holeFillParam(), fillMask},
            nullptr);
        break;
    case Kind::Time:
        t = pixel::info("image.time_masking",
                        "One band of whole columns filled (time masking of a spectrogram image)",
                        {intParam("time_mask_param", 40, 0, 16384,
                                  "largest band width; the width is drawn from [0, this]", "px"),
                         pixel::holeFillParam(), fillMask},
                        nullptr);
        break;
    case Kind::Frequency:
        t = pixel::info("image.frequency_masking",
                        "One band of whole rows filled (frequency masking of a spectrogram "
                        "image)",
                        {intParam("freq_mask_param", 30, 0, 16384,
                                  "largest band height; the height is drawn from [0, this]", "px"),
                         pixel::holeFillParam(), fillMask},
                        nullptr);
        break;
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<BandMasking>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

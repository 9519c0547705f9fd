#include "core/transforms/series/cropresize.h"

#include "core/transforms/series/seriesmath.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

SeriesCropResize::SeriesCropResize(const ParamSet& p)
    : size_(p.i("size")), cropRatio_(p.range("crop_ratio")) {}

Values SeriesCropResize::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t t = std::max<int64_t>(info.frames, 1);
    const double r = rng.uniform(cropRatio_.lo, cropRatio_.hi);
    const int64_t len = std::clamp<int64_t>(int64_t(std::ceil(r * double(t) - 1e-9)), 1, t);
    return {{"start", rng.integer(0, t - len)}, {"length", len}};
}

void SeriesCropResize::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    if (t == 0 || c == 0)
        return;
    const int64_t start = std::clamp<int64_t>(v.at("start").get<int64_t>(), 0, t - 1);
    const int64_t len = std::clamp<int64_t>(v.at("length").get<int64_t>(), 1, t - start);
    if (start == 0 && len == t && size_ == t)
        return;
    cv::Mat out(int(size_), int(c), CV_64FC1);
    const double* src = s.values.ptr<double>();
    double* dst = out.ptr<double>();
    const double lo = double(start), hi = double(start + len - 1);
    for (int64_t k = 0; k < c; ++k)
        seriesmath::resampleLinear(src + k, t, c, lo, hi, size_, dst + k, c);
    if (int64_t(s.timestamps.size()) == t) {
        std::vector<double> stamps(static_cast<size_t>(size_));
        seriesmath::resampleLinear(s.timestamps.data(), t, 1, lo, hi, size_, stamps.data(), 1);
        s.timestamps = std::move(stamps);
    } else {
        s.timestamps.clear();
    }
    s.values = out;
}

TransformInfo SeriesCropResize::info() {
    return {"series.crop_resize",
            Modality::Series,
            "temporal",
            "Crop a random window and resample it to a given length",
            {intParam("size", 128, 1, 10000000, "output length", "steps"),
             rangeParam("crop_ratio", 0.8, 1.0, 0.01, 1.0,
                        "fraction of the length cropped, a number or [lo, hi]", {}, 0.01)},
            0.5,
            factoryOf<SeriesCropResize>()};
}

} // namespace augstudio::core

#include "core/transforms/image/dropout.h"

#include "core/transforms/image/pixelops.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

cv::Rect holeRectOf(const nlohmann::json& hole) {
    return {hole[0].get<int>(), hole[1].get<int>(), hole[2].get<int>(), hole[3].get<int>()};
}

} // namespace

// --- coarse_dropout ----------------------------------------------------------------------

CoarseDropout::CoarseDropout(const ParamSet& p)
    : holes_(p.intRange("holes")), height_(p.range("hole_height")), width_(p.range("hole_width")),
      fill_(p.f("fill")) {}

Values CoarseDropout::draw(Rng& rng, const SampleInfo& info) const {
    // Built in place (no initializer lists): this draw's JSON is most of the step's cost.
    nlohmann::json holes(nlohmann::json::value_t::array);
    auto& list = holes.get_ref<nlohmann::json::array_t&>();
    const int64_t n = rng.integer(holes_.lo, holes_.hi);
    list.reserve(size_t(std::max<int64_t>(n, 0)));
    for (int64_t i = 0; i < n; ++i) {
        const int h =
            std::clamp(int(std::lround(rng.uniform(height_.lo, height_.hi) * info.height)), 1,
                       std::max(1, info.height));
        const int w = std::clamp(int(std::lround(rng.uniform(width_.lo, width_.hi) * info.width)),
                                 1, std::max(1, info.width));
        const int64_t x = rng.integer(0, std::max(0, info.width - w));
        const int64_t y = rng.integer(0, std::max(0, info.height - h));
        nlohmann::json hole(nlohmann::json::value_t::array);
        auto& xywh = hole.get_ref<nlohmann::json::array_t&>();
        xywh.reserve(4);
        xywh.emplace_back(x);
        xywh.emplace_back(y);
        xywh.emplace_back(w);
        xywh.emplace_back(h);
        list.push_back(std::move(hole));
    }
    Values v;
    v["holes"] = std::move(holes);
    return v;
}

void CoarseDropout::applyTo(ImageSample& s, const Values& v) const {
    for (const auto& hole : v.at("holes"))
        pixel::fillRect(s.image, holeRectOf(hole), fill_);
}

TransformInfo CoarseDropout::info() {
    return pixel::info(
        "image.coarse_dropout", "Cutout: fill random rectangles with a constant",
        {intRangeParam("holes", 1, 8, 0, 100, "number of rectangles, drawn from [lo, hi]", ""),
         rangeParam("hole_height", 0.05, 0.15, 0, 1,
                    "height of each rectangle drawn from [lo, hi], as a fraction of the image "
                    "height",
                    "", 0.01),
         rangeParam("hole_width", 0.05, 0.15, 0, 1,
                    "width of each rectangle drawn from [lo, hi], as a fraction of the image width",
                    "", 0.01),
         pixel::holeFillParam()},
        factoryOf<CoarseDropout>());
}

// --- random_erasing ----------------------------------------------------------------------

RandomErasing::RandomErasing(const ParamSet& p)
    : scale_(p.range("scale")), ratio_(p.range("ratio")), randomFill_(p.s("fill_mode") == "random"),
      fill_(p.f("fill")) {}

Values RandomErasing::draw(Rng& rng, const SampleInfo& info) const {
    const double area = double(info.width) * info.height;
    // torchvision: up to 10 attempts at a rectangle that fits; none fitting erases nothing.
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double erase = area * rng.uniform(scale_.lo, scale_.hi);
        const double aspect = std::exp(rng.uniform(std::log(ratio_.lo), std::log(ratio_.hi)));
        const int h = int(std::lround(std::sqrt(erase * aspect)));
        const int w = int(std::lround(std::sqrt(erase / aspect)));
        if (!(h < info.height && w < info.width) || h <= 0 || w <= 0)
            continue;
        const int64_t y = rng.integer(0, info.height - h);
        const int64_t x = rng.integer(0, info.width - w);
        return makeValues({{"h", h}, {"seed", pixel::drawSeed(rng)}, {"w", w}, {"x", x}, {"y", y}});
    }
    return makeValues({{"h", 0}, {"seed", 0}, {"w", 0}, {"x", 0}, {"y", 0}});
}

void RandomErasing::applyTo(ImageSample& s, const Values& v) const {
    const cv::Rect rect(v.at("x").get<int>(), v.at("y").get<int>(), v.at("w").get<int>(),
                        v.at("h").get<int>());
    if (rect.empty())
        return;
    if (!randomFill_) {
        pixel::fillRect(s.image, rect, fill_);
        return;
    }
    // Random fill: uniform levels over the depth's range from the drawn seed.
    cv::Mat roi = s.image(rect & cv::Rect(0, 0, s.image.cols, s.image.rows));
    const int cn = pixel::colourChannels(roi);
    cv::Mat noise(roi.size(), CV_32FC(cn));
    Rng rng(v.at("seed").get<uint64_t>());
    const double top = pixel::maxValue(roi.depth());
    for (auto it = noise.begin<float>(), end = noise.end<float>(); it != end; ++it)
        *it = float(rng.uniform(0.0, top));
    if (roi.channels() != 4) {
        noise.convertTo(roi, roi.depth());
        return;
    }
    cv::Mat typed;
    noise.convertTo(typed, roi.depth());
    const int fromTo[] = {0, 0, 1, 1, 2, 2};
    cv::mixChannels(&typed, 1, &roi, 1, fromTo, 3);
}

TransformInfo RandomErasing::info() {
    return pixel::info(
        "image.random_erasing", "torchvision RandomErasing: erase one random rectangle",
        {rangeParam("scale", 0.02, 0.33, 0, 1,
                    "erased area drawn from [lo, hi], as a fraction of the image area", "", 0.01),
         rangeParam("ratio", 0.3, 3.3, 0.01, 100,
                    "aspect ratio (height / width) drawn log-uniformly from [lo, hi]", "", 0.1),
         enumParam("fill_mode", "constant", {"constant", "random"},
                   "constant: the fill level; random: uniform noise (torchvision value='random')"),
         pixel::holeFillParam()},
        factoryOf<RandomErasing>());
}

// --- grid_dropout ------------------------------------------------------------------------

GridDropout::GridDropout(const ParamSet& p)
    : ratio_(p.f("ratio")), unit_(p.range("unit")), randomOffset_(p.b("random_offset")),
      fill_(p.f("fill")) {}

Values GridDropout::draw(Rng& rng, const SampleInfo& info) const {
    const int side = std::min(info.width, info.height);
    const int unit = std::max(2, int(std::lround(rng.uniform(unit_.lo, unit_.hi) * side)));
    const int hole = std::clamp(int(std::lround(unit * ratio_)), 1, unit);
    int64_t ox = 0, oy = 0;
    if (randomOffset_) {
        ox = rng.integer(0, unit - hole);
        oy = rng.integer(0, unit - hole);
    }
    return makeValues({{"hole", hole}, {"offset_x", ox}, {"offset_y", oy}, {"unit", unit}});
}

void GridDropout::applyTo(ImageSample& s, const Values& v) const {
    const int unit = v.at("unit").get<int>(), hole = v.at("hole").get<int>();
    const int ox = v.at("offset_x").get<int>(), oy = v.at("offset_y").get<int>();
    if (unit <= 0 || hole <= 0)
        return;
    for (int y = oy; y < s.image.rows; y += unit)
        for (int x = ox; x < s.image.cols; x += unit)
            pixel::fillRect(s.image, cv::Rect(x, y, hole, hole), fill_);
}

TransformInfo GridDropout::info() {
    return pixel::info(
        "image.grid_dropout", "Square holes on a regular grid",
        {floatParam("ratio", 0.5, 0.01, 1, "side of each hole as a fraction of the grid unit", "",
                    0.01),
         rangeParam("unit", 0.1, 0.2, 0.01, 1,
                    "grid unit drawn from [lo, hi], as a fraction of the shorter image side", "",
                    0.01),
         boolParam("random_offset", true, "shift the grid by a random offset inside a unit"),
         pixel::holeFillParam()},
        factoryOf<GridDropout>());
}

} // namespace augstudio::core

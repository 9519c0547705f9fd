#include "core/transforms/image/constrainedcoarsedropout.h"

#include "core/sample/imagetargets.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace augstudio::core {

namespace {

// "1, 3 7" -> {1, 3, 7}: integers separated by commas or spaces; empty is "any".
std::vector<double> parseIndexList(const std::string& text, const char* name) {
    std::vector<double> out;
    std::string token;
    auto flush = [&] {
        if (token.empty())
            return;
        size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(token, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != token.size() || v < 0)
            throw std::invalid_argument(std::string(name) +
                                        ": expected non-negative integers separated by commas, "
                                        "got '" +
                                        token + "'");
        out.push_back(double(v));
        token.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ' ' || c == '\t')
            flush();
        else
            token += c;
    }
    flush();
    return out;
}

} // namespace

ConstrainedCoarseDropout::ConstrainedCoarseDropout(const ParamSet& p)
    : holes_(p.intRange("holes")), height_(p.range("hole_height")), width_(p.range("hole_width")),
      fromBoxes_(p.s("source") == "boxes"),
      maskIndices_(parseIndexList(p.s("mask_indices"), "mask_indices")),
      boxClasses_(parseIndexList(p.s("box_classes"), "box_classes")), fill_(p.f("fill")),
      dropMask_(p.b("drop_mask")), fillMask_(p.f("fill_mask")) {}

std::vector<cv::Rect> ConstrainedCoarseDropout::objectsOf(const ImageSample& s) const {
    std::vector<cv::Rect> out;
    const cv::Rect frame(0, 0, s.image.cols, s.image.rows);
    if (fromBoxes_) {
        for (const BoundingBox& b : s.boxes) {
            if (!boxClasses_.empty() && std::find(boxClasses_.begin(), boxClasses_.end(),
                                                  double(b.classId)) == boxClasses_.end())
                continue;
            const cv::Rect r = geometry::boxPixels(b, frame);
            if (r.area() > 0)
                out.push_back(r);
        }
        return out;
    }
    if (s.mask.empty())
        return out;
    cv::Mat values;
    s.mask.convertTo(values, CV_32S);
    cv::Mat selected(values.size(), CV_8U, cv::Scalar(0));
    for (int y = 0; y < values.rows; ++y) {
        const int* row = values.ptr<int>(y);
        uint8_t* sel = selected.ptr<uint8_t>(y);
        for (int x = 0; x < values.cols; ++x)
            sel[x] = row[x] != 0 &&
                     (maskIndices_.empty() || std::find(maskIndices_.begin(), maskIndices_.end(),
                                                        double(row[x])) != maskIndices_.end());
    }
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(selected, labels, stats, centroids, 8, CV_32S);
    for (int i = 1; i < n; ++i)
        out.emplace_back(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                         stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    return out;
}

Values ConstrainedCoarseDropout::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json holes = nlohmann::json::array();
    const auto* image = info.sample ? std::get_if<ImageSample>(info.sample) : nullptr;
    const std::vector<cv::Rect> objects = image ? objectsOf(*image) : std::vector<cv::Rect>{};
    if (!objects.empty()) {
        const int64_t n = rng.integer(holes_.lo, holes_.hi);
        for (int64_t i = 0; i < n; ++i) {
            const cv::Rect& o = objects[size_t(rng.integer(0, int64_t(objects.size()) - 1))];
            const int h = std::clamp(
                int(std::lround(rng.uniform(height_.lo, height_.hi) * o.height)), 1, o.height);
            const int w = std::clamp(int(std::lround(rng.uniform(width_.lo, width_.hi) * o.width)),
                                     1, o.width);
            const int64_t x = o.x + rng.integer(0, o.width - w);
            const int64_t y = o.y + rng.integer(0, o.height - h);
            holes.push_back({x, y, w, h});
        }
    }
    return makeValues({{"holes", std::move(holes)}});
}

void ConstrainedCoarseDropout::applyTo(ImageSample& s, const Values& v) const {
    for (const nlohmann::json& hole : v.at("holes")) {
        const cv::Rect r(hole[0].get<int>(), hole[1].get<int>(), hole[2].get<int>(),
                         hole[3].get<int>());
        pixel::fillRect(s.image, r, fill_);
        if (dropMask_ && !s.mask.empty())
            s.mask(r & cv::Rect(0, 0, s.mask.cols, s.mask.rows)).setTo(cv::Scalar(fillMask_));
    }
}

TransformInfo ConstrainedCoarseDropout::info() {
    return {
        "image.constrained_coarse_dropout",
        Modality::Image,
        "dropout",
        "Coarse dropout inside objects: holes sized and placed within mask regions or boxes "
        "(Albumentations ConstrainedCoarseDropout)",
        {intRangeParam("holes", 1, 1, 0, 100, "number of holes, drawn from [lo, hi]"),
         rangeParam("hole_height", 0.1, 0.1, 0, 1,
                    "hole height drawn from [lo, hi] as a fraction of its object's height", "",
                    0.01),
         rangeParam("hole_width", 0.1, 0.1, 0, 1,
                    "hole width drawn from [lo, hi] as a fraction of its object's width", "", 0.01),
         enumParam("source", "mask", {"mask", "boxes"},
                   "where the objects come from: mask regions or boxes"),
         stringParam("mask_indices", "",
                     "mask values whose regions take holes, e.g. \"1, 3\" (empty: every "
                     "non-zero value)"),
         stringParam("box_classes", "",
                     "box classes that take holes, e.g. \"0, 2\" (empty: every box)"),
         pixel::holeFillParam(),
         boolParam("drop_mask", false, "also write fill_mask into the mask's holes"),
         floatParam("fill_mask", 0, 0, 65535, "mask value of the holes when drop_mask", "", 1)},
        0.5,
        factoryOf<ConstrainedCoarseDropout>()};
}

} // namespace augstudio::core

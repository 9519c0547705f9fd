#include "core/transforms/image/maskdropout.h"

#include "core/sample/imagetargets.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace augstudio::core {

int MaskDropout::labelObjects(const cv::Mat& mask, cv::Mat& labels) {
    labels = cv::Mat(mask.size(), CV_32S, cv::Scalar(0));
    if (mask.empty())
        return 0;
    cv::Mat values;
    mask.convertTo(values, CV_32S);
    std::set<int> present;
    for (int y = 0; y < values.rows; ++y) {
        const int* row = values.ptr<int>(y);
        for (int x = 0; x < values.cols; ++x)
            if (row[x] != 0)
                present.insert(row[x]);
    }
    int count = 0;
    for (int v : present) {
        cv::Mat component;
        const int n = cv::connectedComponents(values == v, component, 8, CV_32S);
        for (int y = 0; y < values.rows; ++y) {
            const int* c = component.ptr<int>(y);
            int* out = labels.ptr<int>(y);
            for (int x = 0; x < values.cols; ++x)
                if (c[x] > 0)
                    out[x] = count + c[x];
        }
        count += n - 1;
    }
    return count;
}

MaskDropout::MaskDropout(const ParamSet& p)
    : objects_(p.intRange("max_objects")), fill_(p.f("fill")), fillMask_(p.f("fill_mask")) {}

Values MaskDropout::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json chosen = nlohmann::json::array();
    const auto* image = info.sample ? std::get_if<ImageSample>(info.sample) : nullptr;
    cv::Mat labels;
    const int n = image ? labelObjects(image->mask, labels) : 0;
    if (n > 0) {
        const int64_t k = std::min<int64_t>(n, rng.integer(objects_.lo, objects_.hi));
        std::vector<int> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        // A partial Fisher-Yates shuffle: k distinct objects, uniformly.
        for (int64_t i = 0; i < k; ++i)
            std::swap(order[size_t(i)], order[size_t(rng.integer(i, n - 1))]);
        std::sort(order.begin(), order.begin() + k);
        for (int64_t i = 0; i < k; ++i)
            chosen.push_back(order[size_t(i)]);
    }
    return makeValues({{"objects", std::move(chosen)}});
}

void MaskDropout::applyTo(ImageSample& s, const Values& v) const {
    const nlohmann::json& objects = v.at("objects");
    if (objects.empty() || s.mask.empty())
        return;
    cv::Mat labels;
    const int n = labelObjects(s.mask, labels);
    std::vector<uint8_t> drop(size_t(n) + 1, 0);
    for (const nlohmann::json& o : objects) {
        const int i = o.get<int>();
        if (i >= 0 && i < n)
            drop[size_t(i) + 1] = 1;
    }
    cv::Mat removed(labels.size(), CV_8U, cv::Scalar(0));
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        uint8_t* r = removed.ptr<uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x)
            r[x] = drop[size_t(l[x])];
    }
    // Boxes: the fraction of each box's pixels outside the removed objects.
    std::vector<BoundingBox> kept;
    for (const BoundingBox& b : s.boxes) {
        const cv::Rect r = geometry::boxPixels(b, cv::Rect(0, 0, removed.cols, removed.rows));
        const double area = double(r.area());
        const double gone = area > 0 ? double(cv::countNonZero(removed(r))) : 0.0;
        if (area <= 0 || (area - gone) / area >= s.minVisibility)
            kept.push_back(b);
    }
    s.boxes = std::move(kept);
    pixel::onColour(s.image,
                    [&](cv::Mat& colour) { colour.setTo(cv::Scalar::all(fill_), removed); });
    s.mask.setTo(cv::Scalar(fillMask_), removed);
}

TransformInfo MaskDropout::info() {
    return {"image.mask_dropout",
            Modality::Image,
            "dropout",
            "Remove random objects of the mask (connected regions of one value) from the image "
            "and the mask (Albumentations MaskDropout)",
            {intRangeParam("max_objects", 1, 1, 1, 100,
                           "objects removed, drawn from [lo, hi] (all of them when fewer)"),
             pixel::holeFillParam(),
             floatParam("fill_mask", 0, 0, 65535, "mask value written where objects are removed",
                        "", 1)},
            0.5,
            factoryOf<MaskDropout>()};
}

} // namespace augstudio::core

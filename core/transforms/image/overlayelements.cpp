#include "core/transforms/image/overlayelements.h"

#include "core/transforms/image/imagepartners.h"
#include "core/transforms/image/pixelops.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace augstudio::core {

namespace {
constexpr const char* kMaskSuffix = "_mask";

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}
} // namespace

OverlayElements::OverlayElements(const ParamSet& p, const LoadContext& load)
    : count_(p.intRange("count")), size_(p.range("size")), maskValue_(p.i("mask_value")),
      boxClass_(p.i("box_class")) {
    if (p.s("folder").empty())
        return;
    folder_.emplace(load.images, p.s("folder"));
    std::map<std::string, std::string> maskByStem;
    for (const std::string& name : folder_->names()) {
        const std::string stem = std::filesystem::path(name).stem().string();
        if (endsWith(stem, kMaskSuffix))
            maskByStem[stem.substr(0, stem.size() - std::char_traits<char>::length(kMaskSuffix))] =
                name;
        else
            elements_.push_back(name);
    }
    if (elements_.empty())
        throw Error(folder_->folder(), "holds only mask files (*_mask.*), no overlay element");
    for (const std::string& name : elements_)
        if (auto it = maskByStem.find(std::filesystem::path(name).stem().string());
            it != maskByStem.end())
            masks_[name] = it->second;
}

Values OverlayElements::draw(Rng& rng, const SampleInfo&) const {
    nlohmann::json elements = nlohmann::json::array();
    if (folder_) {
        const int64_t n = rng.integer(count_.lo, count_.hi);
        for (int64_t k = 0; k < n; ++k) {
            const auto index = size_t(rng.integer(0, int64_t(elements_.size()) - 1));
            const double size = rng.uniform(size_.lo, size_.hi);
            const double x = rng.uniform(), y = rng.uniform();
            elements.push_back(
                makeValues({{"name", elements_[index]}, {"size", size}, {"x", x}, {"y", y}}));
        }
    }
    return makeValues({{"elements", elements}});
}

OverlayElements::Element OverlayElements::elementOf(const std::string& name) const {
    const auto read = folder_->load(name);
    const cv::Mat& image = read->image;
    Element e;
    const double top = pixel::maxValue(image.depth());
    if (image.channels() == 4) {
        cv::Mat alpha;
        cv::extractChannel(image, alpha, 3);
        alpha.convertTo(e.alpha, CV_32F, 1.0 / top);
        cv::cvtColor(image, e.pixels, cv::COLOR_BGRA2BGR);
    } else {
        e.pixels = image;
        if (auto it = masks_.find(name); it != masks_.end()) {
            const auto mask = folder_->load(it->second);
            cv::Mat first;
            cv::extractChannel(mask->image, first, 0);
            const cv::Mat grey = imagepartners::fitted(first, image.size(), first.type(), true);
            cv::Mat on = grey != 0;
            on.convertTo(e.alpha, CV_32F, 1.0 / 255.0);
        } else {
            e.alpha = cv::Mat(image.size(), CV_32FC1, cv::Scalar(1.0));
        }
    }
    return e;
}

void OverlayElements::applyTo(ImageSample& s, const Values& v) const {
    const nlohmann::json& drawn = v.at("elements");
    if (!folder_ || drawn.empty() || s.image.empty())
        return;
    const int W = s.image.cols, H = s.image.rows;
    const int cn = pixel::colourChannels(s.image), depth = s.image.depth();
    cv::Mat out = s.image.clone();
    for (const nlohmann::json& d : drawn) {
        const Element e = elementOf(d.at("name").get<std::string>());
        // The longer side takes `size` of the image's shorter side; never larger than the image.
        const double want = d.at("size").get<double>() * std::min(W, H);
        const double scale = std::min({want / std::max(e.pixels.cols, e.pixels.rows),
                                       double(W) / e.pixels.cols, double(H) / e.pixels.rows});
        const int w = std::clamp(int(std::lround(e.pixels.cols * scale)), 1, W);
        const int h = std::clamp(int(std::lround(e.pixels.rows * scale)), 1, H);
        const int ox = int(std::lround(d.at("x").get<double>() * (W - w)));
        const int oy = int(std::lround(d.at("y").get<double>() * (H - h)));
        const cv::Rect at(ox, oy, w, h);
        const int shrink = scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR;
        cv::Mat pixels, alpha;
        cv::resize(imagepartners::conform(e.pixels, CV_MAKETYPE(depth, cn)), pixels, at.size(), 0,
                   0, shrink);
        cv::resize(e.alpha, alpha, at.size(), 0, 0, shrink);
        // Blended in float over the colour channels of the region; the sample's alpha stays.
        cv::Mat region = out(at), own, theirs;
        std::vector<cv::Mat> planes;
        cv::split(region, planes);
        std::vector<cv::Mat> colour(planes.begin(), planes.begin() + cn);
        cv::merge(colour, own);
        own.convertTo(own, CV_32F);
        pixels.convertTo(theirs, CV_32F);
        cv::Mat a;
        cv::merge(std::vector<cv::Mat>(size_t(cn), alpha), a);
        cv::Mat blended = theirs.mul(a) + own.mul(cv::Scalar::all(1.0) - a);
        cv::Mat back;
        blended.convertTo(back, depth);
        if (depth == CV_32F)
            back = cv::min(cv::max(back, 0.0), 1.0);
        std::vector<cv::Mat> done;
        cv::split(back, done);
        for (int c = 0; c < cn; ++c)
            planes[size_t(c)] = done[size_t(c)];
        cv::merge(planes, region);
        const cv::Mat solid = alpha >= 0.5f;
        if (!s.mask.empty() && maskValue_ >= 0)
            s.mask(at).setTo(cv::Scalar(double(maskValue_)), solid);
        if (boxClass_ >= 0) {
            const cv::Rect tight = cv::boundingRect(solid);
            if (!tight.empty())
                s.boxes.push_back({double(ox + tight.x), double(oy + tight.y),
                                   double(ox + tight.br().x), double(oy + tight.br().y),
                                   int(boxClass_)});
        }
    }
    s.image = out;
}

TransformInfo OverlayElements::info() {
    ParamSpec folder = pathParam("folder", "",
                                 "folder of element images (alpha or <name>_mask.<ext> gives "
                                 "their shape), read at load; empty: nothing is pasted");
    folder.optional = true;
    TransformInfo t = pixel::info(
        "image.overlay_elements",
        "Paste element images from a folder (with their alpha or masks) at drawn positions "
        "and sizes; the mask and boxes can record them",
        {folder, intRangeParam("count", 1, 1, 0, 32, "elements pasted, drawn from [lo, hi]"),
         rangeParam("size", 0.2, 0.4, 0.01, 1.0,
                    "an element's longer side as a share of the image's shorter side, drawn "
                    "per element from [lo, hi]",
                    "", 0.01),
         intParam("mask_value", -1, -1, 65535,
                  "mask value written under each element where the sample has a mask; -1 "
                  "leaves the mask"),
         intParam("box_class", -1, -1, 1000000,
                  "class of a box added around each element; -1 adds none")},
        loadFactoryOf<OverlayElements>());
    t.kind = "mix";
    return t;
}

} // namespace augstudio::core

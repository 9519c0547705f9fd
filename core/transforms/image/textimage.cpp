#include "core/transforms/image/textimage.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace augstudio::core {

namespace {

const std::vector<std::pair<std::string, int>>& hersheyFonts() {
    static const std::vector<std::pair<std::string, int>> fonts = {
        {"simplex", cv::FONT_HERSHEY_SIMPLEX},
        {"plain", cv::FONT_HERSHEY_PLAIN},
        {"duplex", cv::FONT_HERSHEY_DUPLEX},
        {"complex", cv::FONT_HERSHEY_COMPLEX},
        {"triplex", cv::FONT_HERSHEY_TRIPLEX},
        {"complex_small", cv::FONT_HERSHEY_COMPLEX_SMALL},
        {"script_simplex", cv::FONT_HERSHEY_SCRIPT_SIMPLEX},
        {"script_complex", cv::FONT_HERSHEY_SCRIPT_COMPLEX},
    };
    return fonts;
}

std::vector<std::string> splitWords(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string w;
    while (in >> w)
        out.push_back(w);
    return out;
}

// An RGB colour given in 8-bit levels as a BGR scalar of the depth (grey for one channel).
cv::Scalar textColour(const std::vector<double>& rgb, const cv::Mat& image) {
    const double k = pixel::levelScale(image.depth());
    const double r = rgb.size() > 0 ? rgb[0] : 0, g = rgb.size() > 1 ? rgb[1] : r,
                 b = rgb.size() > 2 ? rgb[2] : r;
    if (image.channels() == 1)
        return cv::Scalar((0.299 * r + 0.587 * g + 0.114 * b) * k);
    return cv::Scalar(b * k, g * k, r * k);
}

int thicknessFor(double height) {
    return std::max(1, int(std::lround(height / 12.0)));
}

} // namespace

TextImage::TextImage(const ParamSet& p)
    : words_(splitWords(p.s("text"))), fraction_(p.range("fraction")),
      fontSize_(p.range("font_size_fraction")), lineHeight_(p.range("line_height")), font_(0),
      inBoxes_(p.s("placement") == "boxes"), clearBackground_(p.b("clear_bg")),
      colour_(p.list("color")), background_(p.list("background")) {
    for (const auto& [name, code] : hersheyFonts())
        if (name == p.s("font"))
            font_ = code;
}

Values TextImage::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json texts = nlohmann::json::array();
    if (words_.empty() || info.width <= 0 || info.height <= 0)
        return makeValues({{"texts", std::move(texts)}});
    // The words kept: a drawn fraction, at least one, in their order.
    auto pickWords = [&] {
        const size_t n = words_.size();
        const size_t keep = std::clamp<size_t>(
            size_t(std::lround(rng.uniform(fraction_.lo, fraction_.hi) * double(n))), 1, n);
        std::vector<size_t> idx(n);
        for (size_t i = 0; i < n; ++i)
            idx[i] = i;
        for (size_t i = 0; i < keep; ++i)
            std::swap(idx[i], idx[size_t(rng.integer(int64_t(i), int64_t(n) - 1))]);
        std::sort(idx.begin(), idx.begin() + std::ptrdiff_t(keep));
        std::string text;
        for (size_t i = 0; i < keep; ++i)
            text += (i ? " " : "") + words_[idx[i]];
        return text;
    };
    const auto* image = info.sample ? std::get_if<ImageSample>(info.sample) : nullptr;
    std::vector<cv::Rect2d> regions;
    if (inBoxes_ && image)
        for (const BoundingBox& b : image->boxes)
            if (std::isfinite(b.x1) && std::isfinite(b.y1) && std::isfinite(b.x2) &&
                std::isfinite(b.y2) && b.x2 > b.x1 && b.y2 > b.y1)
                regions.emplace_back(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
    if (regions.empty()) {
        const double h = std::max(1.0, rng.uniform(lineHeight_.lo, lineHeight_.hi) * info.height);
        regions.emplace_back(rng.uniform(0.0, info.width * 0.5),
                             rng.uniform(0.0, std::max(0.0, info.height - h)), info.width * 0.5, h);
    }
    for (const cv::Rect2d& r : regions) {
        const double height = std::max(1.0, rng.uniform(fontSize_.lo, fontSize_.hi) * r.height);
        texts.push_back(makeValues({{"text", pickWords()},
                                    {"x", r.x},
                                    {"y", r.y + (r.height + height) / 2.0},
                                    {"height", height},
                                    {"region", {r.x, r.y, r.width, r.height}}}));
    }
    return makeValues({{"texts", std::move(texts)}});
}

void TextImage::applyTo(ImageSample& s, const Values& v) const {
    pixel::onColour(s.image, [&](cv::Mat& image) {
        const cv::Scalar colour = textColour(colour_, image);
        const cv::Scalar background = textColour(background_, image);
        for (const nlohmann::json& t : v.at("texts")) {
            const std::string text = t.at("text").get<std::string>();
            const double height = t.at("height").get<double>();
            int baseline = 0;
            const cv::Size unit = cv::getTextSize(text, font_, 1.0, 1, &baseline);
            // The drawn height, smaller when the text would run past its region's width.
            const nlohmann::json& r = t.at("region");
            const int thickness = thicknessFor(height);
            double scale = unit.height > 0 ? height / unit.height : 1.0;
            if (unit.width > 0)
                scale = std::min(scale, std::max(1.0, r[2].get<double>() - thickness) / unit.width);
            if (clearBackground_) {
                const cv::Rect box = cv::Rect(int(std::floor(r[0].get<double>())),
                                              int(std::floor(r[1].get<double>())),
                                              int(std::ceil(r[2].get<double>())),
                                              int(std::ceil(r[3].get<double>()))) &
                                     cv::Rect(0, 0, image.cols, image.rows);
                image(box).setTo(background);
            }
            cv::putText(image, text,
                        cv::Point(int(std::lround(t.at("x").get<double>())),
                                  int(std::lround(t.at("y").get<double>()))),
                        font_, scale, colour, thickness, cv::LINE_AA);
        }
    });
}

TransformInfo TextImage::info() {
    std::vector<std::string> fonts;
    for (const auto& [name, code] : hersheyFonts())
        fonts.push_back(name);
    return pixel::info(
        "image.text_image",
        "Render words onto the image, into its boxes or on one line (Albumentations TextImage, "
        "OpenCV Hershey fonts)",
        {stringParam("text", "augmentation studio renders text",
                     "the words to render (ASCII; separated by spaces)"),
         rangeParam("fraction", 0.8, 1.0, 0, 1, "fraction of the words kept, drawn per text", "",
                    0.05),
         rangeParam("font_size_fraction", 0.8, 0.9, 0.05, 1,
                    "text height as a fraction of its region's height", "", 0.01),
         rangeParam("line_height", 0.05, 0.15, 0.01, 1,
                    "height of the line region as a fraction of the image height, without boxes",
                    "", 0.01),
         enumParam("placement", "boxes", {"boxes", "line"},
                   "into every box (one line when there are none), or always one line"),
         enumParam("font", "simplex", std::move(fonts), "OpenCV Hershey font"),
         floatListParam("color", {0, 0, 0}, 0, 255, "text colour R, G, B in 8-bit levels"),
         boolParam("clear_bg", false, "fill each region with the background colour first"),
         floatListParam("background", {255, 255, 255}, 0, 255,
                        "background colour R, G, B in 8-bit levels, for clear_bg")},
        factoryOf<TextImage>());
}

} // namespace augstudio::core

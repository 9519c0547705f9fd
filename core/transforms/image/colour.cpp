#include "core/transforms/image/colour.h"

#include "core/transforms/image/pixelops.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <numeric>

namespace augstudio::core {

// --- color_jitter ------------------------------------------------------------------------

ColorJitter::ColorJitter(const ParamSet& p)
    : brightness_(p.range("brightness")), contrast_(p.range("contrast")),
      saturation_(p.range("saturation")), hue_(p.range("hue")) {}

Values ColorJitter::draw(Rng& rng, const SampleInfo&) const {
    std::vector<std::string> order = {"brightness", "contrast", "saturation", "hue"};
    rng.shuffle(order);
    Values v = {{"order", order}};
    v["brightness"] = rng.uniform(brightness_.lo, brightness_.hi);
    v["contrast"] = rng.uniform(contrast_.lo, contrast_.hi);
    v["saturation"] = rng.uniform(saturation_.lo, saturation_.hi);
    v["hue"] = rng.uniform(hue_.lo, hue_.hi);
    return v;
}

void ColorJitter::applyTo(ImageSample& s, const Values& v) const {
    for (const auto& step : v.at("order")) {
        const std::string name = step.get<std::string>();
        const double x = v.at(name).get<double>();
        if (name == "brightness")
            pixel::scaleBrightness(s.image, x);
        else if (name == "contrast")
            pixel::blendContrast(s.image, x);
        else if (name == "saturation")
            pixel::blendSaturation(s.image, x);
        else
            pixel::shiftHue(s.image, x * 360.0);
    }
}

TransformInfo ColorJitter::info() {
    auto factor = [](const char* name, const char* what) {
        return rangeParam(name, 0.8, 1.2, 0, 10,
                          std::string(what) +
                              " factor drawn from [lo, hi], 1 unchanged (torchvision's " + name +
                              "=x is [max(0, 1 - x), 1 + x])",
                          "", 0.01);
    };
    return pixel::info(
        "image.color_jitter",
        "torchvision ColorJitter: brightness, contrast, saturation, hue in a random order",
        {factor("brightness", "brightness (multiplies the levels)"),
         factor("contrast", "contrast (blends with the mean grey)"),
         factor("saturation", "saturation (blends with the grey image)"),
         rangeParam("hue", -0.1, 0.1, -0.5, 0.5,
                    "hue shift drawn from [lo, hi] in turns (0.1 = 36 deg); torchvision's hue=h "
                    "is [-h, h]",
                    "turn", 0.01)},
        factoryOf<ColorJitter>());
}

// --- hue_saturation_value ----------------------------------------------------------------

HueSaturationValue::HueSaturationValue(const ParamSet& p)
    : hue_(p.range("hue_shift")), sat_(p.range("sat_shift")), val_(p.range("val_shift")) {}

Values HueSaturationValue::draw(Rng& rng, const SampleInfo&) const {
    const double h = rng.uniform(hue_.lo, hue_.hi);
    const double sat = rng.uniform(sat_.lo, sat_.hi);
    return makeValues(
        {{"hue_shift", h}, {"sat_shift", sat}, {"val_shift", rng.uniform(val_.lo, val_.hi)}});
}

void HueSaturationValue::applyTo(ImageSample& s, const Values& v) const {
    const double h = v.at("hue_shift").get<double>(), sat = v.at("sat_shift").get<double>(),
                 val = v.at("val_shift").get<double>();
    if (h == 0.0 && sat == 0.0 && val == 0.0)
        return;
    cv::Mat& im = s.image;
    if (pixel::colourChannels(im) == 1) {
        // No hue or saturation in a grey image: only the value moves.
        const double offset = val * pixel::levelScale(im.depth());
        if (offset != 0.0)
            pixel::mapValues(im, [offset](double x) { return x + offset; });
        return;
    }
    pixel::inColourSpace(im, cv::COLOR_BGR2HSV, cv::COLOR_HSV2BGR, [&](cv::Mat& hsv) {
        if (hsv.depth() == CV_8U) {
            cv::Mat table(1, 256, CV_8UC3);
            for (int x = 0; x < 256; ++x) {
                const long hue = ((std::lround(x + h) % 180) + 180) % 180;
                table.at<cv::Vec3b>(x) =
                    cv::Vec3b(uint8_t(hue), cv::saturate_cast<uint8_t>(x + sat),
                              cv::saturate_cast<uint8_t>(x + val));
            }
            pixel::lookUp(hsv, table);
            return;
        }
        // Float HSV: hue in degrees (2 per 8-bit step), saturation and value in [0, 1].
        const float dh = float(2.0 * h), ds = float(sat / 255.0), dv = float(val / 255.0);
        for (int y = 0; y < hsv.rows; ++y) {
            auto* row = hsv.ptr<cv::Vec3f>(y);
            for (int x = 0; x < hsv.cols; ++x) {
                const float hue = std::fmod(row[x][0] + dh, 360.0f);
                row[x][0] = hue < 0 ? hue + 360.0f : hue;
                row[x][1] = std::clamp(row[x][1] + ds, 0.0f, 1.0f);
                row[x][2] = std::clamp(row[x][2] + dv, 0.0f, 1.0f);
            }
        }
    });
}

TransformInfo HueSaturationValue::info() {
    return pixel::info(
        "image.hue_saturation_value", "Random hue, saturation and value offsets in HSV",
        {rangeParam("hue_shift", -20, 20, -180, 180,
                    "hue offset drawn from [lo, hi] in OpenCV 8-bit hue steps (2 deg each, 180 "
                    "a full turn), as Albumentations",
                    "step", 1),
         rangeParam("sat_shift", -30, 30, -255, 255,
                    "saturation offset drawn from [lo, hi] in 8-bit levels", "level", 1),
         rangeParam("val_shift", -20, 20, -255, 255,
                    "value offset drawn from [lo, hi] in 8-bit levels (scaled to the depth)",
                    "level", 1)},
        factoryOf<HueSaturationValue>());
}

// --- rgb_shift ---------------------------------------------------------------------------

RgbShift::RgbShift(const ParamSet& p)
    : r_(p.range("r_shift")), g_(p.range("g_shift")), b_(p.range("b_shift")) {}

Values RgbShift::draw(Rng& rng, const SampleInfo&) const {
    const double r = rng.uniform(r_.lo, r_.hi), g = rng.uniform(g_.lo, g_.hi);
    return {{"r_shift", r}, {"g_shift", g}, {"b_shift", rng.uniform(b_.lo, b_.hi)}};
}

void RgbShift::applyTo(ImageSample& s, const Values& v) const {
    const double k = pixel::levelScale(s.image.depth());
    const double r = v.at("r_shift").get<double>() * k, g = v.at("g_shift").get<double>() * k,
                 b = v.at("b_shift").get<double>() * k;
    if (r == 0.0 && g == 0.0 && b == 0.0)
        return;
    if (pixel::colourChannels(s.image) == 1) {
        // A grey image moves by the mean offset, which is what its grey level would see.
        const double mean = (r + g + b) / 3.0;
        pixel::mapValues(s.image, [mean](double x) { return x + mean; });
        return;
    }
    const double offset[3] = {b, g, r}; // BGR channel order
    pixel::addPerChannel(s.image, offset);
}

TransformInfo RgbShift::info() {
    auto shift = [](const char* name, const char* colour) {
        return rangeParam(name, -20, 20, -255, 255,
                          std::string(colour) +
                              " offset drawn from [lo, hi] in 8-bit levels (scaled to the depth)",
                          "level", 1);
    };
    return pixel::info(
        "image.rgb_shift", "Random offset per colour channel",
        {shift("r_shift", "red"), shift("g_shift", "green"), shift("b_shift", "blue")},
        factoryOf<RgbShift>());
}

// --- channel_shift -----------------------------------------------------------------------

ChannelShift::ChannelShift(const ParamSet& p) : intensity_(p.range("intensity")) {}

Values ChannelShift::draw(Rng& rng, const SampleInfo&) const {
    return {{"intensity", rng.uniform(intensity_.lo, intensity_.hi)}};
}

void ChannelShift::applyTo(ImageSample& s, const Values& v) const {
    const double shift = v.at("intensity").get<double>() * pixel::levelScale(s.image.depth());
    if (shift == 0.0)
        return;
    cv::Mat& im = s.image;
    // Keras clips to the minimum and maximum of the whole image.
    double mn = 0, mx = 0;
    if (im.channels() != 4) {
        cv::minMaxLoc(im.reshape(1), &mn, &mx);
        const double offset[3] = {shift, shift, shift};
        pixel::addPerChannel(im, offset);
        cv::min(im, cv::Scalar::all(mx), im);
        cv::max(im, cv::Scalar::all(mn), im);
        return;
    }
    std::vector<double> lo, hi;
    pixel::channelRange(im, lo, hi);
    mn = *std::min_element(lo.begin(), lo.end());
    mx = *std::max_element(hi.begin(), hi.end());
    pixel::mapValues(im, [=](double x) { return std::clamp(x + shift, mn, mx); });
}

TransformInfo ChannelShift::info() {
    return pixel::info("image.channel_shift",
                       "Keras channel shift: one intensity added to all channels, clipped to the "
                       "image's [min, max]",
                       {rangeParam("intensity", -20, 20, -255, 255,
                                   "intensity drawn from [lo, hi] in 8-bit levels (scaled to the "
                                   "depth); Keras channel_shift_range=r is [-r, r]",
                                   "level", 1)},
                       factoryOf<ChannelShift>());
}

// --- to_gray -----------------------------------------------------------------------------

Values ToGray::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void ToGray::applyTo(ImageSample& s, const Values&) const {
    cv::Mat& im = s.image;
    if (im.channels() == 1)
        return;
    const cv::Mat gray = pixel::grayOf(im);
    if (im.channels() == 3) {
        cv::cvtColor(gray, im, cv::COLOR_GRAY2BGR);
        return;
    }
    const int fromTo[] = {0, 0, 0, 1, 0, 2};
    cv::mixChannels(&gray, 1, &im, 1, fromTo, 3);
}

TransformInfo ToGray::info() {
    return pixel::info("image.to_gray",
                       "Grey image: the luminance in every colour channel (channels and alpha "
                       "kept)",
                       {}, factoryOf<ToGray>());
}

// --- channel_shuffle ---------------------------------------------------------------------

Values ChannelShuffle::draw(Rng& rng, const SampleInfo& info) const {
    std::vector<int> order(size_t(info.channels == 4 ? 3 : std::max(1, info.channels)));
    std::iota(order.begin(), order.end(), 0);
    rng.shuffle(order);
    return {{"order", order}};
}

void ChannelShuffle::applyTo(ImageSample& s, const Values& v) const {
    const std::vector<int> order = v.at("order").get<std::vector<int>>();
    cv::Mat& im = s.image;
    bool identity = true;
    for (size_t i = 0; i < order.size(); ++i)
        identity = identity && order[i] == int(i);
    if (identity || int(order.size()) != pixel::colourChannels(im))
        return;
    // Output channel i takes input channel order[i]; alpha stays where it is.
    std::vector<int> fromTo;
    for (size_t i = 0; i < order.size(); ++i)
        fromTo.insert(fromTo.end(), {order[i], int(i)});
    if (im.channels() == 4)
        fromTo.insert(fromTo.end(), {3, 3});
    cv::Mat out(im.size(), im.type());
    cv::mixChannels(&im, 1, &out, 1, fromTo.data(), fromTo.size() / 2);
    im = out;
}

TransformInfo ChannelShuffle::info() {
    return pixel::info("image.channel_shuffle", "Colour channels in a random order", {},
                       factoryOf<ChannelShuffle>());
}

} // namespace augstudio::core

#include "core/interop/albumentations.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>

namespace augstudio::core {

using json = nlohmann::json;

namespace {

// OpenCV's integer enums as Albumentations writes them, in OpenCV's order.
const std::vector<std::string> kAlbuInterpolations = {"nearest", "linear", "cubic", "area",
                                                      "lanczos"};
const std::vector<std::string> kAlbuBorderModes = {"constant", "replicate", "reflect", "wrap",
                                                   "reflect_101"};

// Thrown inside one transform's conversion: the field and why it has no equivalent.
struct Unconvertible {
    std::string reason;
};

double number(const json& v, const std::string& field) {
    if (!v.is_number())
        throw Unconvertible{field + ": expected a number, got " + v.dump()};
    return v.get<double>();
}

// A range written as one number x (meaning [-x, x] around `centre`) or as [lo, hi]
// (offsets from `centre`).
json offsetRange(const json& v, const std::string& field, double centre = 0.0) {
    if (v.is_array() && v.size() == 2)
        return {centre + number(v[0], field), centre + number(v[1], field)};
    const double x = number(v, field);
    return {centre - std::abs(x), centre + std::abs(x)};
}

// An integer range written as one number n (meaning [low, n]) or as [lo, hi].
json intRange(const json& v, const std::string& field, int64_t low) {
    if (v.is_array() && v.size() == 2)
        return {int64_t(number(v[0], field)), int64_t(number(v[1], field))};
    return {low, int64_t(number(v, field))};
}

std::string enumName(const json& v, const std::vector<std::string>& names,
                     const std::string& field) {
    if (v.is_string())
        return v.get<std::string>();
    const double x = number(v, field);
    if (x < 0 || x >= double(names.size()) || x != std::floor(x))
        throw Unconvertible{field + ": " + v.dump() + " is no OpenCV value this project knows"};
    return names[size_t(x)];
}

int enumIndex(const std::string& name, const std::vector<std::string>& names) {
    return int(std::find(names.begin(), names.end(), name) - names.begin());
}

// Copies interpolation and border_mode (OpenCV integers) and the fill value when present.
void geometryOptions(const json& t, json& params, bool border = true) {
    if (t.contains("interpolation"))
        params["interpolation"] =
            enumName(t["interpolation"], kAlbuInterpolations, "interpolation");
    if (border && t.contains("border_mode"))
        params["border_mode"] = enumName(t["border_mode"], kAlbuBorderModes, "border_mode");
    for (const char* key : {"value", "fill"})
        if (border && t.contains(key) && t[key].is_number())
            params["fill"] = t[key];
}

// A fraction of the image (Albumentations takes a float below 1 as one); pixels have no
// equivalent without the image's size.
json fractionRange(const json& lo, const json& hi, const std::string& field) {
    const double a = number(lo, field), b = number(hi, field);
    if (a > 1 || b > 1 || (lo.is_number_integer() && hi.is_number_integer()))
        throw Unconvertible{field + ": sizes in pixels have no equivalent (give fractions of the "
                                    "image below 1)"};
    return {a, b};
}

const json& field(const json& t, const char* name, const json& fallback) {
    return t.contains(name) ? t[name] : fallback;
}

// Albumentations' to_tuple(x, low): one number x means the range between low and x.
json lowRange(const json& v, const std::string& name, double low) {
    if (v.is_array() && v.size() == 2)
        return {number(v[0], name), number(v[1], name)};
    const double x = number(v, name);
    return {std::min(low, x), std::max(low, x)};
}

// One number x means exactly x ([x, x]); a pair is the range.
json sameRange(const json& v, const std::string& name) {
    if (v.is_array() && v.size() == 2)
        return {number(v[0], name), number(v[1], name)};
    const double x = number(v, name);
    return {x, x};
}

// 2.x writes a range in one field (`fog_coef_range`), 1.3 in two (`fog_coef_lower`,
// `fog_coef_upper`); either gives [lo, hi].
json pairRange(const json& t, const char* range, const char* lower, const char* upper,
               const json& lo, const json& hi) {
    if (t.contains(range) && !t[range].is_null())
        return sameRange(t[range], range);
    return {number(field(t, lower, lo), lower), number(field(t, upper, hi), upper)};
}

// A whole number (a count or size); a fraction or a range has no equivalent.
int64_t count(const json& v, const std::string& name) {
    const double x = number(v, name);
    if (x != std::floor(x))
        throw Unconvertible{name + ": expected a whole number, got " + v.dump()};
    return int64_t(x);
}

using Converter = std::function<json(const json& t)>; // returns {"transform", "params"}

json step(const char* id, json params = json::object()) {
    return {{"transform", id}, {"params", std::move(params)}};
}

const std::map<std::string, Converter>& importers() {
    static const std::map<std::string, Converter> table = {
        {"HorizontalFlip", [](const json&) { return step("image.hflip"); }},
        {"VerticalFlip", [](const json&) { return step("image.vflip"); }},
        {"Transpose", [](const json&) { return step("image.transpose"); }},
        {"RandomRotate90", [](const json&) { return step("image.rotate90"); }},
        {"ToGray", [](const json&) { return step("image.to_gray"); }},
        {"Rotate",
         [](const json& t) {
             json p = {{"degrees", offsetRange(field(t, "limit", 90), "limit")}};
             geometryOptions(t, p);
             return step("image.rotate", p);
         }},
        {"Affine",
         [](const json& t) {
             json p = {{"scale", json{1.0, 1.0}},
                       {"rotate", json{0.0, 0.0}},
                       {"translate_x", json{0.0, 0.0}},
                       {"translate_y", json{0.0, 0.0}}};
             auto range = [](const json& v, const std::string& name) {
                 if (v.is_array() && v.size() == 2)
                     return json{number(v[0], name), number(v[1], name)};
                 return json{number(v, name), number(v, name)};
             };
             auto axes = [&](const json& v, const std::string& name, const char* x, const char* y) {
                 if (v.is_object()) {
                     p[x] = range(field(v, "x", 0.0), name + ".x");
                     p[y] = range(field(v, "y", 0.0), name + ".y");
                 } else {
                     p[x] = p[y] = range(v, name);
                 }
             };
             if (t.contains("scale") && !t["scale"].is_null()) {
                 if (t["scale"].is_object())
                     throw Unconvertible{"scale: separate x and y scales have no equivalent"};
                 p["scale"] = range(t["scale"], "scale");
             }
             if (t.contains("rotate") && !t["rotate"].is_null())
                 p["rotate"] = range(t["rotate"], "rotate");
             if (t.contains("translate_percent") && !t["translate_percent"].is_null())
                 axes(t["translate_percent"], "translate_percent", "translate_x", "translate_y");
             if (t.contains("shear") && !t["shear"].is_null())
                 axes(t["shear"], "shear", "shear_x", "shear_y");
             if (t.contains("translate_px") && !t["translate_px"].is_null())
                 throw Unconvertible{"translate_px: give translate_percent"};
             if (t.value("fit_output", false))
                 throw Unconvertible{"fit_output: growing the canvas has no equivalent"};
             p["keep_ratio"] = t.value("keep_ratio", false); // Albumentations' default
             geometryOptions(t, p);
             if (t.contains("mode"))
                 p["border_mode"] = enumName(t["mode"], kAlbuBorderModes, "mode");
             if (t.contains("cval") && t["cval"].is_number())
                 p["fill"] = t["cval"];
             return step("image.affine", p);
         }},
        {"RandomResizedCrop",
         [](const json& t) {
             json p;
             if (t.contains("size") && t["size"].is_array() && t["size"].size() == 2) {
                 p["height"] = t["size"][0];
                 p["width"] = t["size"][1];
             } else {
                 p["height"] = number(field(t, "height", json()), "height");
                 p["width"] = number(field(t, "width", json()), "width");
             }
             p["scale"] = offsetRange(field(t, "scale", json{0.08, 1.0}), "scale");
             p["ratio"] = offsetRange(field(t, "ratio", json{0.75, 4.0 / 3.0}), "ratio");
             geometryOptions(t, p, false);
             return step("image.random_resized_crop", p);
         }},
        {"RandomBrightnessContrast",
         [](const json& t) {
             return step(
                 "image.brightness_contrast",
                 {{"brightness",
                   offsetRange(field(t, "brightness_limit", 0.2), "brightness_limit")},
                  {"contrast", offsetRange(field(t, "contrast_limit", 0.2), "contrast_limit")}});
         }},
        {"HueSaturationValue",
         [](const json& t) {
             return step(
                 "image.hue_saturation_value",
                 {{"hue_shift", offsetRange(field(t, "hue_shift_limit", 20), "hue_shift_limit")},
                  {"sat_shift", offsetRange(field(t, "sat_shift_limit", 30), "sat_shift_limit")},
                  {"val_shift", offsetRange(field(t, "val_shift_limit", 20), "val_shift_limit")}});
         }},
        {"ColorJitter",
         [](const json& t) {
             auto factor = [](const json& v, const std::string& name) {
                 if (v.is_array())
                     return offsetRange(v, name);
                 const double x = number(v, name);
                 return json{std::max(0.0, 1.0 - x), 1.0 + x};
             };
             return step("image.color_jitter",
                         {{"brightness", factor(field(t, "brightness", 0.2), "brightness")},
                          {"contrast", factor(field(t, "contrast", 0.2), "contrast")},
                          {"saturation", factor(field(t, "saturation", 0.2), "saturation")},
                          {"hue", offsetRange(field(t, "hue", 0.2), "hue")}});
         }},
        {"GaussianBlur",
         [](const json& t) {
             json p = {{"kernel", intRange(field(t, "blur_limit", json{3, 7}), "blur_limit", 3)}};
             if (t.contains("sigma_limit")) {
                 p["sigma"] = offsetRange(t["sigma_limit"], "sigma_limit");
                 if (t["sigma_limit"].is_number()) // one number s: [0, s]
                     p["sigma"][0] = 0.0;
             }
             return step("image.gaussian_blur", p);
         }},
        {"Blur",
         [](const json& t) {
             return step("image.blur", {{"kernel", intRange(field(t, "blur_limit", json{3, 7}),
                                                            "blur_limit", 3)}});
         }},
        {"MedianBlur",
         [](const json& t) {
             return step(
                 "image.median_blur",
                 {{"kernel", intRange(field(t, "blur_limit", json{3, 7}), "blur_limit", 3)}});
         }},
        {"MotionBlur",
         [](const json& t) {
             return step(
                 "image.motion_blur",
                 {{"kernel", intRange(field(t, "blur_limit", json{3, 7}), "blur_limit", 3)}});
         }},
        {"GaussNoise",
         [](const json& t) {
             json p;
             if (t.contains("std_range")) { // 2.x: standard deviation as a fraction of 255
                 p["std"] = offsetRange(t["std_range"], "std_range");
             } else { // 1.3: variance in 8-bit grey levels squared
                 const json var = offsetRange(field(t, "var_limit", json{10.0, 50.0}), "var_limit");
                 p["std"] = {std::sqrt(std::max(0.0, var[0].get<double>())) / 255.0,
                             std::sqrt(std::max(0.0, var[1].get<double>())) / 255.0};
             }
             if (t.contains("mean_range"))
                 p["mean"] = offsetRange(t["mean_range"], "mean_range");
             else if (t.contains("mean"))
                 p["mean"] =
                     json{number(t["mean"], "mean") / 255.0, number(t["mean"], "mean") / 255.0};
             if (t.contains("per_channel"))
                 p["per_channel"] = t["per_channel"];
             return step("image.gaussian_noise", p);
         }},
        {"CoarseDropout",
         [](const json& t) {
             json p;
             if (t.contains("num_holes_range")) { // 2.x
                 p["holes"] = intRange(t["num_holes_range"], "num_holes_range", 1);
                 const json h = field(t, "hole_height_range", json{0.1, 0.2});
                 const json w = field(t, "hole_width_range", json{0.1, 0.2});
                 p["hole_height"] = fractionRange(h[0], h[1], "hole_height_range");
                 p["hole_width"] = fractionRange(w[0], w[1], "hole_width_range");
             } else { // 1.3: min_/max_ holes, height, width
                 const json maxHoles = field(t, "max_holes", 8);
                 p["holes"] = {int64_t(number(field(t, "min_holes", maxHoles), "min_holes")),
                               int64_t(number(maxHoles, "max_holes"))};
                 const json maxH = field(t, "max_height", 8), maxW = field(t, "max_width", 8);
                 p["hole_height"] = fractionRange(field(t, "min_height", maxH), maxH, "max_height");
                 p["hole_width"] = fractionRange(field(t, "min_width", maxW), maxW, "max_width");
             }
             for (const char* key : {"fill_value", "fill"})
                 if (t.contains(key) && t[key].is_number())
                     p["fill"] = t[key];
             return step("image.coarse_dropout", p);
         }},
        {"ImageCompression",
         [](const json& t) {
             if (t.contains("quality_range"))
                 return step("image.jpeg_compression",
                             {{"quality", intRange(t["quality_range"], "quality_range", 1)}});
             return step("image.jpeg_compression",
                         {{"quality",
                           {int64_t(number(field(t, "quality_lower", 99), "quality_lower")),
                            int64_t(number(field(t, "quality_upper", 100), "quality_upper"))}}});
         }},
        {"CLAHE",
         [](const json& t) {
             const json clip = field(t, "clip_limit", 4.0);
             json p = {{"clip_limit", clip.is_array() ? offsetRange(clip, "clip_limit")
                                                      : json{1.0, number(clip, "clip_limit")}}};
             const json tile = field(t, "tile_grid_size", json{8, 8});
             p["tile"] = tile.is_array() ? tile[0] : tile;
             return step("image.clahe", p);
         }},
        {"Normalize",
         [](const json& t) {
             json p;
             for (const char* key : {"mean", "std"})
                 if (t.contains(key))
                     p[key] = t[key].is_array() ? t[key] : json{t[key]};
             if (t.contains("max_pixel_value") && t["max_pixel_value"].is_number())
                 p["max_pixel_value"] = t["max_pixel_value"];
             return step("image.normalize", p);
         }},
        {"ElasticTransform",
         [](const json& t) {
             json p = {{"alpha", number(field(t, "alpha", 1.0), "alpha")},
                       {"sigma", number(field(t, "sigma", 50.0), "sigma")}};
             geometryOptions(t, p);
             return step("image.elastic", p);
         }},
        {"GridDistortion",
         [](const json& t) {
             json p = {{"steps", number(field(t, "num_steps", 5), "num_steps")},
                       {"limit", offsetRange(field(t, "distort_limit", 0.3), "distort_limit")}};
             geometryOptions(t, p);
             return step("image.grid_distortion", p);
         }},
        {"Resize",
         [](const json& t) {
             json p = {{"height", number(field(t, "height", json()), "height")},
                       {"width", number(field(t, "width", json()), "width")}};
             geometryOptions(t, p, false);
             return step("image.resize", p);
         }},
        {"CenterCrop",
         [](const json& t) {
             return step("image.center_crop",
                         {{"height", number(field(t, "height", json()), "height")},
                          {"width", number(field(t, "width", json()), "width")}});
         }},
        {"RandomCrop",
         [](const json& t) {
             return step("image.random_crop",
                         {{"height", number(field(t, "height", json()), "height")},
                          {"width", number(field(t, "width", json()), "width")}});
         }},
        {"ChannelShuffle", [](const json&) { return step("image.channel_shuffle"); }},
        {"InvertImg", [](const json&) { return step("image.invert"); }},
        {"ToSepia", [](const json&) { return step("image.to_sepia"); }},
        {"D4", [](const json&) { return step("image.d4"); }},
        {"AutoContrast", [](const json&) { return step("image.auto_contrast"); }},
        {"Equalize",
         [](const json& t) {
             if (t.value("mask", json()).is_null() == false)
                 throw Unconvertible{"mask: equalising within a mask has no equivalent"};
             return step("image.equalize", {{"by_channels", t.value("by_channels", true)}});
         }},
        {"Posterize",
         [](const json& t) {
             const json bits = field(t, "num_bits", 4);
             if (bits.is_array() && bits.size() == 3)
                 throw Unconvertible{"num_bits: bits per channel have no equivalent"};
             const json r = sameRange(bits, "num_bits");
             return step("image.posterize",
                         {{"bits", {count(r[0], "num_bits"), count(r[1], "num_bits")}}});
         }},
        {"Solarize",
         [](const json& t) {
             if (t.contains("threshold_range")) // 2.x: a fraction of the largest value
                 return step("image.solarize",
                             {{"threshold",
                               {number(t["threshold_range"][0], "threshold_range") * 255,
                                number(t["threshold_range"][1], "threshold_range") * 255}}});
             return step("image.solarize",
                         {{"threshold", sameRange(field(t, "threshold", 128), "threshold")}});
         }},
        {"Sharpen",
         [](const json& t) {
             return step("image.sharpen",
                         {{"alpha", lowRange(field(t, "alpha", json{0.2, 0.5}), "alpha", 0.0)},
                          {"lightness",
                           lowRange(field(t, "lightness", json{0.5, 1.0}), "lightness", 0.0)}});
         }},
        {"Emboss",
         [](const json& t) {
             return step(
                 "image.emboss",
                 {{"alpha", lowRange(field(t, "alpha", json{0.2, 0.5}), "alpha", 0.0)},
                  {"strength", lowRange(field(t, "strength", json{0.2, 0.7}), "strength", 0.0)}});
         }},
        {"RGBShift",
         [](const json& t) {
             return step(
                 "image.rgb_shift",
                 {{"r_shift", offsetRange(field(t, "r_shift_limit", 20), "r_shift_limit")},
                  {"g_shift", offsetRange(field(t, "g_shift_limit", 20), "g_shift_limit")},
                  {"b_shift", offsetRange(field(t, "b_shift_limit", 20), "b_shift_limit")}});
         }},
        {"RandomGamma",
         [](const json& t) {
             return step(
                 "image.gamma",
                 {{"gamma", offsetRange(field(t, "gamma_limit", json{80, 120}), "gamma_limit")}});
         }},
        {"FancyPCA",
         [](const json& t) {
             return step("image.fancy_pca", {{"alpha", number(field(t, "alpha", 0.1), "alpha")}});
         }},
        {"ISONoise",
         [](const json& t) {
             return step(
                 "image.iso_noise",
                 {{"color_shift",
                   offsetRange(field(t, "color_shift", json{0.01, 0.05}), "color_shift")},
                  {"intensity", offsetRange(field(t, "intensity", json{0.1, 0.5}), "intensity")}});
         }},
        {"ChannelDropout",
         [](const json& t) {
             const json r = field(t, "channel_drop_range", json{1, 1});
             json p = {{"channels",
                        {count(r[0], "channel_drop_range"), count(r[1], "channel_drop_range")}}};
             for (const char* key : {"fill_value", "fill"})
                 if (t.contains(key) && t[key].is_number())
                     p["fill"] = t[key];
             return step("image.channel_dropout", p);
         }},
        {"Downscale",
         [](const json& t) {
             json p = {
                 {"scale", pairRange(t, "scale_range", "scale_min", "scale_max", 0.25, 0.25)}};
             const json i = field(t, "interpolation_pair", field(t, "interpolation", json()));
             if (i.is_object()) {
                 p["interpolation_down"] =
                     enumName(field(i, "downscale", 0), kAlbuInterpolations, "interpolation");
                 p["interpolation_up"] =
                     enumName(field(i, "upscale", 0), kAlbuInterpolations, "interpolation");
             } else if (!i.is_null()) {
                 p["interpolation_down"] = p["interpolation_up"] =
                     enumName(i, kAlbuInterpolations, "interpolation");
             } else { // Albumentations' default: nearest both ways
                 p["interpolation_down"] = p["interpolation_up"] = "nearest";
             }
             return step("image.downscale", p);
         }},
        {"RandomFog",
         [](const json& t) {
             return step("image.fog", {{"fog_coef", pairRange(t, "fog_coef_range", "fog_coef_lower",
                                                              "fog_coef_upper", 0.3, 1.0)}});
         }},
        {"RandomRain",
         [](const json& t) {
             json p = {
                 {"slant", pairRange(t, "slant_range", "slant_lower", "slant_upper", -10, 10)},
                 {"drop_length", count(field(t, "drop_length", 20), "drop_length")},
                 {"drop_width", count(field(t, "drop_width", 1), "drop_width")},
                 {"blur", count(field(t, "blur_value", 7), "blur_value")},
                 {"brightness",
                  number(field(t, "brightness_coefficient", 0.7), "brightness_coefficient")}};
             const json color = field(t, "drop_color", json{200, 200, 200});
             if (color.is_array() && color.size() == 3)
                 p["drop_level"] =
                     (number(color[0], "drop_color") + number(color[1], "drop_color") +
                      number(color[2], "drop_color")) /
                     3.0;
             return step("image.rain", p);
         }},
        {"RandomSnow",
         [](const json& t) {
             return step(
                 "image.snow",
                 {{"snow_point", pairRange(t, "snow_point_range", "snow_point_lower",
                                           "snow_point_upper", 0.1, 0.3)},
                  {"brightness", number(field(t, "brightness_coeff", 2.5), "brightness_coeff")}});
         }},
        {"RandomShadow",
         [](const json& t) {
             const json n =
                 pairRange(t, "num_shadows_limit", "num_shadows_lower", "num_shadows_upper", 1, 2);
             return step("image.shadow",
                         {{"num_shadows", {count(n[0], "num_shadows"), count(n[1], "num_shadows")}},
                          {"vertices", count(field(t, "shadow_dimension", 5), "shadow_dimension")},
                          {"roi", field(t, "shadow_roi", json{0.0, 0.5, 1.0, 1.0})}});
         }},
        {"RandomSunFlare",
         [](const json& t) {
             const json n = pairRange(t, "num_flare_circles_range", "num_flare_circles_lower",
                                      "num_flare_circles_upper", 6, 10);
             return step(
                 "image.sun_flare",
                 {{"roi", field(t, "flare_roi", json{0.0, 0.0, 1.0, 0.5})},
                  {"angle", pairRange(t, "angle_range", "angle_lower", "angle_upper", 0.0, 1.0)},
                  {"circles",
                   {count(n[0], "num_flare_circles"), count(n[1], "num_flare_circles")}}});
         }},
        {"UnsharpMask",
         [](const json& t) {
             return step("image.unsharp_mask",
                         {{"kernel", intRange(field(t, "blur_limit", json{3, 7}), "blur_limit", 3)},
                          {"sigma", lowRange(field(t, "sigma_limit", 0.0), "sigma_limit", 0.0)},
                          {"alpha", lowRange(field(t, "alpha", json{0.2, 0.5}), "alpha", 0.0)},
                          {"threshold", number(field(t, "threshold", 10), "threshold")}});
         }},
        {"MultiplicativeNoise",
         [](const json& t) {
             return step(
                 "image.multiplicative_noise",
                 {{"multiplier", sameRange(field(t, "multiplier", json{0.9, 1.1}), "multiplier")},
                  {"per_channel", t.value("per_channel", false)},
                  {"elementwise", t.value("elementwise", false)}});
         }},
        {"PixelDropout",
         [](const json& t) {
             json p = {{"dropout_prob", number(field(t, "dropout_prob", 0.01), "dropout_prob")},
                       {"per_channel", t.value("per_channel", false)}};
             const json drop = field(t, "drop_value", 0);
             if (!drop.is_null()) // null: random values, our default draws none
                 p["drop_value"] = number(drop, "drop_value");
             return step("image.pixel_dropout", p);
         }},
        {"RandomToneCurve",
         [](const json& t) {
             return step("image.random_tone_curve",
                         {{"scale", number(field(t, "scale", 0.1), "scale")},
                          {"per_channel", t.value("per_channel", false)}});
         }},
        {"Defocus",
         [](const json& t) {
             const json r = lowRange(field(t, "radius", json{3, 10}), "radius", 1);
             return step("image.defocus",
                         {{"radius", {count(r[0], "radius"), count(r[1], "radius")}},
                          {"alias_blur",
                           lowRange(field(t, "alias_blur", json{0.1, 0.5}), "alias_blur", 0)}});
         }},
        {"ZoomBlur",
         [](const json& t) {
             return step(
                 "image.zoom_blur",
                 {{"max_factor",
                   lowRange(field(t, "max_factor", json{1.0, 1.31}), "max_factor", 1.0)},
                  {"step", sameRange(field(t, "step_factor", json{0.01, 0.03}), "step_factor")}});
         }},
        {"GlassBlur",
         [](const json& t) {
             return step("image.glass_blur",
                         {{"sigma", number(field(t, "sigma", 0.7), "sigma")},
                          {"max_delta", count(field(t, "max_delta", 4), "max_delta")},
                          {"iterations", count(field(t, "iterations", 2), "iterations")}});
         }},
        {"Superpixels",
         [](const json& t) {
             const json n = sameRange(field(t, "n_segments", 100), "n_segments");
             return step("image.superpixels",
                         {{"p_replace", sameRange(field(t, "p_replace", 0.1), "p_replace")},
                          {"n_segments", {count(n[0], "n_segments"), count(n[1], "n_segments")}},
                          {"max_size", count(field(t, "max_size", 128), "max_size")}});
         }},
        {"OpticalDistortion",
         [](const json& t) {
             json p = {{"distort", offsetRange(field(t, "distort_limit", 0.05), "distort_limit")}};
             geometryOptions(t, p);
             return step("image.optical_distortion", p);
         }},
        {"Perspective",
         [](const json& t) {
             json p = {{"scale", lowRange(field(t, "scale", json{0.05, 0.1}), "scale", 0.0)},
                       {"keep_size", t.value("keep_size", true)}};
             geometryOptions(t, p);
             if (t.contains("pad_mode"))
                 p["border_mode"] = enumName(t["pad_mode"], kAlbuBorderModes, "pad_mode");
             if (t.contains("pad_val") && t["pad_val"].is_number())
                 p["fill"] = t["pad_val"];
             return step("image.perspective", p);
         }},
        {"PiecewiseAffine",
         [](const json& t) {
             json p = {{"scale", sameRange(field(t, "scale", json{0.03, 0.05}), "scale")},
                       {"rows", count(field(t, "nb_rows", 4), "nb_rows")},
                       {"cols", count(field(t, "nb_cols", 4), "nb_cols")}};
             geometryOptions(t, p);
             return step("image.piecewise_affine", p);
         }},
        {"LongestMaxSize",
         [](const json& t) {
             json p = {{"max_size", count(field(t, "max_size", 1024), "max_size")}};
             geometryOptions(t, p, false);
             return step("image.longest_max_size", p);
         }},
        {"SmallestMaxSize",
         [](const json& t) {
             json p = {{"max_size", count(field(t, "max_size", 1024), "max_size")}};
             geometryOptions(t, p, false);
             return step("image.smallest_max_size", p);
         }},
        {"PadIfNeeded",
         [](const json& t) {
             for (const char* key : {"pad_height_divisor", "pad_width_divisor"})
                 if (t.contains(key) && !t[key].is_null())
                     throw Unconvertible{std::string(key) + ": padding to a multiple has no "
                                                            "equivalent"};
             json p = {{"min_height", count(field(t, "min_height", 1024), "min_height")},
                       {"min_width", count(field(t, "min_width", 1024), "min_width")}};
             if (t.contains("position") && t["position"].is_string())
                 p["position"] = t["position"];
             geometryOptions(t, p);
             return step("image.pad_if_needed", p);
         }},
        {"RandomScale",
         [](const json& t) {
             json p = {{"scale", offsetRange(field(t, "scale_limit", 0.1), "scale_limit", 1.0)}};
             geometryOptions(t, p, false);
             return step("image.random_scale", p);
         }},
        {"SafeRotate",
         [](const json& t) {
             json p = {{"degrees", offsetRange(field(t, "limit", 90), "limit")}};
             geometryOptions(t, p);
             return step("image.safe_rotate", p);
         }},
        {"RandomSizedCrop",
         [](const json& t) {
             json p = {{"crop_height", field(t, "min_max_height", json())},
                       {"w2h_ratio", number(field(t, "w2h_ratio", 1.0), "w2h_ratio")}};
             if (t.contains("size") && t["size"].is_array() && t["size"].size() == 2) {
                 p["height"] = count(t["size"][0], "size");
                 p["width"] = count(t["size"][1], "size");
             } else {
                 p["height"] = count(field(t, "height", json()), "height");
                 p["width"] = count(field(t, "width", json()), "width");
             }
             if (!p["crop_height"].is_array())
                 throw Unconvertible{"min_max_height: expected [min, max]"};
             geometryOptions(t, p, false);
             return step("image.random_sized_crop", p);
         }},
        {"RandomGridShuffle",
         [](const json& t) {
             const json g = field(t, "grid", json{3, 3});
             if (!g.is_array() || g.size() != 2)
                 throw Unconvertible{"grid: expected [rows, cols]"};
             return step("image.random_grid_shuffle",
                         {{"rows", count(g[0], "grid")}, {"cols", count(g[1], "grid")}});
         }},
        {"ShiftScaleRotate",
         [](const json& t) {
             const json shift = field(t, "shift_limit", 0.0625);
             json p = {{"shift_x", offsetRange(field(t, "shift_limit_x", shift), "shift_limit_x")},
                       {"shift_y", offsetRange(field(t, "shift_limit_y", shift), "shift_limit_y")},
                       {"scale", offsetRange(field(t, "scale_limit", 0.1), "scale_limit", 1.0)},
                       {"rotate", offsetRange(field(t, "rotate_limit", 45), "rotate_limit")}};
             geometryOptions(t, p);
             return step("image.shift_scale_rotate", p);
         }},
    };
    return table;
}

std::string className(const json& t) {
    if (!t.is_object() || !t.contains("__class_fullname__") || !t["__class_fullname__"].is_string())
        return {};
    const std::string full = t["__class_fullname__"].get<std::string>();
    return full.substr(full.rfind('.') == std::string::npos ? 0 : full.rfind('.') + 1);
}

double probability(const json& t) {
    if (t.value("always_apply", false))
        return 1.0;
    return t.contains("p") && t["p"].is_number() ? t["p"].get<double>() : 0.5;
}

struct Importer {
    const std::string& file;
    bool skipUnknown;
    int major; // Albumentations' major version that wrote the file (1 when it does not say)
    std::vector<std::string> unknown, warnings;

    // One Albumentations transform or container at `path`; nothing when left out.
    std::optional<json> node(const json& t, const std::string& path) {
        const std::string name = className(t);
        if (name.empty())
            throw PipelineError(file, path + ": expected a transform with __class_fullname__");
        if (name == "Compose" || name == "Sequential" || name == "OneOf" || name == "SomeOf" ||
            name == "OneOrOther") {
            if (!t.contains("transforms") || !t["transforms"].is_array())
                throw PipelineError(file, path + ".transforms: expected an array");
            json children = json::array();
            for (size_t i = 0; i < t["transforms"].size(); ++i)
                if (auto c =
                        node(t["transforms"][i], path + ".transforms[" + std::to_string(i) + "]"))
                    children.push_back(*c);
            if (children.empty() && name != "Compose")
                return std::nullopt; // every transform in it was left out
            const char* key = name == "OneOf" || name == "OneOrOther" ? "one_of"
                              : name == "SomeOf"                      ? "some_of"
                                                                      : "sequence";
            json group = {{key, children},
                          {"p", name == "Compose" ? t.value("p", 1.0) : probability(t)}};
            if (name == "SomeOf") {
                const int64_t n =
                    t.contains("n") && t["n"].is_number_integer() ? t["n"].get<int64_t>() : 1;
                const int64_t capped = std::min<int64_t>(n, int64_t(children.size()));
                group["n"] = {capped, capped};
            }
            return group;
        }
        const auto it = importers().find(name);
        json given = t;
        // Defaults Albumentations changed in 2.0, written out when the file leaves them.
        if (name == "ShiftScaleRotate" && !given.contains("border_mode"))
            given["border_mode"] = major >= 2 ? 0 : 4; // constant : reflect_101
        if (it == importers().end()) {
            const std::string what =
                path + ": " + name + " (no conversion to this project's transforms)";
            (skipUnknown ? warnings : unknown).push_back(what);
            return std::nullopt;
        }
        try {
            json s = it->second(given);
            s["p"] = probability(t);
            return s;
        } catch (const Unconvertible& u) {
            const std::string what = path + ": " + name + "." + u.reason;
            (skipUnknown ? warnings : unknown).push_back(what);
            return std::nullopt;
        } catch (const json::exception& e) {
            throw PipelineError(file, path + ": " + name + ": " + e.what());
        }
    }
};

} // namespace

AlbumentationsImport importAlbumentations(const json& doc, const std::string& file,
                                          bool skipUnknown) {
    if (!doc.is_object() || !doc.contains("transform"))
        throw PipelineError(file, "not an Albumentations pipeline (expected {\"__version__\": ..., "
                                  "\"transform\": {\"__class_fullname__\": \"Compose\", ...}})");
    int major = 1;
    if (doc.contains("__version__") && doc["__version__"].is_string())
        major = std::atoi(doc["__version__"].get<std::string>().c_str());
    Importer importer{file, skipUnknown, major, {}, {}};
    const json& top = doc["transform"];
    auto root = importer.node(top, "transform");
    if (!importer.unknown.empty()) {
        std::string list;
        for (const auto& u : importer.unknown)
            list += "\n  " + u;
        throw PipelineError(file, std::to_string(importer.unknown.size()) +
                                      " transform(s) cannot be converted (--skip-unknown leaves "
                                      "them out):" +
                                      list);
    }
    json pipeline = {{"version", 1}, {"modality", "image"}, {"seed", 0}, {"steps", json::array()}};
    if (doc.contains("__version__"))
        pipeline["description"] = "converted from Albumentations " + doc["__version__"].dump();
    // 2.x writes Compose's seed (null when unset).
    for (const json* holder : {&top, &doc})
        if (holder->contains("seed") && (*holder)["seed"].is_number_integer() &&
            (*holder)["seed"].get<int64_t>() >= 0)
            pipeline["seed"] = (*holder)["seed"];
    if (root) {
        const bool plain = className(top) == "Compose" && (*root)["p"].get<double>() >= 1.0;
        if (plain)
            pipeline["steps"] = (*root)["sequence"];
        else
            pipeline["steps"].push_back(*root);
    }
    if (top.contains("bbox_params") && top["bbox_params"].is_object()) {
        const json& b = top["bbox_params"];
        if (b.contains("min_visibility") && b["min_visibility"].is_number())
            pipeline["min_visibility"] = b["min_visibility"];
    }
    return {pipeline, importer.warnings};
}

namespace {

json albuRange(const json& r, double centre = 0.0) {
    return {r[0].get<double>() - centre, r[1].get<double>() - centre};
}

json albuTransform(const std::string& name, double p, json fields = json::object()) {
    fields["__class_fullname__"] = name;
    fields["p"] = p;
    return fields;
}

// Our step (params written out, as Pipeline::toJson gives them) as Albumentations writes it.
std::optional<json> exportStep(const json& s, std::vector<std::string>& unknown,
                               const std::string& path) {
    const double p = s.value("p", 0.5);
    for (const char* key : {"sequence", "one_of", "some_of"}) {
        if (!s.contains(key))
            continue;
        json children = json::array();
        for (size_t i = 0; i < s[key].size(); ++i)
            if (auto c = exportStep(s[key][i], unknown,
                                    path + "." + key + "[" + std::to_string(i) + "]"))
                children.push_back(*c);
        const std::string k = key;
        json out = albuTransform(k == "sequence" ? "Sequential"
                                 : k == "one_of" ? "OneOf"
                                                 : "SomeOf",
                                 p, {{"transforms", children}});
        if (k == "some_of") {
            if (s["n"][0] != s["n"][1]) {
                unknown.push_back(
                    path + ": some_of with n from a range (Albumentations' SomeOf takes one n)");
                return std::nullopt;
            }
            out["n"] = s["n"][0];
        }
        return out;
    }
    const std::string id = s.value("transform", "");
    const json params = s.value("params", json::object());
    auto interp = [&] {
        return enumIndex(params.value("interpolation", "linear"), kAlbuInterpolations);
    };
    auto border = [&] {
        return enumIndex(params.value("border_mode", "constant"), kAlbuBorderModes);
    };
    static const std::map<std::string, std::string> plain = {{"image.hflip", "HorizontalFlip"},
                                                             {"image.vflip", "VerticalFlip"},
                                                             {"image.transpose", "Transpose"},
                                                             {"image.rotate90", "RandomRotate90"},
                                                             {"image.to_gray", "ToGray"}};
    if (const auto it = plain.find(id); it != plain.end())
        return albuTransform(it->second, p);
    if (id == "image.rotate")
        return albuTransform(
            "Rotate", p,
            {{"limit", params["degrees"]}, {"interpolation", interp()}, {"border_mode", border()}});
    if (id == "image.affine") {
        // Affine's border fields differ (1.3: mode, cval; 2.x: border_mode, fill): both read
        // it only with the border they both default to, constant black.
        if (params["border_mode"] == "constant" && params["fill"] == 0.0 &&
            params["translate_px_x"] == json{0, 0} && params["translate_px_y"] == json{0, 0})
            return albuTransform("Affine", p,
                                 {{"scale", params["scale"]},
                                  {"rotate", params["rotate"]},
                                  {"translate_percent",
                                   {{"x", params["translate_x"]}, {"y", params["translate_y"]}}},
                                  {"shear", {{"x", params["shear_x"]}, {"y", params["shear_y"]}}},
                                  {"keep_ratio", params["keep_ratio"]},
                                  {"interpolation", interp()}});
        const bool simple =
            params["shear_x"] == json{0.0, 0.0} && params["shear_y"] == json{0.0, 0.0} &&
            params["translate_px_x"] == json{0, 0} && params["translate_px_y"] == json{0, 0};
        if (simple)
            return albuTransform("ShiftScaleRotate", p,
                                 {{"shift_limit_x", params["translate_x"]},
                                  {"shift_limit_y", params["translate_y"]},
                                  {"scale_limit", albuRange(params["scale"], 1.0)},
                                  {"rotate_limit", params["rotate"]},
                                  {"interpolation", interp()},
                                  {"border_mode", border()}});
    }
    if (id == "image.brightness_contrast")
        return albuTransform(
            "RandomBrightnessContrast", p,
            {{"brightness_limit", params["brightness"]}, {"contrast_limit", params["contrast"]}});
    if (id == "image.hue_saturation_value")
        return albuTransform("HueSaturationValue", p,
                             {{"hue_shift_limit", params["hue_shift"]},
                              {"sat_shift_limit", params["sat_shift"]},
                              {"val_shift_limit", params["val_shift"]}});
    if (id == "image.color_jitter")
        return albuTransform("ColorJitter", p,
                             {{"brightness", params["brightness"]},
                              {"contrast", params["contrast"]},
                              {"saturation", params["saturation"]},
                              {"hue", params["hue"]}});
    if (id == "image.gaussian_blur")
        return albuTransform("GaussianBlur", p,
                             {{"blur_limit", params["kernel"]}, {"sigma_limit", params["sigma"]}});
    if (id == "image.blur" || id == "image.median_blur" || id == "image.motion_blur")
        return albuTransform(id == "image.blur"          ? "Blur"
                             : id == "image.median_blur" ? "MedianBlur"
                                                         : "MotionBlur",
                             p, {{"blur_limit", params["kernel"]}});
    if (id == "image.clahe")
        return albuTransform("CLAHE", p,
                             {{"clip_limit", params["clip_limit"]},
                              {"tile_grid_size", {params["tile"], params["tile"]}}});
    if (id == "image.normalize")
        return albuTransform("Normalize", p,
                             {{"mean", params["mean"]},
                              {"std", params["std"]},
                              {"max_pixel_value", params["max_pixel_value"]}});
    if (id == "image.elastic")
        return albuTransform("ElasticTransform", p,
                             {{"alpha", params["alpha"]},
                              {"sigma", params["sigma"]},
                              {"interpolation", interp()},
                              {"border_mode", border()}});
    if (id == "image.grid_distortion")
        return albuTransform("GridDistortion", p,
                             {{"num_steps", params["steps"]},
                              {"distort_limit", params["limit"]},
                              {"interpolation", interp()},
                              {"border_mode", border()}});
    if (id == "image.shift_scale_rotate")
        return albuTransform("ShiftScaleRotate", p,
                             {{"shift_limit_x", params["shift_x"]},
                              {"shift_limit_y", params["shift_y"]},
                              {"scale_limit", albuRange(params["scale"], 1.0)},
                              {"rotate_limit", params["rotate"]},
                              {"interpolation", interp()},
                              {"border_mode", border()}});
    if (id == "image.random_scale")
        return albuTransform(
            "RandomScale", p,
            {{"scale_limit", albuRange(params["scale"], 1.0)}, {"interpolation", interp()}});
    if (id == "image.safe_rotate")
        return albuTransform(
            "SafeRotate", p,
            {{"limit", params["degrees"]}, {"interpolation", interp()}, {"border_mode", border()}});
    if (id == "image.random_grid_shuffle")
        return albuTransform("RandomGridShuffle", p, {{"grid", {params["rows"], params["cols"]}}});
    // Same values under other names, read by 1.3 and 2.x alike.
    static const std::map<std::string,
                          std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>
        renamed = {
            {"image.channel_shuffle", {"ChannelShuffle", {}}},
            {"image.invert", {"InvertImg", {}}},
            {"image.to_sepia", {"ToSepia", {}}},
            {"image.equalize", {"Equalize", {{"by_channels", "by_channels"}}}},
            {"image.posterize", {"Posterize", {{"bits", "num_bits"}}}},
            {"image.sharpen", {"Sharpen", {{"alpha", "alpha"}, {"lightness", "lightness"}}}},
            {"image.emboss", {"Emboss", {{"alpha", "alpha"}, {"strength", "strength"}}}},
            {"image.rgb_shift",
             {"RGBShift",
              {{"r_shift", "r_shift_limit"},
               {"g_shift", "g_shift_limit"},
               {"b_shift", "b_shift_limit"}}}},
            {"image.gamma", {"RandomGamma", {{"gamma", "gamma_limit"}}}},
            {"image.fancy_pca", {"FancyPCA", {{"alpha", "alpha"}}}},
            {"image.iso_noise",
             {"ISONoise", {{"color_shift", "color_shift"}, {"intensity", "intensity"}}}},
            {"image.channel_dropout", {"ChannelDropout", {{"channels", "channel_drop_range"}}}},
            {"image.multiplicative_noise",
             {"MultiplicativeNoise",
              {{"multiplier", "multiplier"},
               {"per_channel", "per_channel"},
               {"elementwise", "elementwise"}}}},
            {"image.unsharp_mask",
             {"UnsharpMask",
              {{"kernel", "blur_limit"},
               {"sigma", "sigma_limit"},
               {"alpha", "alpha"},
               {"threshold", "threshold"}}}},
            {"image.defocus", {"Defocus", {{"radius", "radius"}, {"alias_blur", "alias_blur"}}}},
            {"image.zoom_blur",
             {"ZoomBlur", {{"max_factor", "max_factor"}, {"step", "step_factor"}}}},
            {"image.glass_blur",
             {"GlassBlur",
              {{"sigma", "sigma"}, {"max_delta", "max_delta"}, {"iterations", "iterations"}}}},
            {"image.superpixels",
             {"Superpixels",
              {{"p_replace", "p_replace"},
               {"n_segments", "n_segments"},
               {"max_size", "max_size"}}}},
            {"image.perspective",
             {"Perspective", {{"scale", "scale"}, {"keep_size", "keep_size"}}}},
            {"image.piecewise_affine",
             {"PiecewiseAffine", {{"scale", "scale"}, {"rows", "nb_rows"}, {"cols", "nb_cols"}}}},
            {"image.longest_max_size", {"LongestMaxSize", {{"max_size", "max_size"}}}},
            {"image.smallest_max_size", {"SmallestMaxSize", {{"max_size", "max_size"}}}},
        };
    if (const auto it = renamed.find(id); it != renamed.end()) {
        json fields = json::object();
        for (const auto& [ours, theirs] : it->second.second)
            fields[theirs] = params[ours];
        return albuTransform(it->second.first, p, fields);
    }
    if (id == "image.resize" || id == "image.center_crop" || id == "image.random_crop")
        return albuTransform(id == "image.resize"        ? "Resize"
                             : id == "image.center_crop" ? "CenterCrop"
                                                         : "RandomCrop",
                             p, {{"height", params["height"]}, {"width", params["width"]}});
    unknown.push_back(path + ": " + (id.empty() ? std::string("?") : id));
    return std::nullopt;
}

} // namespace

json exportAlbumentations(const json& pipeline, const std::string& file) {
    if (pipeline.value("modality", "") != "image")
        throw PipelineError(file, "only image pipelines have Albumentations equivalents");
    std::vector<std::string> unknown;
    json transforms = json::array();
    const json& steps = pipeline["steps"];
    for (size_t i = 0; i < steps.size(); ++i)
        if (auto t = exportStep(steps[i], unknown, "steps[" + std::to_string(i) + "]"))
            transforms.push_back(*t);
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown)
            list += "\n  " + u;
        throw PipelineError(file, std::to_string(unknown.size()) +
                                      " step(s) have no Albumentations equivalent:" + list);
    }
    json compose = {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", transforms}};
    if (pipeline.contains("min_visibility"))
        compose["bbox_params"] = {{"format", "pascal_voc"},
                                  {"min_visibility", pipeline["min_visibility"]},
                                  {"label_fields", json::array({"labels"})}};
    return {{"__version__", "1.3.1"}, {"transform", compose}};
}

std::string albumentationsPython(const json& albumentationsDoc) {
    std::string text = albumentationsDoc.dump(4);
    std::string escaped;
    for (char c : text)
        escaped += c == '\\' ? std::string("\\\\") : std::string(1, c);
    // JSON strings never hold three quotes in a row once escaped like this.
    return "\"\"\"An augmentation pipeline converted by augstudio-cli convert --to python.\n\n"
           "`transform(image=image)` applies it with Albumentations (1.3 or 2.x).\n\"\"\"\n"
           "import json\n\nimport albumentations as A\n\nPIPELINE = json.loads(\"\"\"\n" +
           escaped +
           "\n\"\"\")\ntransform = A.from_dict(PIPELINE)\n\nif __name__ == \"__main__\":\n"
           "    print(transform)\n";
}

} // namespace augstudio::core

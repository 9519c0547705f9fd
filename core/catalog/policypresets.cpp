#include "core/catalog/presets.h"

#include "core/util/error.h"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace augstudio::core {

namespace {

using json = nlohmann::json;

json step(const char* id, json params) {
    return {{"transform", id}, {"p", 1.0}, {"params", std::move(params)}};
}

// Rounds to 1e-9 so a document prints without noise such as 0.30000000000000004.
double tidy(double x) {
    const double r = std::round(x * 1e9) / 1e9;
    return r == 0 ? 0.0 : r; // no "-0"
}

// --- RandAugment ---------------------------------------------------------------------------
//
// torchvision.transforms.RandAugment (num_magnitude_bins = 31): magnitude m in 0..30 indexes
// linspace(0, max, 31), i.e. max * m / 30. "+-" marks the ops whose sign torchvision draws at
// random; here they are a one_of of the + and - steps (a single step when the magnitude is 0).
//
// | torchvision op | torchvision at magnitude m         | step here                              |
// |----------------|------------------------------------|----------------------------------------|
// | Identity       | -                                  | image.posterize bits 8 (a no-op)       |
// | ShearX         | shear = +-atan(0.3 m/30) rad       | image.affine shear_x +-that, in deg    |
// | ShearY         | shear = +-atan(0.3 m/30) rad       | image.affine shear_y +-that, in deg    |
// | TranslateX     | +-(150/331) m/30 of the width, px  | image.affine translate_x +-fraction    |
// | TranslateY     | +-(150/331) m/30 of the height, px | image.affine translate_y +-fraction    |
// | Rotate         | +-30 m/30 degrees                  | image.rotate degrees +-m               |
// | Brightness     | factor 1 +- 0.9 m/30               | image.color_jitter brightness          |
// | Color          | saturation factor 1 +- 0.9 m/30    | image.color_jitter saturation          |
// | Contrast       | factor 1 +- 0.9 m/30               | image.color_jitter contrast            |
// | Sharpness      | factor 1 + 0.9 m/30 (sharper)      | image.sharpen alpha 0.9 m/30 / 13,     |
// |                |                                    |   lightness 1 (the same 3x3 kernel)    |
// |                | factor 1 - 0.9 m/30 (softer)       | image.gaussian_blur 3x3, sigma giving  |
// |                |                                    |   torchvision's centre weight          |
// | Posterize      | 8 - round(m / 7.5) bits            | image.posterize bits                   |
// | Solarize       | threshold 255 (1 - m/30)           | image.solarize threshold               |
// | AutoContrast   | -                                  | image.auto_contrast                    |
// | Equalize       | per channel                        | image.equalize by_channels             |
//
// Geometry uses nearest interpolation and a black constant fill, as torchvision's defaults.
// Differences: torchvision shears about the top-left corner, image.affine about the centre
// (the same shear, shifted); torchvision draws its n ops with replacement, the some_of group
// picks n different ops.

constexpr int kMaxMagnitude = 30; // num_magnitude_bins - 1

struct RandAugmentOp {
    const char* name;
    bool sign; // torchvision draws the sign at random
    json (*make)(double fraction, double sign);
};

json affine(const char* key, double value) {
    json params = {{"rotate", 0},
                   {"scale", 1},
                   {"translate_x", 0},
                   {"translate_y", 0},
                   {"translate_px_x", 0},
                   {"translate_px_y", 0},
                   {"shear_x", 0},
                   {"shear_y", 0},
                   {"keep_ratio", true},
                   {"interpolation", "nearest"},
                   {"border_mode", "constant"},
                   {"fill", 0}};
    params[key] = tidy(value);
    return step("image.affine", params);
}

json jitter(const char* key, double factor) {
    json params = {{"brightness", 1}, {"contrast", 1}, {"saturation", 1}, {"hue", 0}};
    params[key] = tidy(factor);
    return step("image.color_jitter", params);
}

double shearDegrees(double fraction) {
    return std::atan(0.3 * fraction) * 180.0 / std::numbers::pi;
}

// torchvision's softening (factor f < 1) is the 3x3 kernel with centre 1 - 8 (1 - f) / 13 and
// (1 - f) / 13 elsewhere; the Gaussian 3x3 with the same centre weight c^2, where its 1-D
// weights are [q, 1, q] / (1 + 2 q) with q = exp(-1 / (2 sigma^2)), is the closest blur.
double blurSigma(double amount) {
    const double c = std::sqrt(1.0 - 8.0 * amount / 13.0);
    const double q = (1.0 / c - 1.0) / 2.0;
    return std::sqrt(-1.0 / (2.0 * std::log(q)));
}

const std::vector<RandAugmentOp>& randAugmentOps() {
    static const std::vector<RandAugmentOp> ops = {
        {"Identity", false,
         [](double, double) {
             return step("image.posterize", {{"bits", 8}});
         }},
        {"ShearX", true, [](double f, double s) { return affine("shear_x", s * shearDegrees(f)); }},
        {"ShearY", true, [](double f, double s) { return affine("shear_y", s * shearDegrees(f)); }},
        {"TranslateX", true,
         [](double f, double s) { return affine("translate_x", s * 150.0 / 331.0 * f); }},
        {"TranslateY", true,
         [](double f, double s) { return affine("translate_y", s * 150.0 / 331.0 * f); }},
        {"Rotate", true,
         [](double f, double s) {
             return step("image.rotate", {{"degrees", tidy(s * 30.0 * f)},
                                          {"interpolation", "nearest"},
                                          {"border_mode", "constant"},
                                          {"fill", 0}});
         }},
        {"Brightness", true,
         [](double f, double s) { return jitter("brightness", 1.0 + s * 0.9 * f); }},
        {"Color", true, [](double f, double s) { return jitter("saturation", 1.0 + s * 0.9 * f); }},
        {"Contrast", true,
         [](double f, double s) { return jitter("contrast", 1.0 + s * 0.9 * f); }},
        {"Sharpness", true,
         [](double f, double s) {
             const double amount = 0.9 * f;
             if (s > 0)
                 return step("image.sharpen", {{"alpha", tidy(amount / 13.0)}, {"lightness", 1}});
             return step("image.gaussian_blur",
                         {{"kernel", 3}, {"sigma", tidy(blurSigma(amount))}});
         }},
        {"Posterize", false,
         [](double f, double) {
             return step("image.posterize",
                         {{"bits", 8 - int(std::lround(f * kMaxMagnitude / 7.5))}});
         }},
        {"Solarize", false,
         [](double f, double) {
             return step("image.solarize", {{"threshold", tidy(255.0 * (1.0 - f))}});
         }},
        {"AutoContrast", false,
         [](double, double) { return step("image.auto_contrast", json::object()); }},
        {"Equalize", false,
         [](double, double) {
             return step("image.equalize", {{"by_channels", true}});
         }},
    };
    return ops;
}

int64_t integerArgument(const json& args, const char* name, int64_t def, int64_t lo, int64_t hi,
                        const std::string& what) {
    if (!args.contains(name))
        return def;
    const json& v = args[name];
    const bool integral = v.is_number_integer() ||
                          (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    const std::string expected = "expected an integer within [" + std::to_string(lo) + ", " +
                                 std::to_string(hi) + "] (" + what + "), got " + v.dump();
    if (!integral)
        throw PipelineError(name, expected);
    const double x = v.get<double>();
    if (x < double(lo) || x > double(hi))
        throw PipelineError(name, expected);
    return int64_t(x);
}

// --- SpecAugment ---------------------------------------------------------------------------
//
// Park et al. 2019, table 1: time warp W, F and mF frequency masks of up to F mel bins, mT
// time masks of up to T frames and at most p of the utterance.
//
// | policy | W  | F  | mF | T   | p   | mT |
// |--------|----|----|----|-----|-----|----|
// | LB     | 80 | 27 | 1  | 100 | 1.0 | 1  |
// | LD     | 80 | 27 | 2  | 100 | 1.0 | 2  |
// | SM     | 40 | 15 | 2  | 70  | 0.2 | 2  |
// | SS     | 40 | 27 | 2  | 70  | 0.2 | 2  |
//
// On the waveform:
// - a frequency mask is an audio.band_stop (4 notch sections, at least 12 dB down across the
//   band). The paper's 80 mel bins span 0-8 kHz (16 kHz LibriSpeech); f bins of the mel scale
//   (2595 log10(1 + hz/700)) cover a bandwidth fraction of 2 sinh(ln 10 * w / 5190) of their
//   centre, w = f * mel(8 kHz) / 81, above ~1 kHz where the scale is logarithmic: F = 27 is
//   0.865, F = 15 is 0.471. The width is drawn from [0.01, that] (the schema's smallest is
//   0.01 rather than 0), the centre log-uniformly from 100 Hz to 7.6 kHz (the schema draws
//   the centre log-uniformly where SpecAugment draws the first bin uniformly in mel).
// - a time mask is an audio.time_mask, whose width is a fraction of the clip: T frames of
//   10 ms are expressed for a reference clip of 10 s (LibriSpeech utterances average ~12 s),
//   band_part [0, min(p, T * 10 ms / 10 s)]: LB/LD [0, 0.1], SM/SS [0, 0.07]. A shorter clip
//   gets proportionally shorter masks.
// - time warp is left out: no waveform transform stretches one part of a clip against the
//   rest (audio.time_stretch changes the tempo of the whole clip); the paper finds it the
//   least useful of the three.

struct SpecAugmentPolicy {
    const char* name;
    int W, F, mF, T;
    double p;
    int mT;
};

constexpr SpecAugmentPolicy kPolicies[] = {
    {"LB", 80, 27, 1, 100, 1.0, 1},
    {"LD", 80, 27, 2, 100, 1.0, 2},
    {"SM", 40, 15, 2, 70, 0.2, 2},
    {"SS", 40, 27, 2, 70, 0.2, 2},
};

constexpr int kMelBins = 80;
constexpr double kMelTopHz = 8000.0;
constexpr double kFrameSeconds = 0.010;
constexpr double kReferenceSeconds = 10.0;
constexpr double kLowestCentreHz = 100.0;
constexpr double kHighestCentreHz = 7600.0;

double melOf(double hz) {
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}

// Bandwidth of `bins` mel bins as a fraction of their (geometric) centre frequency.
double melBandFraction(int bins) {
    const double width = bins * melOf(kMelTopHz) / (kMelBins + 1);
    return 2.0 * std::sinh(std::log(10.0) * width / (2.0 * 2595.0));
}

std::string num(double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

} // namespace

json randAugmentPreset(const json& args) {
    if (!args.is_object())
        throw PipelineError("randaugment", "expected a JSON object such as {\"n\": 2, \"m\": 9}, "
                                           "got " +
                                               args.dump());
    for (const auto& [key, v] : args.items())
        if (key != "n" && key != "m")
            throw PipelineError(key, "unknown argument (RandAugment takes n and m)");
    const auto& ops = randAugmentOps();
    const int64_t n =
        integerArgument(args, "n", 2, 1, int64_t(ops.size()), "the number of ops applied");
    const int64_t m = integerArgument(args, "m", 9, 0, kMaxMagnitude, "the magnitude");
    const double fraction = double(m) / kMaxMagnitude;

    json group = json::array();
    for (const RandAugmentOp& op : ops) {
        if (op.sign && m > 0)
            group.push_back(
                {{"one_of", {op.make(fraction, 1.0), op.make(fraction, -1.0)}}, {"p", 1.0}});
        else
            group.push_back(op.make(fraction, 1.0));
    }
    const std::string nm = "n=" + std::to_string(n) + " m=" + std::to_string(m);
    return {{"version", 1},
            {"modality", "image"},
            {"name", "RandAugment " + nm},
            {"description", "RandAugment (Cubuk et al. 2020; torchvision's op list and "
                            "magnitudes, 31 bins): " +
                                std::to_string(n) + " different ops of " +
                                std::to_string(ops.size()) + " at magnitude " + std::to_string(m) +
                                " of 30"},
            {"steps", {{{"some_of", group}, {"n", {n, n}}, {"p", 1.0}}}}};
}

json specAugmentPreset(const std::string& policy) {
    const SpecAugmentPolicy* found = nullptr;
    std::string names;
    for (const auto& p : kPolicies) {
        names += (names.empty() ? "" : ", ") + std::string(p.name);
        if (policy == p.name)
            found = &p;
    }
    if (!found)
        throw PipelineError("policy",
                            "unknown SpecAugment policy '" + policy + "' (expected " + names + ")");
    const SpecAugmentPolicy& p = *found;

    json steps = json::array();
    const double bandwidth = tidy(melBandFraction(p.F));
    for (int i = 0; i < p.mF; ++i)
        steps.push_back(step("audio.band_stop", {{"center_hz", {kLowestCentreHz, kHighestCentreHz}},
                                                 {"bandwidth_fraction", {0.01, bandwidth}},
                                                 {"rolloff", {48, 48}}}));
    const double part = tidy(std::min(p.p, p.T * kFrameSeconds / kReferenceSeconds));
    for (int i = 0; i < p.mT; ++i)
        steps.push_back(step("audio.time_mask", {{"band_part", {0.0, part}}, {"fade", false}}));

    return {{"version", 1},
            {"modality", "audio"},
            {"name", "SpecAugment " + std::string(p.name)},
            {"description",
             "SpecAugment " + std::string(p.name) + " (Park et al. 2019: W " + std::to_string(p.W) +
                 ", F " + std::to_string(p.F) + ", mF " + std::to_string(p.mF) + ", T " +
                 std::to_string(p.T) + ", p " + num(p.p) + ", mT " + std::to_string(p.mT) +
                 ") on the waveform: " + std::to_string(p.mF) +
                 " band stops of up to F mel bins (80 bins over 0-8 kHz), " + std::to_string(p.mT) +
                 " time masks of up to T frames of 10 ms for a 10 s clip (band_part up to " +
                 num(part) + " of the clip); time warp left out (no waveform equivalent)"},
            {"steps", steps}};
}

} // namespace augstudio::core

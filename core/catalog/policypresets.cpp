#include "core/catalog/presets.h"

#include "core/util/error.h"

#include <cmath>
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
// torchvision.transforms.RandAugment (num_magnitude_bins = 31) as one policy.randaugment step:
// the transform carries torchvision's op list, magnitude bins and signs, draws n ops with
// replacement and records which ops and magnitudes it chose.

constexpr int kMaxMagnitude = 30;   // num_magnitude_bins - 1
constexpr int kRandAugmentOps = 14; // torchvision's RandAugment op list

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
    const int64_t n =
        integerArgument(args, "n", 2, 1, kRandAugmentOps, "the number of ops applied");
    const int64_t m = integerArgument(args, "m", 9, 0, kMaxMagnitude, "the magnitude");
    const std::string nm = "n=" + std::to_string(n) + " m=" + std::to_string(m);
    return {{"version", 1},
            {"modality", "image"},
            {"name", "RandAugment " + nm},
            {"description", "RandAugment (Cubuk et al. 2020; torchvision's op list and "
                            "magnitudes, 31 bins): " +
                                std::to_string(n) + " ops of " + std::to_string(kRandAugmentOps) +
                                ", drawn with replacement, at magnitude " + std::to_string(m) +
                                " of 30"},
            {"steps",
             {step("policy.randaugment", {{"num_ops", n},
                                          {"magnitude", m},
                                          {"num_magnitude_bins", kMaxMagnitude + 1},
                                          {"interpolation", "nearest"},
                                          {"fill", 0}})}}};
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

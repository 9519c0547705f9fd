#include "core/catalog/builtin.h"
#include "core/catalog/presets.h"

#include "core/pipeline/registry.h"
#include "core/util/error.h"

#include <vector>

namespace augstudio::core {

namespace {

using json = nlohmann::json;

struct Candidate {
    const char* id;
    double p;
    json light; // parameters per strength
    json medium;
    json heavy;
};

// Parameters for the three strengths; a step absent from the registry is left out, and a
// parameter the transform does not declare is dropped, so the preset always loads.
json paramsFor(const TransformInfo& info, const json& wanted) {
    json out = json::object();
    for (const auto& spec : info.params) {
        if (!wanted.contains(spec.name))
            continue;
        try {
            validateParams({spec}, json{{spec.name, wanted[spec.name]}}, "params");
            out[spec.name] = wanted[spec.name];
        } catch (const PipelineError&) {
            // the catalog's bounds differ from what this table assumed: keep the default
        }
    }
    return out;
}

int strengthIndex(const std::string& strength) {
    if (strength == "light")
        return 0;
    if (strength == "medium")
        return 1;
    if (strength == "heavy")
        return 2;
    throw PipelineError("strength", "expected light, medium or heavy, got '" + strength + "'");
}

std::vector<Candidate> candidates(Modality m) {
    switch (m) {
    case Modality::Image:
        return {
            {"image.hflip", 0.5, json::object(), json::object(), json::object()},
            {"image.rotate",
             0.5,
             {{"degrees", {-8, 8}}},
             {{"degrees", {-15, 15}}},
             {{"degrees", {-30, 30}}}},
            {"image.affine",
             0.5,
             {{"scale", {0.95, 1.05}}},
             {{"scale", {0.9, 1.1}}},
             {{"scale", {0.8, 1.2}}, {"translate_x", {-0.1, 0.1}}, {"translate_y", {-0.1, 0.1}}}},
            {"image.brightness_contrast",
             0.5,
             {{"brightness", {-0.1, 0.1}}, {"contrast", {-0.1, 0.1}}},
             {{"brightness", {-0.2, 0.2}}, {"contrast", {-0.2, 0.2}}},
             {{"brightness", {-0.35, 0.35}}, {"contrast", {-0.35, 0.35}}}},
            {"image.hue_saturation_value", 0.3, json::object(), json::object(), json::object()},
            {"image.gaussian_blur", 0.2, json::object(), json::object(), json::object()},
            {"image.gaussian_noise", 0.3, json::object(), json::object(), json::object()},
            {"image.coarse_dropout", 0.3, json::object(), json::object(), json::object()},
        };
    case Modality::Audio:
        return {
            {"audio.gain",
             0.5,
             {{"gain_db", {-3, 3}}},
             {{"gain_db", {-6, 6}}},
             {{"gain_db", {-12, 12}}}},
            {"audio.gaussian_snr",
             0.5,
             {{"snr_db", {25, 40}}},
             {{"snr_db", {15, 40}}},
             {{"snr_db", {5, 30}}}},
            {"audio.shift",
             0.5,
             {{"fraction", {-0.1, 0.1}}},
             {{"fraction", {-0.25, 0.25}}},
             {{"fraction", {-0.5, 0.5}}}},
            {"audio.pitch_shift",
             0.3,
             {{"semitones", {-1, 1}}},
             {{"semitones", {-2, 2}}},
             {{"semitones", {-4, 4}}}},
            {"audio.time_stretch",
             0.3,
             {{"rate", {0.95, 1.05}}},
             {{"rate", {0.9, 1.1}}},
             {{"rate", {0.8, 1.25}}}},
            {"audio.time_mask",
             0.3,
             {{"band_part", {0.01, 0.05}}},
             {{"band_part", {0.01, 0.1}}},
             {{"band_part", {0.01, 0.2}}}},
        };
    case Modality::Series:
        return {
            {"series.jitter", 0.5, {{"sigma", 0.01}}, {{"sigma", 0.03}}, {{"sigma", 0.08}}},
            {"series.scaling", 0.5, {{"sigma", 0.05}}, {{"sigma", 0.1}}, {{"sigma", 0.2}}},
            {"series.magnitude_warp", 0.3, {{"sigma", 0.1}}, {{"sigma", 0.2}}, {{"sigma", 0.3}}},
            {"series.time_warp", 0.3, {{"sigma", 0.1}}, {{"sigma", 0.2}}, {{"sigma", 0.3}}},
            {"series.window_slice",
             0.3,
             {{"reduce_ratio", 0.95}},
             {{"reduce_ratio", 0.9}},
             {{"reduce_ratio", 0.8}}},
            {"series.window_warp", 0.3, json::object(), json::object(), json::object()},
        };
    case Modality::Text:
        return {
            {"text.synonym_replace", 0.5, {{"alpha", 0.05}}, {{"alpha", 0.1}}, {{"alpha", 0.2}}},
            {"text.random_insert", 0.3, {{"alpha", 0.05}}, {{"alpha", 0.1}}, {{"alpha", 0.2}}},
            {"text.random_swap", 0.3, {{"alpha", 0.05}}, {{"alpha", 0.1}}, {{"alpha", 0.2}}},
            {"text.random_delete", 0.3, {{"p", 0.05}}, {{"p", 0.1}}, {{"p", 0.2}}},
            {"text.char_noise", 0.2, {{"rate", 0.02}}, {{"rate", 0.05}}, {{"rate", 0.1}}},
        };
    }
    return {};
}

// How many of the candidates each strength uses, and how much their p is scaled.
constexpr size_t kStepsUsed[3] = {3, 5, 100};
constexpr double kPScale[3] = {0.6, 1.0, 1.4};

} // namespace

nlohmann::json strengthPreset(Modality modality, const std::string& strength) {
    const int level = strengthIndex(strength);
    const Registry& registry = builtinRegistry();
    json steps = json::array();
    for (const Candidate& c : candidates(modality)) {
        if (steps.size() >= kStepsUsed[level])
            break;
        const TransformInfo* info = registry.find(c.id);
        if (!info)
            continue;
        const json& wanted = level == 0 ? c.light : level == 1 ? c.medium : c.heavy;
        const double p = std::min(1.0, c.p * kPScale[level]);
        steps.push_back({{"transform", c.id},
                         {"p", double(int(p * 100 + 0.5)) / 100.0},
                         {"params", paramsFor(*info, wanted)}});
    }
    return {{"version", 1},
            {"modality", modalityName(modality)},
            {"seed", 42},
            {"name", std::string(modalityName(modality)) + " " + strength},
            {"steps", steps}};
}

} // namespace augstudio::core

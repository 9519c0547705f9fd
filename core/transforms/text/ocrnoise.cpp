#include "core/transforms/text/ocrnoise.h"

#include "core/transforms/text/wordedits.h"

#include <array>
#include <string_view>

namespace augstudio::core {

namespace {

struct OcrConfusion {
    std::string_view from;
    std::array<std::string_view, 3> to; // empty entries unused
};

// Longest patterns first: "rn" is read as "m" before "r" could be anything else.
const std::array<OcrConfusion, 27> kOcrConfusions = {{
    {"rn", {"m"}},     {"cl", {"d"}},     {"vv", {"w"}},     {"li", {"h"}},
    {"m", {"rn"}},     {"d", {"cl"}},     {"w", {"vv"}},     {"0", {"O", "o", "D"}},
    {"O", {"0", "D"}}, {"o", {"0"}},      {"D", {"0", "O"}}, {"1", {"l", "I", "7"}},
    {"l", {"1", "I"}}, {"I", {"1", "l"}}, {"i", {"1", "l"}}, {"5", {"S", "s"}},
    {"S", {"5", "8"}}, {"s", {"5"}},      {"8", {"B", "S"}}, {"B", {"8"}},
    {"2", {"Z", "z"}}, {"Z", {"2"}},      {"6", {"b", "G"}}, {"b", {"6"}},
    {"9", {"g", "q"}}, {"g", {"9", "q"}}, {"e", {"c"}},
}};

} // namespace

OcrNoise::OcrNoise(const ParamSet& p) : rate_(p.f("rate")), protection_(p) {}

Values OcrNoise::draw(Rng& rng, const SampleInfo& info) const {
    return wordedits::replaceEachWord(
        info, protection_, [&](const std::string& w, nlohmann::json& record) {
            std::string to;
            bool changed = false;
            for (size_t at = 0; at < w.size();) {
                const OcrConfusion* match = nullptr;
                for (const OcrConfusion& c : kOcrConfusions)
                    if (std::string_view(w).substr(at, c.from.size()) == c.from) {
                        match = &c;
                        break;
                    }
                if (!match || !rng.bernoulli(rate_)) {
                    to += w[at++];
                    continue;
                }
                size_t choices = 0;
                while (choices < match->to.size() && !match->to[choices].empty())
                    ++choices;
                to += match->to[size_t(rng.integer(0, int64_t(choices) - 1))];
                at += match->from.size();
                changed = true;
            }
            record["to"] = to;
            return changed;
        });
}

void OcrNoise::applyTo(TextSample& s, const Values& v) const {
    wordedits::applyReplace(s, v);
}

TransformInfo OcrNoise::info() {
    std::vector<ParamSpec> params = {floatParam(
        "rate", 0.1, 0.0, 1.0,
        "probability that each place where an OCR confusion applies is changed", {}, 0.01)};
    for (auto& spec : TextProtection::params())
        params.push_back(std::move(spec));
    return {"text.ocr_noise",
            Modality::Text,
            "character",
            "OCR confusions (0/O, 1/l/I, 5/S, rn/m, cl/d, vv/w, ...) in random places",
            std::move(params),
            0.5,
            factoryOf<OcrNoise>()};
}

} // namespace augstudio::core

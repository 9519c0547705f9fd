#include "core/transforms/text/charsubstitute.h"

#include "core/transforms/text/wordedits.h"

#include <algorithm>

namespace augstudio::core {

CharSubstitute::CharSubstitute(const ParamSet& p) : rate_(p.f("rate")), protection_(p) {}

Values CharSubstitute::draw(Rng& rng, const SampleInfo& info) const {
    return wordedits::replaceEachWord(
        info, protection_, [&](const std::string& word, nlohmann::json& record) {
            std::string w = word;
            bool changed = false;
            for (char& c : w) {
                // Another symbol of the same kind: never the same one.
                char first = 0;
                int64_t kinds = 0;
                if (c >= 'a' && c <= 'z')
                    first = 'a', kinds = 26;
                else if (c >= 'A' && c <= 'Z')
                    first = 'A', kinds = 26;
                else if (c >= '0' && c <= '9')
                    first = '0', kinds = 10;
                if (kinds == 0 || !rng.bernoulli(rate_))
                    continue;
                const auto other = char(first + (c - first + rng.integer(1, kinds - 1)) % kinds);
                c = other;
                changed = true;
            }
            record["to"] = w;
            return changed;
        });
}

void CharSubstitute::applyTo(TextSample& s, const Values& v) const {
    wordedits::applyReplace(s, v);
}

TransformInfo CharSubstitute::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {floatParam("rate", 0.05, 0.0, 1.0,
                    "probability that each letter or digit of a word is substituted", {}, 0.01)});
    return {"text.char_substitute",
            Modality::Text,
            "character",
            "Substitute random letters and digits of words by others of their kind",
            std::move(params),
            0.5,
            factoryOf<CharSubstitute>()};
}

} // namespace augstudio::core

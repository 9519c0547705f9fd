#include "core/transforms/text/spellingnoise.h"

#include "core/transforms/text/wordedits.h"

#include <array>
#include <string_view>

namespace augstudio::core {

namespace {

bool spellingIsVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}
bool spellingIsLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char spellingLower(char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// Suffixes people confuse, both ways.
const std::array<std::pair<std::string_view, std::string_view>, 7> kSuffixPairs = {{
    {"ance", "ence"},
    {"able", "ible"},
    {"ant", "ent"},
    {"ise", "ize"},
    {"tion", "sion"},
    {"ful", "full"},
    {"ary", "ery"},
}};

// Vowels people confuse.
char confusedVowel(char v) {
    switch (v) {
    case 'a':
        return 'e';
    case 'e':
        return 'i';
    case 'i':
        return 'e';
    case 'o':
        return 'u';
    case 'u':
        return 'o';
    }
    return v;
}

// Every misspelling the rules allow for `w` (ASCII letters only), with the rule's name.
std::vector<std::pair<std::string, const char*>> misspellings(const std::string& w) {
    std::vector<std::pair<std::string, const char*>> out;
    std::string lower;
    for (char c : w)
        lower += spellingLower(c);
    const size_t n = w.size();
    for (size_t i = 0; i + 1 < n; ++i) {
        if (lower[i] == lower[i + 1] && !spellingIsVowel(lower[i]))
            out.emplace_back(w.substr(0, i) + w.substr(i + 1), "drop_double");
        if (lower[i] == 'i' && lower[i + 1] == 'e')
            out.emplace_back(w.substr(0, i) + w[i + 1] + w[i] + w.substr(i + 2), "ie_ei");
        if (lower[i] == 'e' && lower[i + 1] == 'i')
            out.emplace_back(w.substr(0, i) + w[i + 1] + w[i] + w.substr(i + 2), "ie_ei");
    }
    // A single consonant between vowels doubled ("paper" -> "papper").
    for (size_t i = 1; i + 1 < n; ++i)
        if (!spellingIsVowel(lower[i]) && spellingIsVowel(lower[i - 1]) &&
            spellingIsVowel(lower[i + 1]))
            out.emplace_back(w.substr(0, i + 1) + w.substr(i), "double");
    // A vowel inside the word confused (never the first letter).
    for (size_t i = 1; i < n; ++i)
        if (spellingIsVowel(lower[i])) {
            std::string v = w;
            const char to = confusedVowel(lower[i]);
            v[i] = w[i] >= 'A' && w[i] <= 'Z' ? char(to - 'a' + 'A') : to;
            out.emplace_back(v, "vowel");
        }
    for (const auto& [a, b] : kSuffixPairs)
        for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}})
            if (n > from.size() + 1 && std::string_view(lower).substr(n - from.size()) == from)
                out.emplace_back(w.substr(0, n - from.size()) + std::string(to), "suffix");
    return out;
}

} // namespace

SpellingNoise::SpellingNoise(const ParamSet& p) : rate_(p.f("rate")), protection_(p) {}

Values SpellingNoise::draw(Rng& rng, const SampleInfo& info) const {
    return wordedits::replaceEachWord(
        info, protection_, [&](const std::string& w, nlohmann::json& record) {
            if (w.size() < 3)
                return false;
            bool letters = true;
            for (char c : w)
                letters = letters && spellingIsLetter(c);
            if (!letters || !rng.bernoulli(rate_))
                return false;
            const auto options = misspellings(w);
            if (options.empty())
                return false;
            const auto& [to, rule] = options[size_t(rng.integer(0, int64_t(options.size()) - 1))];
            record["to"] = to;
            record["rule"] = rule;
            return true;
        });
}

void SpellingNoise::applyTo(TextSample& s, const Values& v) const {
    wordedits::applyReplace(s, v);
}

TransformInfo SpellingNoise::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {floatParam("rate", 0.1, 0.0, 1.0,
                    "probability that each word (three letters or more) is misspelt", {}, 0.01)});
    return {"text.spelling_noise",
            Modality::Text,
            "character",
            "Rule-based misspellings: doubled or dropped letters, ie/ei, vowel confusions, suffix "
            "errors",
            std::move(params),
            0.5,
            factoryOf<SpellingNoise>()};
}

} // namespace augstudio::core

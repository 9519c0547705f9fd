#include "core/transforms/text/splitwords.h"

#include "core/transforms/text/wordedits.h"
#include "core/util/utf8.h"

#include <algorithm>

namespace augstudio::core {

SplitWords::SplitWords(const ParamSet& p)
    : count_(p.i("n")), minChars_(p.i("min_chars")), protection_(p) {}

Values SplitWords::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json out = nlohmann::json::array();
    const auto text = wordedits::lockedText(info, protection_);
    if (!text)
        return makeValues({{"replaced", out}});
    const TokenizedText& t = text->words;
    const TextLocks& locks = text->locks;
    // Byte offsets of each candidate word's character starts.
    std::vector<std::pair<size_t, std::vector<size_t>>> candidates;
    for (size_t i = 0; i < t.size(); ++i) {
        if (locks.words[i])
            continue;
        std::vector<size_t> starts;
        for (size_t at = 0; at < t.word(i).size(); at += size_t(utf8::decode(t.word(i), at).length))
            starts.push_back(at);
        if (int64_t(starts.size()) >= std::max<int64_t>(2, minChars_))
            candidates.emplace_back(i, std::move(starts));
    }
    rng.shuffle(candidates);
    for (size_t k = 0; k < candidates.size() && int64_t(k) < count_; ++k) {
        const auto& [i, starts] = candidates[k];
        const size_t cut = starts[size_t(rng.integer(1, int64_t(starts.size()) - 1))];
        const std::string& w = t.word(i);
        out.push_back({{"at", i}, {"from", w}, {"to", w.substr(0, cut) + " " + w.substr(cut)}});
    }
    return wordedits::replacedInTextOrder(std::move(out));
}

void SplitWords::applyTo(TextSample& s, const Values& v) const {
    wordedits::applyReplace(s, v);
}

TransformInfo SplitWords::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {intParam("n", 1, 1, 1000, "most words split"),
         intParam("min_chars", 4, 2, 100, "shortest word split, in characters")});
    return {"text.split_words",
            Modality::Text,
            "token",
            "Split up to n random words in two at a random character",
            std::move(params),
            0.5,
            factoryOf<SplitWords>()};
}

} // namespace augstudio::core

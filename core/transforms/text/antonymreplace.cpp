#include "core/transforms/text/antonymreplace.h"

#include "core/transforms/text/wordedits.h"
#include "core/transforms/text/wordnet.h"

#include <algorithm>

namespace augstudio::core {

AntonymReplace::AntonymReplace(const ParamSet& p)
    : count_(p.i("n")), protection_(p), wordnet_(WordNet::shared()) {}

Values AntonymReplace::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json out = nlohmann::json::array();
    const auto text = wordedits::lockedText(info, protection_);
    if (!text)
        return makeValues({{"replaced", out}});
    const TokenizedText& t = text->words;
    const TextLocks& locks = text->locks;
    std::vector<size_t> candidates;
    for (size_t i = 0; i < t.size(); ++i)
        if (!locks.words[i])
            candidates.push_back(i);
    rng.shuffle(candidates);
    std::vector<std::string_view> antonyms;
    int64_t replaced = 0;
    for (size_t i : candidates) {
        if (replaced >= count_)
            break;
        wordnet_->antonyms(t.word(i), antonyms);
        if (antonyms.empty())
            continue;
        const auto pick = size_t(rng.integer(0, int64_t(antonyms.size()) - 1));
        out.push_back({{"at", i},
                       {"from", t.word(i)},
                       {"to", wordedits::matchCase(t.word(i), antonyms[pick])}});
        ++replaced;
    }
    return wordedits::replacedInTextOrder(std::move(out));
}

void AntonymReplace::applyTo(TextSample& s, const Values& v) const {
    wordedits::applyReplace(s, v);
}

TransformInfo AntonymReplace::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {intParam("n", 1, 1, 1000, "most words replaced (those with a WordNet antonym)")});
    return {"text.antonym_replace",
            Modality::Text,
            "token",
            "Replace up to n random words that have a WordNet antonym by one of their antonyms",
            std::move(params),
            0.5,
            factoryOf<AntonymReplace>()};
}

} // namespace augstudio::core

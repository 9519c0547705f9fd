#include "core/transforms/text/synonymreplace.h"

#include "core/transforms/text/wordedits.h"
#include "core/transforms/text/wordnet.h"

namespace augstudio::core {

SynonymReplace::SynonymReplace(const ParamSet& p)
    : alpha_(p.f("alpha")), protection_(p), wordnet_(WordNet::shared()) {}

Values SynonymReplace::draw(Rng& rng, const SampleInfo& info) const {
    const TextSample* s = wordedits::textOf(info);
    if (!s)
        return Values::object();
    const TokenizedText t(s->text);
    return wordedits::drawReplace(rng, t, protection_.locks(t, s->text), alpha_, *wordnet_);
}

void SynonymReplace::applyTo(TextSample& s, const Values& v) const {
    wordedits::applyReplace(s, v);
}

TransformInfo SynonymReplace::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {floatParam("alpha", 0.1, 0.0, 1.0,
                    "fraction of the words to replace (n = max(1, alpha x words))", {}, 0.01)});
    return {"text.synonym_replace",
            Modality::Text,
            "token",
            "Replace n = max(1, alpha x words) random non-stop-words with a random WordNet synonym",
            std::move(params),
            0.5,
            factoryOf<SynonymReplace>()};
}

} // namespace augstudio::core

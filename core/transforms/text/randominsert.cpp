#include "core/transforms/text/randominsert.h"

#include "core/transforms/text/wordedits.h"
#include "core/transforms/text/wordnet.h"

namespace augstudio::core {

RandomInsert::RandomInsert(const ParamSet& p)
    : alpha_(p.f("alpha")), protection_(p), wordnet_(WordNet::shared()) {}

Values RandomInsert::draw(Rng& rng, const SampleInfo& info) const {
    const TextSample* s = wordedits::textOf(info);
    if (!s)
        return Values::object();
    const TokenizedText t(s->text);
    return wordedits::drawInsert(rng, t, protection_.locks(t, s->text), alpha_, *wordnet_);
}

void RandomInsert::applyTo(TextSample& s, const Values& v) const {
    TokenizedText t(s.text);
    wordedits::applyInsert(t, v);
    s.text = t.str();
}

TransformInfo RandomInsert::info() {
    std::vector<ParamSpec> params = wordedits::withProtection({floatParam(
        "alpha", 0.1, 0.0, 1.0, "insertions as a fraction of the words (n = max(1, alpha x words))",
        {}, 0.01)});
    return {
        "text.random_insert",
        Modality::Text,
        "token",
        "Insert a synonym of a random word at a random position, n = max(1, alpha x words) times",
        std::move(params),
        0.5,
        factoryOf<RandomInsert>()};
}

} // namespace augstudio::core

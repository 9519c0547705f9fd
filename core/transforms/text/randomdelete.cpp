#include "core/transforms/text/randomdelete.h"

#include "core/transforms/text/wordedits.h"

namespace augstudio::core {

RandomDelete::RandomDelete(const ParamSet& p) : p_(p.f("p")), protection_(p) {}

Values RandomDelete::draw(Rng& rng, const SampleInfo& info) const {
    const TextSample* s = wordedits::textOf(info);
    if (!s)
        return Values::object();
    const TokenizedText t(s->text);
    return wordedits::drawDelete(rng, t, protection_.locks(t, s->text), p_);
}

void RandomDelete::applyTo(TextSample& s, const Values& v) const {
    TokenizedText t(s.text);
    wordedits::applyDelete(t, v);
    s.text = t.str();
}

TransformInfo RandomDelete::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {floatParam("p", 0.1, 0.0, 1.0, "probability of deleting each word", {}, 0.01)});
    return {"text.random_delete",
            Modality::Text,
            "token",
            "Delete each word with probability p; never returns an empty text",
            std::move(params),
            0.5,
            factoryOf<RandomDelete>()};
}

} // namespace augstudio::core

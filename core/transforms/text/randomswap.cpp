#include "core/transforms/text/randomswap.h"

#include "core/transforms/text/wordedits.h"

namespace augstudio::core {

RandomSwap::RandomSwap(const ParamSet& p) : alpha_(p.f("alpha")), protection_(p) {}

Values RandomSwap::draw(Rng& rng, const SampleInfo& info) const {
    const TextSample* s = wordedits::textOf(info);
    if (!s)
        return Values::object();
    const TokenizedText t(s->text);
    return wordedits::drawSwap(rng, t, protection_.locks(t, s->text), alpha_);
}

void RandomSwap::applyTo(TextSample& s, const Values& v) const {
    TokenizedText t(s.text);
    wordedits::applySwap(t, v);
    s.text = t.str();
}

TransformInfo RandomSwap::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {floatParam("alpha", 0.1, 0.0, 1.0,
                    "swaps as a fraction of the words (n = max(1, alpha x words))", {}, 0.01)});
    return {"text.random_swap",
            Modality::Text,
            "token",
            "Swap two random words, n = max(1, alpha x words) times",
            std::move(params),
            0.5,
            factoryOf<RandomSwap>()};
}

} // namespace augstudio::core

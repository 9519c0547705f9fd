#include "core/transforms/text/eda.h"

#include "core/transforms/text/wordedits.h"
#include "core/transforms/text/wordnet.h"
#include "core/util/error.h"

namespace augstudio::core {

Eda::Eda(const ParamSet& p)
    : alphaSr_(p.f("alpha_sr")), alphaRi_(p.f("alpha_ri")), alphaRs_(p.f("alpha_rs")),
      pRd_(p.f("p_rd")), protection_(p) {
    if (alphaSr_ > 0 || alphaRi_ > 0)
        wordnet_ = WordNet::shared();
}

Values Eda::draw(Rng& rng, const SampleInfo& info) const {
    const char* ops[4];
    int count = 0;
    if (alphaSr_ > 0)
        ops[count++] = "synonym_replace";
    if (alphaRi_ > 0)
        ops[count++] = "random_insert";
    if (alphaRs_ > 0)
        ops[count++] = "random_swap";
    if (pRd_ > 0)
        ops[count++] = "random_delete";
    const TextSample* s = wordedits::textOf(info);
    if (count == 0 || !s)
        return {{"operation", "none"}};
    const std::string op = ops[rng.integer(0, count - 1)];
    const TokenizedText t(s->text);
    const TextLocks locks = protection_.locks(t, s->text);
    Values v;
    if (op == "synonym_replace")
        v = wordedits::drawReplace(rng, t, locks, alphaSr_, *wordnet_);
    else if (op == "random_insert")
        v = wordedits::drawInsert(rng, t, locks, alphaRi_, *wordnet_);
    else if (op == "random_swap")
        v = wordedits::drawSwap(rng, t, locks, alphaRs_);
    else
        v = wordedits::drawDelete(rng, t, locks, pRd_);
    v["operation"] = op;
    return v;
}

void Eda::applyTo(TextSample& s, const Values& v) const {
    const std::string op = v.value("operation", std::string("none"));
    if (op == "none")
        return;
    TokenizedText t(s.text);
    if (op == "synonym_replace")
        wordedits::applyReplace(t, v);
    else if (op == "random_insert")
        wordedits::applyInsert(t, v);
    else if (op == "random_swap")
        wordedits::applySwap(t, v);
    else if (op == "random_delete")
        wordedits::applyDelete(t, v);
    else
        throw Error("operation", "unknown EDA operation '" + op + "'");
    s.text = t.str();
}

TransformInfo Eda::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {floatParam("alpha_sr", 0.1, 0.0, 1.0,
                    "synonym replacement: fraction of the words replaced (0 disables it)", {},
                    0.01),
         floatParam("alpha_ri", 0.1, 0.0, 1.0,
                    "random insertion: insertions as a fraction of the words (0 disables it)", {},
                    0.01),
         floatParam("alpha_rs", 0.1, 0.0, 1.0,
                    "random swap: swaps as a fraction of the words (0 disables it)", {}, 0.01),
         floatParam("p_rd", 0.1, 0.0, 1.0,
                    "random deletion: probability of deleting each word (0 disables it)", {}, 0.01),
         intParam("num_aug", 4, 1, 64,
                  "copies per sentence used by the EDA preset (the export plan's copies; one run "
                  "makes one output)")});
    return {"text.eda",
            Modality::Text,
            "token",
            "The EDA recipe: one of synonym replacement, random insertion, random swap or "
            "random deletion per output",
            std::move(params),
            1.0,
            factoryOf<Eda>()};
}

} // namespace augstudio::core

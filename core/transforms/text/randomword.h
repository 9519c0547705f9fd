#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.random_word: nlpaug's RandomWordAug. "substitute" replaces n random unprotected words
// by one of the given words, "swap" exchanges a random word with its right neighbour n
// times, "crop" deletes a run of n consecutive unprotected words (a text keeps one word).
class RandomWord : public TextTransform {
public:
    explicit RandomWord(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::string action_;
    int64_t count_;
    std::vector<std::string> substitutes_;
    TextProtection protection_;
};

} // namespace augstudio::core

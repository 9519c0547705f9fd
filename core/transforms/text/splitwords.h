#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.split_words: up to n random unprotected words of at least min_chars characters split
// in two at a random character (nlpaug SplitAug): "question" -> "ques tion".
class SplitWords : public TextTransform {
public:
    explicit SplitWords(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int64_t count_, minChars_;
    TextProtection protection_;
};

} // namespace augstudio::core

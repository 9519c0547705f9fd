#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.char_noise: typos on the code points of unprotected words (never on separators):
// each character, with probability `rate`, gets one of the enabled kinds: a neighbouring
// QWERTY key, a swap with the next character of the word, a deletion (a word keeps at least
// one character), or an inserted neighbouring key. Works on code points, so emoji and CJK
// text stay valid UTF-8.
class CharNoise : public TextTransform {
public:
    explicit CharNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double rate_;
    bool keyboard_, swap_, delete_, insert_;
    TextProtection protection_;
};

} // namespace augstudio::core

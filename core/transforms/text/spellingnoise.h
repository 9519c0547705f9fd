#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.spelling_noise: rule-based misspellings. Each unprotected word of at least three
// letters gets, with probability `rate`, one misspelling drawn among those its spelling
// allows: a doubled consonant dropped ("letter" -> "leter"), a single consonant doubled
// ("paper" -> "papper"), ie/ei swapped, a vowel confused (a/e, e/i, o/u), or a commonly
// confused suffix (-ance/-ence, -able/-ible, -ant/-ent, -ise/-ize, -tion/-sion, -ful/-full).
class SpellingNoise : public TextTransform {
public:
    explicit SpellingNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double rate_;
    TextProtection protection_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.char_substitute: each ASCII letter or digit of an unprotected word, with probability
// `rate`, replaced by another random one of its kind (a letter keeps its case; nlpaug
// RandomCharAug "substitute"). Other characters are never touched.
class CharSubstitute : public TextTransform {
public:
    explicit CharSubstitute(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double rate_;
    TextProtection protection_;
};

} // namespace augstudio::core

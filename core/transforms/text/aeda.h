#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.aeda: AEDA (Karimi et al. 2021): between 1 and ratio x words + 1 punctuation marks
// from . ; ? : ! , inserted at distinct random places before words, each as its own token
// ("a , b"); every word stays, in order. ratio is drawn from its range.
class Aeda : public TextTransform {
public:
    explicit Aeda(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range ratio_;
    TextProtection protection_;
};

} // namespace augstudio::core

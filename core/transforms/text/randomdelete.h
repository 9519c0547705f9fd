#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

#include <memory>

namespace augstudio::core {

class WordNet;

// text.random_delete: each unprotected word deleted with probability p (EDA "RD"); when every
// word would go, one random word stays.
class RandomDelete : public TextTransform {
public:
    explicit RandomDelete(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double p_;
    TextProtection protection_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

#include <memory>

namespace augstudio::core {

class WordNet;

// text.random_swap: n times, two random unprotected words trade places (EDA "RS"); the
// separators between words stay where they were.
class RandomSwap : public TextTransform {
public:
    explicit RandomSwap(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double alpha_;
    TextProtection protection_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

#include <memory>

namespace augstudio::core {

class WordNet;

// text.random_insert: n times, a WordNet synonym of a random word inserted at a random
// position (EDA "RI"); never inside a protected phrase.
class RandomInsert : public TextTransform {
public:
    explicit RandomInsert(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double alpha_;
    TextProtection protection_;
    std::shared_ptr<const WordNet> wordnet_;
};

} // namespace augstudio::core

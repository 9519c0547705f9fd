#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

#include <memory>

namespace augstudio::core {

class WordNet;

// text.antonym_replace: up to n random unprotected words that have a WordNet antonym
// (a direct lexical antonym of the word or its base form) replaced by a random one of them,
// in the word's casing (nlpaug's AntonymAug without a model).
class AntonymReplace : public TextTransform {
public:
    explicit AntonymReplace(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    int64_t count_;
    TextProtection protection_;
    std::shared_ptr<const WordNet> wordnet_;
};

} // namespace augstudio::core

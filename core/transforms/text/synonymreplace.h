#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

#include <memory>

namespace augstudio::core {

class WordNet;

// text.synonym_replace: each of n = max(1, alpha x words) random non-stop-words, not protected,
// replaced by a random WordNet synonym (EDA "SR").
class SynonymReplace : public TextTransform {
public:
    explicit SynonymReplace(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double alpha_;
    TextProtection protection_;
    std::shared_ptr<const WordNet> wordnet_;
};

} // namespace augstudio::core

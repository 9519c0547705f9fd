#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

#include <memory>

namespace augstudio::core {

class WordNet;

// text.eda: the EDA recipe (Wei & Zou 2019). Each output gets ONE of the four operations,
// drawn uniformly among those enabled (alpha or p above 0), as the reference builds each
// augmented sentence with one technique. num_aug, the copies per sentence, belongs to the
// export plan: it is kept here for the EDA preset and not used by a single run.
class Eda : public TextTransform {
public:
    explicit Eda(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double alphaSr_, alphaRi_, alphaRs_, pRd_;
    TextProtection protection_;
    std::shared_ptr<const WordNet> wordnet_; // only when sr or ri is enabled
};

} // namespace augstudio::core

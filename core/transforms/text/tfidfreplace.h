#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.tfidf_replace: UDA's TF-IDF word replacement (Xie et al. 2020). With the run's text
// statistics (RunContext::textStatistics, fitted over the dataset), each word i of a text has
// the score tf x idf and is replaced with probability min(p (C - score_i) / Z, 1), where C is
// the text's highest score and Z the mean of C - score: uninformative words go first. The
// replacement is drawn from the fitted vocabulary with weight (highest corpus TF-IDF - its
// TF-IDF), so it is an uninformative word too. Without statistics the text is unchanged.
class TfidfReplace : public TextTransform {
public:
    explicit TfidfReplace(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double p_;
    TextProtection protection_;
};

} // namespace augstudio::core

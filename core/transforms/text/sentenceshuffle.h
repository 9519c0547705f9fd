#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// text.sentence_shuffle: the sentences (ending in . ! or ? followed by white space, or the
// text's end) put in a random order; each keeps its own words and punctuation, the white
// space between sentences stays where it was.
class SentenceShuffle : public TextTransform {
public:
    explicit SentenceShuffle(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();
};

} // namespace augstudio::core

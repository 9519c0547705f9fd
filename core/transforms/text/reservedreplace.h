#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.reserved_replace: user-given interchangeable tokens (nlpaug ReservedAug). `reserved`
// lists groups separated by ';', members by '|' ("FWD|forward; Inc|Incorporated|Corp");
// a member may be a phrase. Each occurrence of a member (whole words, any case) is, with
// probability `rate`, replaced by another member of its group (drawn uniformly; members
// spelt alike in another case count as one), in the casing of the replaced text.
class ReservedReplace : public TextTransform {
public:
    explicit ReservedReplace(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double rate_;
    std::vector<std::vector<std::string>> groups_;
    TextProtection protection_;
};

} // namespace augstudio::core

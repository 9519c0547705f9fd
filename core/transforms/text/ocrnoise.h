#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"

namespace augstudio::core {

// text.ocr_noise: confusions an OCR engine makes (nlpaug OcrAug's kind): each place in an
// unprotected word where a known confusion applies (0/O, 1/l/I, 5/S, 8/B, rn/m, cl/d, vv/w,
// ...) is changed with probability `rate`; longer patterns are tried first and a changed
// place is not changed again.
class OcrNoise : public TextTransform {
public:
    explicit OcrNoise(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(TextSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double rate_;
    TextProtection protection_;
};

} // namespace augstudio::core

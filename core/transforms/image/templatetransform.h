#pragma once

#include "core/transforms/image/referenceimage.h"

namespace augstudio::core {

// image.template_transform (Albumentations TemplateTransform): w * image + (1 - w) * template,
// w drawn from image_weight; the template (from the folder parameter, or a partner of the
// run: ReferenceImage) is resized to the sample and brought to its depth and channels. Alpha
// and targets untouched.
class TemplateTransform : public ReferenceImageTransform {
public:
    TemplateTransform(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    static TransformInfo info();

private:
    void applyReference(ImageSample& sample, const Values& values,
                        const RunContext* run) const override;
    ReferenceImage reference_;
    Range weight_;
};

} // namespace augstudio::core

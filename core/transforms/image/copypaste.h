#pragma once

#include "core/pipeline/partnersource.h"
#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.copy_paste (Simple Copy-Paste, Ghiasi et al. 2021): objects of a partner of the run,
// cut by its mask (the mask's pixels inside each of its boxes, or each connected region of
// the mask when it has no boxes), pasted onto the sample at the same place (the partner
// resized to the sample). Each object is taken with probability object_p (a drawn seed
// picks them, so replay is exact). Pasted objects bring their boxes and mask values; the
// sample's boxes shrink to what stays visible and are dropped below its min visibility.
// A partner without a mask cuts its objects by their COCO polygons (rasterised; the pasted
// box keeps the polygon, moved with it; the sample's mask, if any, is cleared under them);
// one with neither pastes nothing.
class ImageCopyPaste : public ImageTransform {
public:
    explicit ImageCopyPaste(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    double objectP_;
    PartnerClass which_;
};

} // namespace augstudio::core

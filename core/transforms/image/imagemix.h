#pragma once

// The multi-sample image transforms that blend or paste one partner of the run
// (core/pipeline/partnersource.h): MixUp and CutMix. Without a partner they leave the
// sample as it is and record none.

#include "core/pipeline/partnersource.h"
#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.mixup (Zhang et al. 2018): x' = lambda x + (1 - lambda) x_partner with lambda from
// Beta(alpha, alpha); the partner is resized to the sample. The boxes of both images are
// kept (a detector sees every object of the blend); the sample's mask and keypoints stay.
class ImageMixup : public ImageTransform {
public:
    explicit ImageMixup(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    double alpha_;
    PartnerClass which_;
};

// image.cutmix (Yun et al. 2019): a box of area (1 - lambda) W H, lambda from
// Beta(alpha, alpha), centred at a uniform point and clipped (timm's rand_bbox), is replaced
// by the same box of the partner (resized to the sample); the partner's weight is the box's
// share of the area. Boxes of the sample keep what the box leaves visible, boxes of the
// partner what falls inside it, each dropped below the sample's min visibility; the mask is
// cut the same way; keypoints stay.
class ImageCutmix : public ImageTransform {
public:
    explicit ImageCutmix(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    double alpha_;
    PartnerClass which_;
};

} // namespace augstudio::core

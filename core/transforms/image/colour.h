#pragma once

// Colour transforms: hue, saturation, channel offsets and channel order (alpha and targets
// untouched; hue and saturation leave 1-channel images unchanged).

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.color_jitter: torchvision ColorJitter. Factors are drawn from their ranges (factor
// 1 and hue 0 leave the image unchanged) and applied in a drawn random order.
class ColorJitter : public ImageTransform {
public:
    explicit ColorJitter(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range brightness_, contrast_, saturation_, hue_;
};

// image.hue_saturation_value: offsets added in HSV (Albumentations HueSaturationValue).
class HueSaturationValue : public ImageTransform {
public:
    explicit HueSaturationValue(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range hue_, sat_, val_;
};

// image.rgb_shift: one offset per colour channel (Albumentations RGBShift).
class RgbShift : public ImageTransform {
public:
    explicit RgbShift(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Table; }
    static TransformInfo info();

private:
    Range r_, g_, b_;
};

// image.channel_shift: Keras channel_shift_range: one intensity added to every channel,
// clipped to the image's own [min, max].
class ChannelShift : public ImageTransform {
public:
    explicit ChannelShift(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range intensity_;
};

// image.to_gray: luminance replicated to every colour channel (channel count kept).
class ToGray : public ImageTransform {
public:
    explicit ToGray(const ParamSet&) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();
};

// image.channel_shuffle: the colour channels in a drawn order.
class ChannelShuffle : public ImageTransform {
public:
    explicit ChannelShuffle(const ParamSet&) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();
};

} // namespace augstudio::core

#pragma once

// Tone transforms: point operations on the levels of every colour channel (alpha and
// targets untouched). 8-bit images go through one lookup table.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.brightness_contrast: x * (1 + contrast) + brightness * white (Albumentations
// RandomBrightnessContrast with brightness_by_max).
class BrightnessContrast : public ImageTransform {
public:
    explicit BrightnessContrast(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Table; }
    static TransformInfo info();

private:
    Range brightness_, contrast_;
};

// image.gamma: white * (x / white) ^ (gamma / 100).
class Gamma : public ImageTransform {
public:
    explicit Gamma(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Table; }
    static TransformInfo info();

private:
    Range gamma_;
};

// image.invert: white - x.
class InvertLevels : public ImageTransform {
public:
    explicit InvertLevels(const ParamSet&) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Table; }
    static TransformInfo info();
};

// image.posterize: keeps the top `bits` bits of each level (8 leaves the image unchanged).
class Posterize : public ImageTransform {
public:
    explicit Posterize(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Table; }
    static TransformInfo info();

private:
    IntRange bits_;
};

// image.solarize: levels at or above the threshold are inverted (PIL / torchvision).
class Solarize : public ImageTransform {
public:
    explicit Solarize(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    FusionKind fusion() const override { return FusionKind::Table; }
    static TransformInfo info();

private:
    Range threshold_;
};

// image.auto_contrast: stretches each channel's [min, max] to the full range (PIL).
class AutoContrast : public ImageTransform {
public:
    explicit AutoContrast(const ParamSet&) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();
};

// image.equalize: histogram equalisation per channel (or of the luminance).
class Equalize : public ImageTransform {
public:
    explicit Equalize(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    bool byChannels_;
};

// image.clahe: contrast-limited adaptive histogram equalisation of the lightness.
class Clahe : public ImageTransform {
public:
    explicit Clahe(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range clipLimit_;
    int tile_;
};

} // namespace augstudio::core

#pragma once

// Weather effects (after Albumentations' RandomFog, RandomRain, RandomShadow, RandomSunFlare
// and RandomSnow). draw() fixes every random element (positions, polygons, circles, or a
// seed for many small ones) so apply is deterministic.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.fog: a patchy white haze, denser with fog_coef, plus a slight blur.
class Fog : public ImageTransform {
public:
    explicit Fog(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range coef_;
    double patchiness_;
};

// image.rain: slanted drops drawn as lines, blurred, the scene darkened.
class Rain : public ImageTransform {
public:
    explicit Rain(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range slant_;
    int length_, width_, blur_;
    double density_, level_, brightness_;
};

// image.shadow: darkened random polygons inside a region of interest.
class Shadow : public ImageTransform {
public:
    explicit Shadow(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange count_;
    int vertices_;
    std::vector<double> roi_;
    Range intensity_;
};

// image.sun_flare: a bright source with translucent circles along a line through it.
class SunFlare : public ImageTransform {
public:
    explicit SunFlare(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::vector<double> roi_;
    Range angle_;
    IntRange circles_;
    double radius_, level_;
};

// image.snow: brightens the darker lightness levels in HLS (Albumentations RandomSnow).
class Snow : public ImageTransform {
public:
    explicit Snow(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range snowPoint_;
    double brightness_;
};

} // namespace augstudio::core

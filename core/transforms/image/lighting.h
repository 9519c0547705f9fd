#pragma once

// Lighting of the parity set: illumination patterns and white-balance jitter along the
// Planckian locus. Colour channels only (alpha and targets untouched), depth kept.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.illumination: Albumentations Illumination: the image multiplied by 1 + intensity *
// pattern, the pattern a linear ramp at a drawn angle (from -1 to 1), a corner's falloff or a
// Gaussian spot at a drawn centre (from 0 to 1); intensity negative to darken.
class Illumination : public ImageTransform {
public:
    explicit Illumination(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::string mode_, effect_;
    Range intensity_, angle_, centre_, sigma_;
};

// image.planckian_jitter: white balance of a drawn colour temperature (Zini et al. 2022):
// R, G, B multiplied by the linear sRGB of the blackbody (Kang et al. 2002 locus) or CIE
// daylight illuminant of that temperature, relative to 6500 K (so 6500 K is the identity).
class PlanckianJitter : public ImageTransform {
public:
    explicit PlanckianJitter(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

    // The per-channel gains (R, G, B; G is 1) of `kelvin` on the blackbody or daylight locus.
    static cv::Vec3d gains(double kelvin, bool daylight);

private:
    bool daylight_;
    Range temperature_;
    bool gaussian_;
};

} // namespace augstudio::core

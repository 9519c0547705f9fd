#pragma once

// Colour transforms of the parity set that mix or replace channels: sepia, channel
// dropout, PCA colour noise and tone curves. Alpha and targets untouched, depth kept.

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.to_sepia: the classic sepia matrix on R, G, B (1-channel images pass unchanged).
class ToSepia : public ImageTransform {
public:
    explicit ToSepia(const ParamSet&) {}
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();
};

// image.channel_dropout: a drawn number of colour channels set to fill; at least one colour
// channel is kept (a 1-channel image passes unchanged).
class ChannelDropout : public ImageTransform {
public:
    explicit ChannelDropout(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange count_;
    double fill_;
};

// image.fancy_pca: Krizhevsky et al. (2012): the colour covariance's eigenvectors scaled
// by drawn N(0, alpha) multiples of their eigenvalues, added to every pixel.
class FancyPca : public ImageTransform {
public:
    explicit FancyPca(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double alpha_;
};

// image.random_tone_curve: Albumentations RandomToneCurve: a cubic Bezier tone curve through
// (0, 0) and (1, 1) whose inner control points are drawn around 0.25 and 0.75 with
// standard deviation `scale` (an S curve); low_y 1/3, high_y 2/3 is the identity.
class RandomToneCurve : public ImageTransform {
public:
    explicit RandomToneCurve(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double scale_;
    bool perChannel_;
};

} // namespace augstudio::core

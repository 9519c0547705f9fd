#pragma once

// Quality degradations: JPEG artefacts and resolution loss (size, depth and alpha kept).

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.jpeg_compression: encode and decode as JPEG at a drawn quality.
class JpegCompression : public ImageTransform {
public:
    explicit JpegCompression(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange quality_;
};

// image.downscale: down to a drawn scale and back up to the original size.
class Downscale : public ImageTransform {
public:
    explicit Downscale(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range scale_;
    int down_, up_;
};

} // namespace augstudio::core

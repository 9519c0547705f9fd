#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.keras_affine: Keras ImageDataGenerator's affine, as its apply_transform composes it
// (what the Keras preset and augstudio.keras build on). The values are Keras's own
// transform dict: theta (degrees), tx and ty (pixels along x and y; the input is sampled at
// the output position plus the shift, so content moves by -tx), shear (degrees, matrix
// [[1, -sin], [0, cos]]), zx and zy (the input is sampled at z times the output position,
// so content appears 1 / z as large). Centre: the image centre on pixel centres.
class KerasAffine : public ImageTransform {
public:
    explicit KerasAffine(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range theta_, translateX_, translateY_, shear_, zoom_;
    IntRange translatePxX_, translatePxY_;
    int interpolation_, border_;
    double fill_;
};

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.spatter: rain or mud spatter on the lens (Albumentations Spatter): a normal field
// (mean, std) blurred by gauss_sigma and cut below cutout_threshold is the liquid layer.
// Rain: drops shaped by the layer's edges (Canny, distance transform, equalised and embossed)
// added in the rain colour times intensity. Mud: the layer thresholded, blurred and cut below
// 1.2 x the threshold blends the image towards the mud colour. The field comes from a drawn
// seed, so apply replays it. Targets and alpha are left alone.
class Spatter : public ImageTransform {
public:
    explicit Spatter(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range mean_, std_, sigma_, threshold_, intensity_;
    std::string mode_;
    std::vector<double> colour_;
};

} // namespace augstudio::core

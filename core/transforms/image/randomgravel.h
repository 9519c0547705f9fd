#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.random_gravel: gravel on the road (Albumentations RandomGravel): number_of_patches
// rectangles drawn inside gravel_roi (fractions x1, y1, x2, y2 of the image; each at most
// half the region's width and height), each strewn with one particle per 10 pixels of its
// area; a particle is a small square (half side 1-3 px) whose HLS lightness is set to a
// random level. The particles come from a seed drawn with the patches, so apply replays
// them. Targets and alpha are left alone. Values: {"patches": [[x, y, w, h], ...], "seed"}.
class RandomGravel : public ImageTransform {
public:
    explicit RandomGravel(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::vector<double> roi_;
    int patches_;
};

} // namespace augstudio::core

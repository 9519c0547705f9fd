#pragma once

#include "core/pipeline/partnersource.h"
#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.mosaic (YOLOv4, Bochkovskiy et al. 2020): a width x height canvas split at a centre
// drawn in center_range (a share of each side) into four tiles: the sample top-left, three
// partners of the run top-right, bottom-left, bottom-right. Each image is scaled to fit the
// canvas and placed with its inner corner on the centre, cropped by its tile. Boxes of all
// four are moved, clipped to their tile and dropped when less than min_visibility of them
// remains; masks are tiled the same way (0 where an image has none); the sample's keypoints
// are moved and those outside its tile dropped. Soft-label weights are the tiles' areas.
// Without partners the sample is left as it is.
class ImageMosaic : public ImageTransform {
public:
    explicit ImageMosaic(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const override;
    static TransformInfo info();

private:
    int width_, height_;
    double centreLo_, centreHi_, minVisibility_;
    PartnerClass which_;
};

} // namespace augstudio::core

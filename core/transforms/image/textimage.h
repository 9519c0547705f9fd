#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// image.text_image: renders words onto the image with an OpenCV Hershey font (Albumentations
// TextImage, with OpenCV's vector fonts instead of a font file): into each box when the
// sample has boxes (placement "boxes"), otherwise one line at a drawn position. A drawn
// fraction of the words is kept, in order; the text height is a drawn fraction of its
// region's height (less when the line would be wider than the region); clear_bg first fills the
// region with the background colour. Targets and alpha are left alone. Values: {"texts": [{"text",
// "x", "y", "height"}, ...]} (x, y: the baseline's left end).
class TextImage : public ImageTransform {
public:
    explicit TextImage(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    std::vector<std::string> words_;
    Range fraction_, fontSize_, lineHeight_;
    int font_;
    bool inBoxes_, clearBackground_;
    std::vector<double> colour_, background_;
};

} // namespace augstudio::core

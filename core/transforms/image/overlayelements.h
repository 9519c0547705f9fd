#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/image/imagefolder.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace augstudio::core {

// image.overlay_elements (Albumentations OverlayElements): a drawn number of element images
// from the folder parameter (stickers, logos, stamps) pasted at drawn positions and sizes.
// An element's shape is its alpha channel, else a mask file next to it named
// `<name>_mask.<ext>` (non-zero: the element), else its whole rectangle; edges blend by the
// alpha. Where the sample has a mask, the pixels under each element take mask_value (-1
// leaves the mask); with box_class >= 0 each element adds its box. An empty folder leaves
// the sample as it is. Any depth; the sample's alpha is kept.
class OverlayElements : public ImageTransform {
public:
    OverlayElements(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(ImageSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    // The element and its shape in [0, 1] (CV_32FC1 of the element's size).
    struct Element {
        cv::Mat pixels, alpha;
    };
    Element elementOf(const std::string& name) const;

    std::optional<ImageFolder> folder_;
    std::vector<std::string> elements_;        // names that are not masks
    std::map<std::string, std::string> masks_; // element name -> its mask file
    IntRange count_;
    Range size_;
    int64_t maskValue_, boxClass_;
};

} // namespace augstudio::core

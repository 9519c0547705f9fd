#pragma once

#include "core/params/paramspec.h"
#include "core/pipeline/transform.h"
#include "core/transforms/image/imagefolder.h"

#include <memory>
#include <optional>
#include <string>

namespace augstudio::core {

// Where a reference-image transform (image.fda, image.histogram_matching,
// image.pixel_distribution_adaptation, image.template_transform) takes its reference: an
// image of the `folder` parameter when one is given (listed at load, decoded on first use),
// otherwise a partner of any class from the run (drawn from the item's rng and recorded as
// "partners" with weight 0: the label stays the sample's). The drawn values always hold
// "reference" (a file name of the folder, or null) and "partners".
class ReferenceImage {
public:
    ReferenceImage(const std::string& folder, const LoadContext& load);
    // {"reference": name or null, "partners": [...]} for one sample.
    Values draw(Rng& rng, const SampleInfo& info) const;
    // The reference the values name, or none when there is neither a folder nor a partner
    // (the sample is then left as it is). `run` is null outside a run.
    struct Found {
        std::shared_ptr<const Sample> partner; // keeps `image` alive
        std::shared_ptr<const ImageSample> file;
        const ImageSample* image = nullptr;
    };
    Found find(const Values& v, const RunContext* run) const;
    // The `folder` parameter of these transforms.
    static ParamSpec folderParam(const std::string& what);

private:
    std::optional<ImageFolder> folder_;
};

// An ImageTransform whose apply also runs within a run (partners): applyTo and applyWith
// both come down to applyReference.
class ReferenceImageTransform : public ImageTransform {
public:
    void applyTo(ImageSample& sample, const Values& values) const final;
    void applyWith(Sample& sample, const Values& values, const RunContext& run) const final;

protected:
    virtual void applyReference(ImageSample& sample, const Values& values,
                                const RunContext* run) const = 0;
};

} // namespace augstudio::core

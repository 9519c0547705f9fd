#pragma once

// The operations and magnitude tables the published policies share (torchvision 0.14's
// transforms/autoaugment.py, carried over as facts): every op follows torchvision's tensor
// functional op on the same image (see policyops.cpp), so a policy here draws and renders
// what torchvision's does. Written once, here.

#include "core/params/paramspec.h"
#include "core/pipeline/transform.h"
#include "core/random/rng.h"

#include <string>
#include <vector>

namespace augstudio::core::policy {

// How an op's magnitude follows its bin: none (the op takes no magnitude), linspace(0, max,
// bins), torchvision's posterize bits (base - round(bin / ((bins - 1) / steps))) or solarize
// threshold (linspace(255, 0, bins)).
enum class Scale { None, Linear, Posterize, Solarize };
// Linear maxima given relative to the image: a fraction of its width or height.
enum class Extent { Absolute, Width, Height };

struct OpSpace {
    const char* name;
    Scale scale;
    bool signedOp = false; // the sign is drawn (+ or - with probability 1/2 each)
    double max = 0.0;      // Linear: the last bin's magnitude (times the extent)
    Extent extent = Extent::Absolute;
    int posterizeBase = 8;       // Posterize: bits at bin 0
    double posterizeSteps = 4.0; // Posterize: bits removed at the last bin
};

// The augmentation spaces of torchvision 0.14, in its order (the op index drawn is into
// these lists).
const std::vector<OpSpace>& randAugmentSpace();
const std::vector<OpSpace>& trivialAugmentWideSpace();
const std::vector<OpSpace>& autoAugmentSpace();
// AugMix's: the nine base ops, then Brightness, Color, Contrast and Sharpness when allOps.
std::vector<OpSpace> augMixSpace(bool allOps);
const OpSpace* findOp(const std::vector<OpSpace>& space, const std::string& name);

// The magnitude of bin `bin` of `bins` for an image of width x height (before the sign).
double magnitudeOf(const OpSpace& op, int bin, int bins, int width, int height);

// One chosen op as the values record it: {"op", "bin", "magnitude"} ("bin" only for ops
// with a magnitude). `negative` flips the sign of a signed op.
Values opValues(const OpSpace& op, int bin, int bins, bool negative, const SampleInfo& info);
// Draws one op of `space` as RandAugment, TrivialAugment and AugMix do: the op uniformly,
// the bin from `binLo..binHi`, the sign with probability 1/2 for signed ops.
Values drawOp(Rng& rng, const std::vector<OpSpace>& space, int binLo, int binHi, int bins,
              const SampleInfo& info);

// How the geometric ops resample: nearest or linear (torchvision's NEAREST and BILINEAR,
// the two its tensor ops support) and the constant fill outside the image.
struct Resampling {
    int interpolation = 0; // cv::INTER_NEAREST or cv::INTER_LINEAR
    double fill = 0.0;
};
ParamSpec interpolationParam(const std::string& def);
Resampling resamplingOf(const ParamSet& p);

// Applies op `name` at `magnitude` (torchvision's _apply_op), moving the targets with the
// geometric ops. Throws PipelineError at `where` for an unknown op.
void applyOp(ImageSample& sample, const std::string& name, double magnitude,
             const Resampling& resampling, const std::string& where);
// Applies an array of recorded ops ({"op", "magnitude"}, optional "applied": false skips).
void applyOps(ImageSample& sample, const nlohmann::json& ops, const Resampling& resampling,
              const std::string& where);

// Converts `floats` (CV_32F, the channels of `image`) to the depth of `image` as torch's
// .to(dtype) does: clamped to the white level and truncated for integer depths.
void truncateInto(const cv::Mat& floats, cv::Mat& image);

} // namespace augstudio::core::policy

#include "core/pipeline/registry.h"
#include "core/transforms/image/affine.h"
#include "core/transforms/image/constrainedcoarsedropout.h"
#include "core/transforms/image/crops.h"
#include "core/transforms/image/distortions.h"
#include "core/transforms/image/flips.h"
#include "core/transforms/image/gridshuffle.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/image/kerasaffine.h"
#include "core/transforms/image/maskdropout.h"
#include "core/transforms/image/meshwarps.h"
#include "core/transforms/image/perspective.h"
#include "core/transforms/image/resizes.h"
#include "core/transforms/image/rotate.h"
#include "core/transforms/image/scalerotate.h"
#include "core/transforms/image/symmetries.h"
#include "core/transforms/image/targetcrops.h"
#include "core/transforms/image/windowcrops.h"

namespace augstudio::core {

void registerImageGeometry(Registry& r) {
    r.add(Flip::info(Flip::Kind::Horizontal));
    r.add(Flip::info(Flip::Kind::Vertical));
    r.add(Flip::info(Flip::Kind::Transpose));
    r.add(Flip::info(Flip::Kind::Rotate90));
    r.add(Rotate::info());
    r.add(Affine::info());
    r.add(KerasAffine::info());
    r.add(Perspective::info());
    r.add(ElasticTransform::info());
    r.add(GridDistortion::info());
    r.add(OpticalDistortion::info());
    r.add(RandomResizedCrop::info());
    r.add(Crop::info(Crop::Kind::Random));
    r.add(Crop::info(Crop::Kind::Center));
    r.add(CropAndPad::info());
    r.add(PadIfNeeded::info());
    r.add(Resize::info(Resize::Kind::Exact));
    r.add(Resize::info(Resize::Kind::LongestMaxSize));
    r.add(Resize::info(Resize::Kind::SmallestMaxSize));
    // Parity with Albumentations 2.0.8.
    r.add(CoordinateCrop::info());
    r.add(ImagePad::info());
    r.add(RandomSizedCrop::info());
    r.add(RandomScale::info());
    r.add(ShiftScaleRotate::info());
    r.add(SafeRotate::info());
    r.add(D4::info());
    r.add(RandomCropFromBorders::info());
    r.add(BboxSafeRandomCrop::info(BboxSafeRandomCrop::Kind::Crop));
    r.add(AtLeastOneBboxRandomCrop::info());
    r.add(RandomCropNearBbox::info());
    r.add(BboxSafeRandomCrop::info(BboxSafeRandomCrop::Kind::Sized));
    r.add(CropNonEmptyMask::info());
    r.add(RandomGridShuffle::info());
    r.add(PiecewiseAffine::info());
    r.add(GridElasticDeform::info());
    r.add(ThinPlateSpline::info());
    // Dropouts that follow the targets (objects of the mask, boxes).
    r.add(MaskDropout::info());
    r.add(ConstrainedCoarseDropout::info());
}

} // namespace augstudio::core

#include "core/pipeline/registry.h"
#include "core/transforms/image/anisotropicblur.h"
#include "core/transforms/image/bandmasking.h"
#include "core/transforms/image/colour.h"
#include "core/transforms/image/colourtransfer.h"
#include "core/transforms/image/copypaste.h"
#include "core/transforms/image/degrade.h"
#include "core/transforms/image/dropout.h"
#include "core/transforms/image/fda.h"
#include "core/transforms/image/filters.h"
#include "core/transforms/image/hestain.h"
#include "core/transforms/image/histogrammatching.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/image/imagemix.h"
#include "core/transforms/image/lenseffects.h"
#include "core/transforms/image/lighting.h"
#include "core/transforms/image/localfilters.h"
#include "core/transforms/image/mosaic.h"
#include "core/transforms/image/noise.h"
#include "core/transforms/image/noisemodels.h"
#include "core/transforms/image/normalize.h"
#include "core/transforms/image/overlayelements.h"
#include "core/transforms/image/pixeldistributionadaptation.h"
#include "core/transforms/image/plasma.h"
#include "core/transforms/image/randomgravel.h"
#include "core/transforms/image/spatter.h"
#include "core/transforms/image/superpixels.h"
#include "core/transforms/image/templatetransform.h"
#include "core/transforms/image/textimage.h"
#include "core/transforms/image/tone.h"
#include "core/transforms/image/weather.h"

namespace augstudio::core {

void registerImagePixel(Registry& r) {
    r.add(BrightnessContrast::info());
    r.add(ColorJitter::info());
    r.add(HueSaturationValue::info());
    r.add(RgbShift::info());
    r.add(ChannelShift::info());
    r.add(Gamma::info());
    r.add(Clahe::info());
    r.add(Equalize::info());
    r.add(AutoContrast::info());
    r.add(InvertLevels::info());
    r.add(ToGray::info());
    r.add(ChannelShuffle::info());
    r.add(Posterize::info());
    r.add(Solarize::info());
    r.add(Sharpen::info(Sharpen::Kind::Sharpen));
    r.add(Sharpen::info(Sharpen::Kind::Emboss));
    r.add(GaussianBlur::info());
    r.add(MedianBlur::info());
    r.add(MotionBlur::info());
    r.add(Defocus::info());
    r.add(AdditiveGaussianNoise::info());
    r.add(IsoNoise::info());
    r.add(SaltPepper::info());
    r.add(JpegCompression::info());
    r.add(Downscale::info());
    r.add(CoarseDropout::info());
    r.add(RandomErasing::info());
    r.add(GridDropout::info());
    r.add(Fog::info());
    r.add(Rain::info());
    r.add(Shadow::info());
    r.add(SunFlare::info());
    r.add(Snow::info());
    r.add(NormalizeToFloat::info());
    // Parity with Albumentations 2.0.8.
    r.add(BoxBlur::info());
    r.add(UnsharpMask::info());
    r.add(ToSepia::info());
    r.add(ChannelDropout::info());
    r.add(MultiplicativeNoise::info());
    r.add(AdditiveNoise::info());
    r.add(ShotNoise::info());
    r.add(PixelDropout::info());
    r.add(FancyPca::info());
    r.add(RandomToneCurve::info());
    r.add(Morphological::info());
    r.add(BandMasking::info(BandMasking::Kind::Xy));
    r.add(BandMasking::info(BandMasking::Kind::Time));
    r.add(BandMasking::info(BandMasking::Kind::Frequency));
    r.add(ChromaticAberration::info());
    r.add(ZoomBlur::info());
    r.add(GlassBlur::info());
    r.add(RingingOvershoot::info());
    r.add(Illumination::info());
    r.add(PlanckianJitter::info());
    r.add(Superpixels::info());
    r.add(AdvancedBlur::info());
    r.add(PlasmaLighting::info(PlasmaLighting::Kind::BrightnessContrast));
    r.add(PlasmaLighting::info(PlasmaLighting::Kind::Shadow));
    r.add(HeStain::info());
    r.add(TextImage::info());
    r.add(RandomGravel::info());
    r.add(Spatter::info());
    // Multi-sample: partners from the run context.
    r.add(ImageMixup::info());
    r.add(ImageCutmix::info());
    r.add(ImageMosaic::info());
    r.add(ImageCopyPaste::info());
    // Reference images: from a folder parameter, or a partner of the run.
    r.add(Fda::info());
    r.add(HistogramMatching::info());
    r.add(PixelDistributionAdaptation::info());
    r.add(TemplateTransform::info());
    r.add(OverlayElements::info());
}

} // namespace augstudio::core

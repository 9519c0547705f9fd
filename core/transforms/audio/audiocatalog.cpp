#include "core/transforms/audio/audiocatalog.h"

#include "core/pipeline/registry.h"
#include "core/transforms/audio/addshortnoises.h"
#include "core/transforms/audio/adjustduration.h"
#include "core/transforms/audio/airabsorption.h"
#include "core/transforms/audio/aliasing.h"
#include "core/transforms/audio/clip.h"
#include "core/transforms/audio/distortion.h"
#include "core/transforms/audio/filters.h"
#include "core/transforms/audio/impulseresponse.h"
#include "core/transforms/audio/level.h"
#include "core/transforms/audio/limiter.h"
#include "core/transforms/audio/loudnessnormalization.h"
#include "core/transforms/audio/mix.h"
#include "core/transforms/audio/mp3compression.h"
#include "core/transforms/audio/noise.h"
#include "core/transforms/audio/resample.h"
#include "core/transforms/audio/roomsimulator.h"
#include "core/transforms/audio/sevenbandparametriceq.h"
#include "core/transforms/audio/spectrogrammask.h"
#include "core/transforms/audio/speed.h"
#include "core/transforms/audio/stretch.h"
#include "core/transforms/audio/timeedit.h"

namespace augstudio::core {

void registerAudioTransforms(Registry& r) {
    r.add(GaussianNoise::info(GaussianNoise::Kind::Amplitude));
    r.add(GaussianNoise::info(GaussianNoise::Kind::Snr));
    r.add(ColoredNoise::info());
    r.add(BackgroundNoise::info());
    r.add(Stretch::info(Stretch::Kind::Time));
    r.add(Stretch::info(Stretch::Kind::Pitch));
    r.add(Shift::info());
    r.add(Gain::info());
    r.add(GainTransition::info());
    r.add(Normalize::info());
    r.add(Invert::info(Invert::Kind::Polarity));
    r.add(Invert::info(Invert::Kind::Time));
    r.add(Distortion::info(Distortion::Kind::Clipping));
    r.add(Distortion::info(Distortion::Kind::Tanh));
    r.add(Distortion::info(Distortion::Kind::BitCrush));
    r.add(Filter::info(Filter::Kind::LowPass));
    r.add(Filter::info(Filter::Kind::HighPass));
    r.add(Filter::info(Filter::Kind::BandPass));
    r.add(Filter::info(Filter::Kind::BandStop));
    r.add(Filter::info(Filter::Kind::Peaking));
    r.add(Filter::info(Filter::Kind::LowShelf));
    r.add(Filter::info(Filter::Kind::HighShelf));
    r.add(TimeMask::info());
    r.add(Resample::info());
    r.add(Trim::info());
    r.add(Pad::info());
    r.add(ImpulseResponse::info());
    r.add(RepeatPart::info());
    r.add(AdjustDuration::info());
    r.add(Aliasing::info());
    r.add(Clip::info());
    r.add(Limiter::info());
    r.add(LoudnessNormalization::info());
    r.add(Mp3Compression::info());
    r.add(AirAbsorption::info());
    r.add(RoomSimulator::info());
    r.add(SevenBandParametricEq::info());
    r.add(Speed::info());
    r.add(SpectrogramMask::info());
    r.add(AddShortNoises::info());
    r.add(AudioMix::info()); // partners from the run context
}

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.air_absorption: the frequency-dependent attenuation of sound travelling a drawn
// distance through air (audiomentations AirAbsorption). The ISO 9613-1 absorption
// coefficient at a drawn temperature and humidity (standard pressure) is evaluated at the
// octave-band centres 63 Hz .. 16 kHz, interpolated in log frequency between them (held
// beyond), and applied as a zero-phase gain to the whole clip's spectrum.
class AirAbsorption : public AudioTransform {
public:
    explicit AirAbsorption(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();
    // ISO 9613-1 pure-tone absorption in dB per metre at 101.325 kPa.
    static double absorptionDbPerMetre(double hz, double celsius, double humidityPercent);
    // The attenuation in dB the transform applies at `hz` (octave bands, interpolated).
    static double attenuationDb(double hz, double metres, double celsius, double humidityPercent);

private:
    Range distance_, humidity_, temperature_;
};

} // namespace augstudio::core

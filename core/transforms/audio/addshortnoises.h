#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/audio/clipfolder.h"

namespace augstudio::core {

// audio.add_short_noises: a drawn number of short clips from a clip source (audiomentations
// AddShortNoises), each at a drawn start, with drawn fade-in and fade-out, mixed at a drawn
// SNR relative to the whole input's RMS. A clip longer than what is left of the sample is
// cut there; the length is kept. The clips come from the ClipSource given at load.
class AddShortNoises : public AudioTransform {
public:
    AddShortNoises(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    ClipFolder clips_;
    IntRange count_;
    Range snr_, fadeIn_, fadeOut_;
};

} // namespace augstudio::core

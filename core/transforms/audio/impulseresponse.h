#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/audio/clipfolder.h"

namespace augstudio::core {

// audio.impulse_response: convolution reverb with a random impulse response of a folder
// (FFT overlap-add for long responses). The response is scaled to unit energy and the
// output cut to the input length.
class ImpulseResponse : public AudioTransform {
public:
    ImpulseResponse(const ParamSet& p, const LoadContext& load);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    ClipFolder clips_;
};

} // namespace augstudio::core

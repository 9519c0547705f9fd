#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.loudness_normalization: scale so the integrated loudness (ITU-R BS.1770-4 / EBU
// R128, measured by libebur128: K-weighting, 400 ms blocks, absolute and relative gates)
// reaches a drawn target in LUFS. A clip with no gated block (silent, or shorter than one
// 400 ms block) is left as it is.
class LoudnessNormalization : public AudioTransform {
public:
    explicit LoudnessNormalization(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();
    // Integrated loudness in LUFS; -infinity when no block passes the gates.
    static double integratedLoudness(const AudioSample& sample);

private:
    Range target_;
};

} // namespace augstudio::core

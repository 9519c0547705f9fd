#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.adjust_duration: crop or pad to a fixed length (audiomentations AdjustDuration),
// given in frames or seconds; the cut or the padding (silence, wrap, reflect) is at the
// start or at the end.
class AdjustDuration : public AudioTransform {
public:
    explicit AdjustDuration(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    double seconds_;
    int64_t frames_;
    std::string mode_;
    bool atStart_;
};

} // namespace augstudio::core

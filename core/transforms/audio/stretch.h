#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.time_stretch and audio.pitch_shift through Rubber Band in offline mode (study, then
// process and retrieve): R3 "finer" engine by default, R2 with engine "fast".
class Stretch : public AudioTransform {
public:
    enum class Kind { Time, Pitch };
    Stretch(Kind kind, const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info(Kind kind);
    // The output length of time_stretch without keep_length: round(frames / rate).
    static int64_t stretchedLength(int64_t frames, double rate);

private:
    Kind kind_;
    Range range_;
    bool keepLength_ = true;
    bool finer_ = true;
};

} // namespace augstudio::core

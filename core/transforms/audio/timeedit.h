#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.shift: circular (rollover) or zero-filled time shift with short fades at the seam.
class Shift : public AudioTransform {
public:
    explicit Shift(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range fraction_;
    bool rollover_;
    double fadeMs_;
};

// audio.time_mask: silence a random span (SpecAugment's time mask on the waveform).
class TimeMask : public AudioTransform {
public:
    explicit TimeMask(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range part_;
    bool fade_;
};

// audio.trim: drop leading and trailing frames quieter than top_db below the loudest frame
// (librosa.effects.trim: 2048-sample frames, hop 512).
class Trim : public AudioTransform {
public:
    explicit Trim(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();
    // The kept span [first, last) of a sample for a threshold.
    static std::pair<int64_t, int64_t> keptSpan(const AudioSample& s, double topDb);

private:
    double topDb_;
};

// audio.pad: replace a drawn fraction at the start or end by silence, a wrap or a reflection
// of the rest (audiomentations Padding): the length is kept.
class Pad : public AudioTransform {
public:
    explicit Pad(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    Range fraction_;
    std::string mode_;
    bool atStart_;
};

// audio.repeat_part: repeat a drawn part of the clip, inserted (longer by repeats x part) or
// over what follows (length kept), with short crossfades at the seams.
class RepeatPart : public AudioTransform {
public:
    explicit RepeatPart(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

private:
    IntRange repeats_;
    Range part_;
    bool insert_;
    double crossfadeMs_;
};

} // namespace augstudio::core

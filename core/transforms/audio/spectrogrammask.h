#pragma once

#include "core/pipeline/transform.h"

namespace augstudio::core {

// audio.spectrogram_mask: SpecAugment's frequency and time masks (Park et al. 2019) applied
// in the spectrogram domain, for users who export features later. The clip goes through a
// short-time Fourier transform (Hann window, hop n_fft / 4), drawn bands of frequency bins
// and spans of frames are zeroed, and the waveform is resynthesised by weighted overlap-add,
// so a preview or a waveform export shows the masks; with no mask drawn the clip is
// returned unchanged, byte for byte.
class SpectrogramMask : public AudioTransform {
public:
    explicit SpectrogramMask(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();
    // Frames of the STFT of a clip of `frames` samples (padded by n_fft on each side).
    static int64_t stftFrames(int64_t frames, int nfft);

private:
    int nfft_;
    int64_t freqMasks_, timeMasks_;
    double freqWidth_, timeWidth_;
};

} // namespace augstudio::core

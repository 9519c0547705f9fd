#pragma once

#include "core/random/rng.h"
#include "core/sample/sample.h"
#include "core/transforms/audio/vectorloops.h"

#include <cstdint>
#include <memory>
#include <vector>

// Signal processing shared by the audio transforms: RBJ biquads, FFT convolution, a
// band-limited resampler, noise generation and mixing at a signal-to-noise ratio.
namespace augstudio::core::dsp {

using Channels = std::vector<std::vector<float>>;

// One second-order section, normalised so a0 == 1 (y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2).
struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

enum class BiquadKind { LowPass, HighPass, BandPass, Notch, Peaking, LowShelf, HighShelf };

// Robert Bristow-Johnson's Audio EQ Cookbook designs. f0 is clamped inside (0, Nyquist);
// gainDb is used by Peaking and the shelves only. BandPass has 0 dB peak gain.
Biquad designBiquad(BiquadKind kind, double sampleRate, double f0, double q, double gainDb = 0);
// A Butterworth low or high pass of order 2 * sections as a cascade of RBJ sections with
// the Butterworth pole Qs: 12 dB/octave per section.
std::vector<Biquad> butterworth(BiquadKind kind, double sampleRate, double f0, int sections);
// Filters in place (transposed direct form II, double state, float between sections). The
// sections run interleaved, up to four in one pass over the samples: each section's
// recursion is a chain of dependent operations, and several chains keep the core busy.
void filter(std::vector<float>& x, const std::vector<Biquad>& cascade);
// The cascade's magnitude response at frequency f, in dB (for tests and the GUI).
double responseDb(const std::vector<Biquad>& cascade, double sampleRate, double f);

// Full linear convolution (length x + h - 1): direct for short kernels, FFT overlap-add
// through cv::dft otherwise.
std::vector<float> convolve(const std::vector<float>& x, const std::vector<float>& h);

// Band-limited resampler, libsoxr at 16-bit quality (linear phase, flat to 91.3% of the lower
// Nyquist, over 100 dB down from just above it). It replaced a hand-written Kaiser sinc
// (beta 8.6, 16 zero crossings): measured with tones, soxr is flatter (0.001 vs 0.3 dB ripple
// up to 85% of Nyquist, -3 dB at 95% vs 91%), attenuates more (over 110 dB from 1.03 x
// Nyquist vs 84 dB from 1.10 x), and on a 10 s clip, one core, took 0.3-0.4x the time for
// 16k -> 8k, 0.45-0.65x for 44.1k/48k -> 16k, 0.55-0.85x for 16k -> 44.1k, but 0.8-1.3x
// for 16k -> 22.05k. Output length is resampledLength(n, from, to) exactly.
class Resampler {
public:
    Resampler(int fromRate, int toRate);
    std::vector<float> process(const std::vector<float>& x) const;
    static int64_t resampledLength(int64_t frames, int fromRate, int toRate);
    // A resampler for the pair (soxr designs its filter per call: nothing to cache).
    static std::shared_ptr<const Resampler> shared(int fromRate, int toRate);

private:
    int from_ = 1, to_ = 1;
};
// Resamples every channel; a no-op when the rates are equal.
Channels resample(const Channels& in, int fromRate, int toRate);

// A seed for noise generated in apply, drawn in draw (53 bits: exact in any JSON reader).
int64_t drawSeed(Rng& rng);

double dbToAmplitude(double db);
double rms(const Channels& c);  // over every sample of every channel
double peak(const Channels& c); // max |x| (NaN ignored)

// Standard normal values from `rng` (a ziggurat: one 64-bit draw for almost every value).
void fillNormal(Rng& rng, float* out, size_t n);
// White Gaussian noise N(0, 1), one vector per channel, from Rng(seed).
Channels whiteNoise(uint64_t seed, size_t channels, size_t frames);
// Noise whose power spectral density changes by decayDbPerOctave (0 white, -3 pink,
// -6 brown, +3 blue, +6 violet), unit RMS, shaped in the frequency domain with cv::dft.
Channels coloredNoise(uint64_t seed, size_t channels, size_t frames, double decayDbPerOctave);
// Adds `noise` scaled so that rms(signal) / rms(scaled noise) is snrDb. A silent signal or
// silent noise leaves the signal unchanged. Noise channel c % noise.size() goes to channel c.
void mixAtSnr(Channels& signal, const Channels& noise, double snrDb);
// A clip fitted to `frames`: looped from `offset` when shorter, cut from `offset` when longer.
Channels fitLength(const Channels& clip, size_t frames, size_t offset);

} // namespace augstudio::core::dsp

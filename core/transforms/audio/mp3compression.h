#pragma once

#include "core/pipeline/transform.h"

#include <vector>

namespace augstudio::core {

// audio.mp3_compression: a real MP3 round trip. LAME encodes at a drawn constant bitrate
// (one of the standard MP3 bitrates within the range) and libsndfile decodes (its MPEG
// support through mpg123); the decoded clip is resampled back when LAME chose a lower
// output rate for the bitrate, and cut or padded to the input length. Clips of more than
// two channels are encoded one channel at a time.
class Mp3Compression : public AudioTransform {
public:
    explicit Mp3Compression(const ParamSet& p);
    Values draw(Rng& rng, const SampleInfo& info) const override;
    void applyTo(AudioSample& sample, const Values& values) const override;
    static TransformInfo info();

    // The constant bitrates LAME offers, in kbps.
    static const std::vector<int>& bitrates();
    // LAME's low-pass for a bitrate, input rate and channel count (1 or 2), in Hz.
    static double lowpassHz(int kbps, int sampleRate, int channels);
    // An encoded stream of one or two channels. When its frames are too small for LAME's
    // tag frame (low bitrates), the decoder cannot drop the codec delay itself:
    // leadingFrames says how many decoded frames precede the first input frame.
    struct Stream {
        std::vector<unsigned char> bytes;
        int leadingFrames = 0;
    };
    static Stream encode(const std::vector<std::vector<float>>& channels, int sampleRate, int kbps);
    // Decodes an MP3 stream through libsndfile; sets `rate` to the stream's rate.
    static std::vector<std::vector<float>> decode(const std::vector<unsigned char>& mp3, int& rate);

private:
    IntRange bitrate_;
};

} // namespace augstudio::core

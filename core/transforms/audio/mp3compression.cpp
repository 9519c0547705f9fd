#include "core/transforms/audio/mp3compression.h"

#include "core/transforms/audio/dsp.h"
#include "core/util/error.h"

#include <lame/lame.h>
#include <sndfile.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace augstudio::core {

namespace {

using LameHandle = std::unique_ptr<lame_global_flags, int (*)(lame_global_flags*)>;

LameHandle openLame(int sampleRate, int channels, int kbps) {
    LameHandle lame(lame_init(), lame_close);
    if (!lame)
        throw Error("bitrate", "the MP3 encoder (LAME) could not start");
    lame_set_in_samplerate(lame.get(), sampleRate);
    lame_set_num_channels(lame.get(), channels);
    lame_set_mode(lame.get(), channels == 1 ? MONO : JOINT_STEREO);
    lame_set_VBR(lame.get(), vbr_off);
    lame_set_brate(lame.get(), kbps);
    lame_set_quality(lame.get(), 5);
    lame_set_bWriteVbrTag(lame.get(), 1); // the tag frame tells the decoder delay and padding
    if (lame_init_params(lame.get()) < 0)
        throw Error("bitrate", std::to_string(kbps) + " kbps MP3 at " + std::to_string(sampleRate) +
                                   " Hz is not encodable");
    return lame;
}

// libsndfile reads the stream from memory through its virtual I/O.
struct Mp3Memory {
    const std::vector<unsigned char>* bytes;
    sf_count_t at = 0;
};

sf_count_t mp3Length(void* user) {
    return sf_count_t(static_cast<Mp3Memory*>(user)->bytes->size());
}
sf_count_t mp3Seek(sf_count_t offset, int whence, void* user) {
    auto* m = static_cast<Mp3Memory*>(user);
    const sf_count_t size = sf_count_t(m->bytes->size());
    sf_count_t to = whence == SEEK_SET   ? offset
                    : whence == SEEK_CUR ? m->at + offset
                                         : size + offset;
    m->at = std::clamp<sf_count_t>(to, 0, size);
    return m->at;
}
sf_count_t mp3Read(void* out, sf_count_t count, void* user) {
    auto* m = static_cast<Mp3Memory*>(user);
    const sf_count_t n = std::min(count, sf_count_t(m->bytes->size()) - m->at);
    if (n <= 0)
        return 0;
    std::memcpy(out, m->bytes->data() + m->at, size_t(n));
    m->at += n;
    return n;
}
sf_count_t mp3Write(const void*, sf_count_t, void*) {
    return 0;
}
sf_count_t mp3Tell(void* user) {
    return static_cast<Mp3Memory*>(user)->at;
}

} // namespace

Mp3Compression::Mp3Compression(const ParamSet& p) : bitrate_(p.intRange("bitrate")) {}

const std::vector<int>& Mp3Compression::bitrates() {
    static const std::vector<int> rates = {8,  16,  24,  32,  40,  48,  56,  64,  80,
                                           96, 112, 128, 144, 160, 192, 224, 256, 320};
    return rates;
}

double Mp3Compression::lowpassHz(int kbps, int sampleRate, int channels) {
    const LameHandle lame = openLame(sampleRate, channels, kbps);
    return lame_get_lowpassfreq(lame.get());
}

Mp3Compression::Stream Mp3Compression::encode(const std::vector<std::vector<float>>& ch,
                                              int sampleRate, int kbps) {
    const int channels = int(ch.size());
    if (channels < 1 || channels > 2)
        throw std::invalid_argument("mp3 encode: one or two channels");
    const LameHandle lame = openLame(sampleRate, channels, kbps);
    const int64_t n = int64_t(ch[0].size());
    Stream stream;
    std::vector<unsigned char>& out = stream.bytes;
    constexpr int64_t kBlock = 8192;
    std::vector<unsigned char> buffer(size_t(1.25 * kBlock + 7200));
    for (int64_t at = 0; at < n; at += kBlock) {
        const int len = int(std::min(kBlock, n - at));
        const int got = lame_encode_buffer_ieee_float(lame.get(), ch[0].data() + at,
                                                      ch[size_t(channels - 1)].data() + at, len,
                                                      buffer.data(), int(buffer.size()));
        if (got < 0)
            throw Error("bitrate", "MP3 encoding failed (LAME error " + std::to_string(got) + ")");
        out.insert(out.end(), buffer.begin(), buffer.begin() + got);
    }
    const int tail = lame_encode_flush(lame.get(), buffer.data(), int(buffer.size()));
    if (tail > 0)
        out.insert(out.end(), buffer.begin(), buffer.begin() + tail);
    // LAME left an empty first frame for the tag: the tag (delay, padding) goes there.
    const size_t tagSize = lame_get_lametag_frame(lame.get(), buffer.data(), buffer.size());
    if (tagSize > 0 && tagSize <= buffer.size() && tagSize <= out.size())
        std::memcpy(out.data(), buffer.data(), tagSize);
    else // no tag: the encoder's delay and the decoder's 529-sample synthesis delay stay
        stream.leadingFrames = lame_get_encoder_delay(lame.get()) + 529;
    return stream;
}

std::vector<std::vector<float>> Mp3Compression::decode(const std::vector<unsigned char>& mp3,
                                                       int& rate) {
    SF_VIRTUAL_IO io{mp3Length, mp3Seek, mp3Read, mp3Write, mp3Tell};
    Mp3Memory memory{&mp3};
    SF_INFO info{};
    SNDFILE* file = sf_open_virtual(&io, SFM_READ, &info, &memory);
    if (!file)
        throw Error("bitrate",
                    std::string("the MP3 stream does not decode: ") + sf_strerror(nullptr));
    const int channels = std::max(1, info.channels);
    rate = info.samplerate;
    std::vector<std::vector<float>> out(static_cast<size_t>(channels));
    std::vector<float> block(size_t(4096) * size_t(channels));
    sf_count_t got;
    while ((got = sf_readf_float(file, block.data(), 4096)) > 0)
        for (sf_count_t i = 0; i < got; ++i)
            for (int c = 0; c < channels; ++c)
                out[size_t(c)].push_back(block[size_t(i) * size_t(channels) + size_t(c)]);
    sf_close(file);
    return out;
}

Values Mp3Compression::draw(Rng& rng, const SampleInfo&) const {
    std::vector<int> allowed;
    for (int b : bitrates())
        if (b >= bitrate_.lo && b <= bitrate_.hi)
            allowed.push_back(b);
    if (allowed.empty()) // a range between two standard rates: the nearest one above lo
        for (int b : bitrates())
            if (b >= bitrate_.lo || b == bitrates().back()) {
                allowed.push_back(b);
                break;
            }
    return makeValues({{"bitrate", allowed[size_t(rng.integer(0, int64_t(allowed.size()) - 1))]}});
}

void Mp3Compression::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    if (n == 0 || s.sampleRate <= 0)
        return;
    const int kbps = v.at("bitrate").get<int>();
    // One or two channels per stream: stereo as joint stereo, more channels one by one.
    std::vector<std::vector<std::vector<float>>> groups;
    if (s.channels.size() <= 2)
        groups.push_back(s.channels);
    else
        for (auto& c : s.channels)
            groups.push_back({c});
    std::vector<std::vector<float>> result;
    for (const auto& group : groups) {
        int rate = 0;
        const Stream stream = encode(group, s.sampleRate, kbps);
        std::vector<std::vector<float>> decoded = decode(stream.bytes, rate);
        for (auto& c : decoded)
            c.erase(c.begin(),
                    c.begin() + std::min<ptrdiff_t>(stream.leadingFrames, ptrdiff_t(c.size())));
        if (rate > 0 && rate != s.sampleRate)
            decoded = dsp::resample(decoded, rate, s.sampleRate);
        for (size_t c = 0; c < group.size(); ++c) {
            std::vector<float> channel =
                c < decoded.size() ? std::move(decoded[c]) : std::vector<float>{};
            channel.resize(size_t(n), 0.0f);
            result.push_back(std::move(channel));
        }
    }
    s.channels = std::move(result);
}

TransformInfo Mp3Compression::info() {
    return {"audio.mp3_compression",
            Modality::Audio,
            "degradation",
            "MP3 encode and decode round trip (LAME, constant bitrate); length kept",
            {intRangeParam("bitrate", 8, 64, 8, 320,
                           "bitrate drawn uniformly among LAME's constant bitrates (8, 16, 24, "
                           "32, 40, 48, 56, 64, 80, 96, ... 320) within [lo, hi]",
                           "kbps")},
            0.5,
            factoryOf<Mp3Compression>()};
}

} // namespace augstudio::core

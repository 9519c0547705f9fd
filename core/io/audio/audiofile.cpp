#include "core/io/audio/audiofile.h"

#include "core/util/error.h"
#include "core/util/readlimits.h"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>

namespace augstudio::core {

namespace {

struct SndCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndHandle = std::unique_ptr<SNDFILE, SndCloser>;

std::string lowerExtension(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

SndHandle openForRead(const std::filesystem::path& file, SF_INFO& info) {
    info = SF_INFO{};
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw IoError(file.string(), "no such file");
    if (std::filesystem::is_directory(file, ec))
        throw IoError(file.string(), "is a folder, not an audio file");
    SNDFILE* f = sf_open(file.string().c_str(), SFM_READ, &info);
    if (!f)
        throw IoError(file.string(), std::string("cannot read audio: ") + sf_strerror(nullptr));
    if (info.channels <= 0 || info.samplerate <= 0) {
        sf_close(f);
        throw IoError(file.string(), "cannot read audio: no channels or no sample rate");
    }
    return SndHandle(f);
}

// What the container header promises against what the file holds, for uncompressed WAV
// and AIFF: libsndfile quietly shortens `frames` to the bytes present, so a truncated file
// would otherwise read as a shorter clip.
struct DeclaredFrames {
    int64_t declared = 0, held = 0;
};

uint32_t le32(const unsigned char* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint32_t be32(const unsigned char* p) {
    return uint32_t(p[3]) | uint32_t(p[2]) << 8 | uint32_t(p[1]) << 16 | uint32_t(p[0]) << 24;
}
uint16_t le16(const unsigned char* p) {
    return uint16_t(p[0] | p[1] << 8);
}
uint16_t be16(const unsigned char* p) {
    return uint16_t(p[1] | p[0] << 8);
}

std::optional<DeclaredFrames> declaredFrames(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!in || ec || size < 12)
        return std::nullopt;
    const int64_t fileSize = int64_t(size);
    unsigned char head[12];
    in.read(reinterpret_cast<char*>(head), 12);
    const bool riff = std::equal(head, head + 4, "RIFF") && std::equal(head + 8, head + 12, "WAVE");
    const bool aiff =
        std::equal(head, head + 4, "FORM") &&
        (std::equal(head + 8, head + 12, "AIFF") || std::equal(head + 8, head + 12, "AIFC"));
    if (!riff && !aiff)
        return std::nullopt;
    int64_t at = 12, blockAlign = 0, declaredAiff = -1, aiffFrameBytes = 0;
    // Chunks until the data: a bounded walk (a hostile header cannot loop).
    for (int chunk = 0; chunk < 64 && at + 8 <= fileSize; ++chunk) {
        unsigned char ch[8];
        in.seekg(at);
        if (!in.read(reinterpret_cast<char*>(ch), 8))
            return std::nullopt;
        const int64_t len = riff ? int64_t(le32(ch + 4)) : int64_t(be32(ch + 4));
        const int64_t body = at + 8;
        if (riff && std::equal(ch, ch + 4, "fmt ") && len >= 16) {
            unsigned char fmt[16];
            if (!in.read(reinterpret_cast<char*>(fmt), 16))
                return std::nullopt;
            const uint16_t tag = le16(fmt);
            // PCM, IEEE float, and the extensible form of either: fixed bytes per frame.
            if (tag != 1 && tag != 3 && tag != 0xFFFE)
                return std::nullopt;
            blockAlign = le16(fmt + 12);
        } else if (riff && std::equal(ch, ch + 4, "data")) {
            if (blockAlign <= 0 || len == 0xFFFFFFFF || len == 0)
                return std::nullopt; // streamed (size unknown) or nothing to compare
            const int64_t held = std::min(len, std::max<int64_t>(fileSize - body, 0));
            return DeclaredFrames{len / blockAlign, held / blockAlign};
        } else if (aiff && std::equal(ch, ch + 4, "COMM") && len >= 18) {
            unsigned char comm[22] = {};
            if (!in.read(reinterpret_cast<char*>(comm), std::min<int64_t>(len, 22)))
                return std::nullopt;
            if (std::equal(head + 8, head + 12, "AIFC") &&
                !(len >= 22 && (std::equal(comm + 18, comm + 22, "NONE") ||
                                std::equal(comm + 18, comm + 22, "sowt"))))
                return std::nullopt; // compressed AIFC: no fixed frame size
            const int64_t channels = be16(comm);
            declaredAiff = int64_t(be32(comm + 2));
            aiffFrameBytes = channels * ((int64_t(be16(comm + 6)) + 7) / 8);
        } else if (aiff && std::equal(ch, ch + 4, "SSND")) {
            unsigned char ssnd[4];
            if (declaredAiff < 0 || aiffFrameBytes <= 0 ||
                !in.read(reinterpret_cast<char*>(ssnd), 4))
                return std::nullopt;
            const int64_t start = body + 8 + int64_t(be32(ssnd));
            const int64_t held = std::max<int64_t>(fileSize - start, 0) / aiffFrameBytes;
            return DeclaredFrames{declaredAiff, std::min(held, declaredAiff)};
        }
        at = body + len + (len & 1); // chunks are padded to an even length
    }
    return std::nullopt;
}

// The checks every read and probe makes: a clip with frames, as long as its header says.
void checkFrames(const std::filesystem::path& file, const SF_INFO& info) {
    if (const auto d = declaredFrames(file); d && d->held < d->declared)
        throw IoError(file.string(), "truncated: header declares " + std::to_string(d->declared) +
                                         " frames, file holds " + std::to_string(d->held));
    if (info.frames == 0)
        throw IoError(file.string(), "no audio frames");
}

// The container each extension writes and the subtype used when none is kept.
struct ExtensionFormat {
    const char* ext;
    int container;
    int subtype;
};
constexpr std::array<ExtensionFormat, 13> kExtensions{{
    {".wav", SF_FORMAT_WAV, SF_FORMAT_PCM_16},
    {".wave", SF_FORMAT_WAV, SF_FORMAT_PCM_16},
    {".flac", SF_FORMAT_FLAC, SF_FORMAT_PCM_16},
    {".ogg", SF_FORMAT_OGG, SF_FORMAT_VORBIS},
    {".oga", SF_FORMAT_OGG, SF_FORMAT_VORBIS},
    {".opus", SF_FORMAT_OGG, SF_FORMAT_OPUS},
    {".mp3", SF_FORMAT_MPEG, SF_FORMAT_MPEG_LAYER_III},
    {".aif", SF_FORMAT_AIFF, SF_FORMAT_PCM_16},
    {".aiff", SF_FORMAT_AIFF, SF_FORMAT_PCM_16},
    {".au", SF_FORMAT_AU, SF_FORMAT_PCM_16},
    {".caf", SF_FORMAT_CAF, SF_FORMAT_PCM_16},
    {".w64", SF_FORMAT_W64, SF_FORMAT_PCM_16},
    {".rf64", SF_FORMAT_RF64, SF_FORMAT_PCM_16},
}};

const ExtensionFormat* formatOfExtension(const std::filesystem::path& file) {
    const std::string ext = lowerExtension(file);
    for (const auto& e : kExtensions)
        if (ext == e.ext)
            return &e;
    return nullptr;
}

// The format to write: the kept format when it suits the extension's container and the
// sample's shape, else the kept subtype in the extension's container, else its default.
int chooseFormat(const std::filesystem::path& file, const AudioSample& s, int kept) {
    const ExtensionFormat* ext = formatOfExtension(file);
    if (!ext)
        throw IoError(file.string(), "unknown audio extension '" + file.extension().string() +
                                         "' (use .wav, .flac, .ogg, .mp3, .aiff, ...)");
    SF_INFO probe{};
    probe.channels = int(s.channels.size());
    probe.samplerate = s.sampleRate;
    const int keptSubtype = kept & SF_FORMAT_SUBMASK;
    for (int candidate : {kept, ext->container | keptSubtype, ext->container | ext->subtype}) {
        if ((candidate & SF_FORMAT_TYPEMASK) != ext->container || !(candidate & SF_FORMAT_SUBMASK))
            continue;
        probe.format = candidate;
        if (sf_format_check(&probe))
            return candidate;
    }
    throw IoError(file.string(), "libsndfile cannot write " + std::to_string(probe.channels) +
                                     " channels at " + std::to_string(s.sampleRate) +
                                     " Hz in this format");
}

} // namespace

AudioFile readAudioFile(const std::filesystem::path& file, const ReadLimits& limits) {
    SF_INFO info;
    SndHandle f = openForRead(file, info);
    checkFrames(file, info);
    const double seconds = double(info.frames) / double(info.samplerate);
    const double limit = limits.maxAudioSeconds;
    if (info.frames > 0 && seconds > limit)
        throw IoError(file.string(), "audio is " + std::to_string(int64_t(seconds)) +
                                         " s long, over the length limit of " +
                                         std::to_string(int64_t(limit)) +
                                         " s (the maxAudioSeconds limit)");
    sf_command(f.get(), SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
    AudioFile out;
    out.format = info.format;
    out.sample.sampleRate = info.samplerate;
    const size_t channels = size_t(info.channels);
    out.sample.channels.assign(channels, {});
    if (info.frames > 0 && info.frames < (sf_count_t(1) << 40))
        for (auto& c : out.sample.channels)
            c.reserve(size_t(info.frames));
    // Read in blocks until the decoder stops: frame counts of compressed files are estimates.
    constexpr sf_count_t kBlock = 8192;
    std::vector<float> buffer(size_t(kBlock) * channels);
    for (;;) {
        const sf_count_t got = sf_readf_float(f.get(), buffer.data(), kBlock);
        if (got <= 0)
            break;
        for (size_t c = 0; c < channels; ++c) {
            auto& dst = out.sample.channels[c];
            for (sf_count_t i = 0; i < got; ++i)
                dst.push_back(buffer[size_t(i) * channels + c]);
        }
    }
    if (sf_error(f.get()) != SF_ERR_NO_ERROR)
        throw IoError(file.string(), std::string("cannot decode audio: ") + sf_strerror(f.get()));
    return out;
}

void writeAudioFile(const std::filesystem::path& file, const AudioSample& s, int format) {
    if (s.channels.empty())
        throw IoError(file.string(), "cannot write audio with no channels");
    if (s.sampleRate <= 0)
        throw IoError(file.string(), "cannot write audio without a sample rate");
    const size_t channels = s.channels.size();
    const size_t frames = s.channels[0].size();
    for (const auto& c : s.channels)
        if (c.size() != frames)
            throw IoError(file.string(), "channels of different lengths");
    SF_INFO info{};
    info.channels = int(channels);
    info.samplerate = s.sampleRate;
    info.format = chooseFormat(file, s, format);
    SNDFILE* raw = sf_open(file.string().c_str(), SFM_WRITE, &info);
    if (!raw)
        throw IoError(file.string(), std::string("cannot write audio: ") + sf_strerror(nullptr));
    SndHandle f(raw);
    // Integer formats clip instead of wrapping around when a sample exceeds [-1, 1].
    sf_command(f.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
    constexpr size_t kBlock = 8192;
    std::vector<float> buffer(kBlock * channels);
    for (size_t start = 0; start < frames; start += kBlock) {
        const size_t len = std::min(kBlock, frames - start);
        for (size_t i = 0; i < len; ++i)
            for (size_t c = 0; c < channels; ++c) {
                const float v = s.channels[c][start + i];
                buffer[i * channels + c] = std::isfinite(v) ? v : 0.0f;
            }
        if (sf_writef_float(f.get(), buffer.data(), sf_count_t(len)) != sf_count_t(len))
            throw IoError(file.string(),
                          std::string("cannot write audio: ") + sf_strerror(f.get()));
    }
    if (sf_close(f.release()) != 0)
        throw IoError(file.string(), "cannot finish writing the audio file");
}

AudioInfo probeAudioFile(const std::filesystem::path& file) {
    SF_INFO info;
    SndHandle f = openForRead(file, info);
    checkFrames(file, info);
    return {int64_t(info.frames), info.samplerate, info.channels, info.format};
}

bool isAudioExtension(const std::filesystem::path& file) {
    return formatOfExtension(file) != nullptr;
}

} // namespace augstudio::core

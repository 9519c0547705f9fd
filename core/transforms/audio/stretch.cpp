#include "core/transforms/audio/stretch.h"

#include <rubberband/RubberBandStretcher.h>

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

// The closest fraction p/q to x with q <= maxDenominator (continued fractions). Rubber Band's
// resampler builds a filter table per ratio; an irrational ratio such as 2^(3/12) costs about
// 50 ms of table building per call, a ratio of small integers almost nothing. With q <= 1024
// the pitch moves by less than a cent (0.74 at worst over +-24 semitones).
double simpleRatio(double x, int64_t maxDenominator) {
    int64_t p0 = 0, q0 = 1, p1 = 1, q1 = 0;
    double rest = x;
    for (int i = 0; i < 64; ++i) {
        const auto a = int64_t(std::floor(rest));
        const int64_t q2 = q0 + a * q1;
        if (q2 > maxDenominator)
            break;
        const int64_t p2 = p0 + a * p1;
        p0 = p1, q0 = q1, p1 = p2, q1 = q2;
        if (rest - double(a) < 1e-12)
            break;
        rest = 1 / (rest - double(a));
    }
    return q1 ? double(p1) / double(q1) : x;
}

// Runs Rubber Band offline over the whole sample and returns exactly `outFrames` frames
// (the last few are zero-padded or cut when the stretcher's rounding differs).
void rubberBand(AudioSample& s, double timeRatio, double pitchScale, bool finer,
                int64_t outFrames) {
    using RB = RubberBand::RubberBandStretcher;
    const size_t channels = s.channels.size();
    const size_t frames = size_t(s.frames());
    RB::Options options = RB::OptionProcessOffline | RB::OptionChannelsTogether |
                          (finer ? RB::OptionEngineFiner : RB::OptionEngineFaster);
    if (!finer)
        options |= RB::OptionPitchHighQuality;
    RB stretcher(size_t(s.sampleRate), channels, options, timeRatio, pitchScale);
    stretcher.setDebugLevel(0);
    stretcher.setExpectedInputDuration(frames);
    constexpr size_t kBlock = 8192;
    stretcher.setMaxProcessSize(kBlock);

    std::vector<const float*> in(channels);
    for (size_t start = 0; start < frames; start += kBlock) {
        const size_t len = std::min(kBlock, frames - start);
        for (size_t c = 0; c < channels; ++c)
            in[c] = s.channels[c].data() + start;
        stretcher.study(in.data(), len, start + len >= frames);
    }

    std::vector<std::vector<float>> out(channels);
    for (auto& o : out)
        o.reserve(size_t(outFrames));
    std::vector<std::vector<float>> block(channels, std::vector<float>(kBlock));
    std::vector<float*> blockPtr(channels);
    for (size_t c = 0; c < channels; ++c)
        blockPtr[c] = block[c].data();
    auto drain = [&] {
        for (int avail = stretcher.available(); avail > 0; avail = stretcher.available()) {
            const size_t got = stretcher.retrieve(blockPtr.data(), std::min(size_t(avail), kBlock));
            for (size_t c = 0; c < channels; ++c)
                out[c].insert(out[c].end(), block[c].begin(), block[c].begin() + long(got));
            if (got == 0)
                break;
        }
    };
    for (size_t start = 0; start < frames; start += kBlock) {
        const size_t len = std::min(kBlock, frames - start);
        for (size_t c = 0; c < channels; ++c)
            in[c] = s.channels[c].data() + start;
        stretcher.process(in.data(), len, start + len >= frames);
        drain();
    }
    drain();
    for (size_t c = 0; c < channels; ++c) {
        out[c].resize(size_t(outFrames), 0.0f);
        for (float& v : out[c])
            if (!std::isfinite(v))
                v = 0.0f;
        s.channels[c] = std::move(out[c]);
    }
}

} // namespace

Stretch::Stretch(Kind kind, const ParamSet& p)
    : kind_(kind), range_(p.range(kind == Kind::Time ? "rate" : "semitones")),
      keepLength_(kind == Kind::Time && p.b("keep_length")), finer_(p.s("engine") == "finer") {}

int64_t Stretch::stretchedLength(int64_t frames, double rate) {
    return int64_t(std::llround(double(frames) / rate));
}

Values Stretch::draw(Rng& rng, const SampleInfo&) const {
    const double v = rng.uniform(range_.lo, range_.hi);
    return {{kind_ == Kind::Time ? "rate" : "semitones", v}};
}

void Stretch::applyTo(AudioSample& s, const Values& v) const {
    const int64_t frames = s.frames();
    if (frames == 0 || s.channels.empty() || s.sampleRate <= 0)
        return;
    if (kind_ == Kind::Pitch) {
        const double semitones = v.at("semitones").get<double>();
        if (semitones == 0.0)
            return;
        rubberBand(s, 1.0, simpleRatio(std::pow(2.0, semitones / 12), 1024), finer_, frames);
        return;
    }
    const double rate = v.at("rate").get<double>();
    if (rate == 1.0)
        return;
    const int64_t stretched = std::max<int64_t>(1, stretchedLength(frames, rate));
    rubberBand(s, 1.0 / rate, 1.0, finer_, stretched);
    if (keepLength_)
        for (auto& c : s.channels)
            c.resize(size_t(frames), 0.0f);
}

TransformInfo Stretch::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Audio;
    t.kind = "temporal";
    const ParamSpec engine =
        enumParam("engine", "finer", {"finer", "fast"},
                  "Rubber Band engine: finer (R3, best quality) or fast (R2, about 3x faster)");
    if (kind == Kind::Time) {
        t.id = "audio.time_stretch";
        t.summary = "Change the tempo without changing the pitch (Rubber Band)";
        t.params = {
            rangeParam("rate", 0.8, 1.25, 0.1, 10,
                       "speed factor drawn from [lo, hi]: 2 plays twice as fast (half the "
                       "length), 0.5 half as fast",
                       "x", 0.01),
            boolParam("keep_length", true, "crop or zero-pad the result back to the input length"),
            engine};
    } else {
        t.id = "audio.pitch_shift";
        t.summary = "Change the pitch without changing the tempo (Rubber Band); length kept";
        t.params = {rangeParam("semitones", -4, 4, -24, 24, "pitch change drawn from [lo, hi]",
                               "semitones", 0.1),
                    engine};
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Stretch>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

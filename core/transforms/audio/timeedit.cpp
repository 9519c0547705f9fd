#include "core/transforms/audio/timeedit.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

int64_t msToFrames(double ms, int rate) {
    return int64_t(std::llround(ms / 1000 * rate));
}

// Linear ramp over [begin, end): from 0 up to 1 when rising, from 1 down to 0 otherwise.
void ramp(std::vector<float>& c, int64_t begin, int64_t end, bool rising) {
    begin = std::max<int64_t>(0, begin);
    end = std::min<int64_t>(int64_t(c.size()), end);
    const double len = double(end - begin);
    for (int64_t i = begin; i < end; ++i) {
        const double t = (double(i - begin) + 0.5) / len;
        c[size_t(i)] *= float(rising ? t : 1 - t);
    }
}

// Crossfades the `len` samples of `out` before `seam` towards what precedes `srcSeam` in
// `src`, so the jump at the seam becomes a blend of two continuous signals.
void crossfade(std::vector<float>& out, int64_t seam, const std::vector<float>& src,
               int64_t srcSeam, int64_t len) {
    len = std::min({len, seam, srcSeam});
    for (int64_t i = 0; i < len; ++i) {
        const double t = (double(i) + 0.5) / double(len);
        float& o = out[size_t(seam - len + i)];
        o = float(o * (1 - t) + src[size_t(srcSeam - len + i)] * t);
    }
}

// numpy.pad "reflect": mirror without repeating the edge, bouncing for long pads.
int64_t reflectIndex(int64_t i, int64_t m) {
    if (m <= 1)
        return 0;
    const int64_t period = 2 * (m - 1);
    int64_t p = std::abs(i) % period;
    return p >= m ? period - p : p;
}

int64_t wrapIndex(int64_t i, int64_t m) {
    return ((i % m) + m) % m;
}

} // namespace

Shift::Shift(const ParamSet& p)
    : fraction_(p.range("fraction")), rollover_(p.b("rollover")), fadeMs_(p.f("fade_ms")) {}

Values Shift::draw(Rng& rng, const SampleInfo&) const {
    return {{"fraction", rng.uniform(fraction_.lo, fraction_.hi)}};
}

void Shift::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    if (n == 0)
        return;
    const int64_t k =
        std::clamp<int64_t>(std::llround(v.at("fraction").get<double>() * double(n)), -n, n);
    if (k == 0)
        return;
    const int64_t fade = std::min(n, msToFrames(fadeMs_, s.sampleRate));
    for (auto& out : s.channels) {
        // out[i + k] = in[i] (wrapped or cut). The wrap writes a new buffer in two block
        // copies, n floats moved; in place it would move n + min(w, n - w).
        float* c = out.data();
        if (rollover_) {
            const int64_t w = wrapIndex(k, n);
            std::vector<float> rolled; // reserved, not zero-filled: written once
            rolled.reserve(static_cast<size_t>(n));
            rolled.insert(rolled.end(), c + (n - w), c + n);
            rolled.insert(rolled.end(), c, c + (n - w));
            out.swap(rolled);
        } else if (k > 0) {
            std::copy_backward(c, c + (n - k), c + n);
            std::fill(c, c + k, 0.0f);
        } else {
            std::copy(c - k, c + n, c);
            std::fill(c + (n + k), c + n, 0.0f);
        }
        if (fade > 0) {
            if (rollover_) {
                const int64_t seam = wrapIndex(k, n);
                ramp(out, seam - fade, seam, false);
                ramp(out, seam, seam + fade, true);
            } else if (k > 0) {
                ramp(out, k, k + fade, true);
            } else {
                ramp(out, n + k - fade, n + k, false);
            }
        }
    }
}

TransformInfo Shift::info() {
    return {"audio.shift",
            Modality::Audio,
            "temporal",
            "Shift in time by a drawn fraction of the length, circularly or zero-filled",
            {rangeParam("fraction", -0.5, 0.5, -1, 1,
                        "shift as a fraction of the length drawn from [lo, hi] (positive: later)",
                        "", 0.01),
             boolParam("rollover", true,
                       "wrap what leaves one end into the other; off: fill with silence"),
             floatParam("fade_ms", 5, 0, 1000, "fade length at the seam against clicks", "ms", 1)},
            0.5,
            factoryOf<Shift>()};
}

TimeMask::TimeMask(const ParamSet& p) : part_(p.range("band_part")), fade_(p.b("fade")) {}

Values TimeMask::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t n = info.frames;
    const int64_t len =
        std::clamp<int64_t>(std::llround(rng.uniform(part_.lo, part_.hi) * double(n)), 0, n);
    const int64_t start = rng.integer(0, n - len);
    return {{"start_frame", start}, {"mask_frames", len}};
}

void TimeMask::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    const int64_t start = std::clamp<int64_t>(v.at("start_frame").get<int64_t>(), 0, n);
    const int64_t end = std::clamp<int64_t>(start + v.at("mask_frames").get<int64_t>(), start, n);
    const int64_t len = end - start;
    // As audiomentations: fades of min(10 ms, a tenth of the mask) at its edges.
    const int64_t fade = fade_ ? std::min(msToFrames(10, s.sampleRate), len / 10) : 0;
    for (auto& c : s.channels) {
        for (int64_t i = 0; i < fade; ++i) {
            const double m = 1 - (double(i) + 0.5) / double(fade);
            c[size_t(start + i)] = float(c[size_t(start + i)] * m);
            c[size_t(end - 1 - i)] = float(c[size_t(end - 1 - i)] * m);
        }
        // Times zero rather than zero: the same -0 and NaN as the fades' products.
        dsp::scale(c.data() + start + fade, size_t(len - 2 * fade), 0.0f);
    }
}

TransformInfo TimeMask::info() {
    return {
        "audio.time_mask",
        Modality::Audio,
        "temporal",
        "Silence a random span (SpecAugment time mask on the waveform)",
        {rangeParam("band_part", 0.01, 0.2, 0, 1,
                    "length of the span as a fraction of the clip, drawn from [lo, hi]", "", 0.01),
         boolParam("fade", false, "fade in and out of the silence instead of cutting")},
        0.5,
        factoryOf<TimeMask>()};
}

Trim::Trim(const ParamSet& p) : topDb_(p.f("top_db")) {}

Values Trim::draw(Rng&, const SampleInfo&) const {
    return {{"top_db", topDb_}};
}

std::pair<int64_t, int64_t> Trim::keptSpan(const AudioSample& s, double topDb) {
    constexpr int64_t kFrame = 2048, kHop = 512;
    const int64_t n = s.frames();
    if (n == 0 || s.channels.empty())
        return {0, n};
    // Mean square of the channel average (librosa trims the mono mix), frames centred on
    // multiples of the hop as librosa's center=True framing.
    std::vector<double> mono(size_t(n), 0.0);
    for (const auto& c : s.channels)
        for (int64_t i = 0; i < n; ++i)
            mono[size_t(i)] += c[size_t(i)];
    for (double& x : mono)
        x /= double(s.channels.size());
    std::vector<double> prefix(size_t(n) + 1, 0.0);
    for (int64_t i = 0; i < n; ++i)
        prefix[size_t(i) + 1] = prefix[size_t(i)] + mono[size_t(i)] * mono[size_t(i)];
    const int64_t count = 1 + n / kHop;
    std::vector<double> power(static_cast<size_t>(count));
    double loudest = 0;
    for (int64_t f = 0; f < count; ++f) {
        const int64_t a = std::clamp<int64_t>(f * kHop - kFrame / 2, 0, n);
        const int64_t b = std::clamp<int64_t>(f * kHop + kFrame / 2, 0, n);
        power[size_t(f)] = (prefix[size_t(b)] - prefix[size_t(a)]) / double(kFrame);
        loudest = std::max(loudest, power[size_t(f)]);
    }
    if (!(loudest > 0))
        return {0, n};
    const double threshold = loudest * std::pow(10.0, -topDb / 10);
    int64_t first = -1, last = -1;
    for (int64_t f = 0; f < count; ++f)
        if (power[size_t(f)] > threshold) {
            if (first < 0)
                first = f;
            last = f;
        }
    if (first < 0)
        return {0, n};
    return {std::min(n, first * kHop), std::min(n, (last + 1) * kHop)};
}

void Trim::applyTo(AudioSample& s, const Values& v) const {
    const auto [first, last] = keptSpan(s, v.at("top_db").get<double>());
    if (first == 0 && last == s.frames())
        return;
    for (auto& c : s.channels)
        c = std::vector<float>(c.begin() + long(first), c.begin() + long(last));
}

TransformInfo Trim::info() {
    return {
        "audio.trim",
        Modality::Audio,
        "temporal",
        "Remove leading and trailing silence (frames top_db below the loudest)",
        {floatParam("top_db", 30, 1, 120,
                    "frames quieter than this below the loudest frame count as silence", "dB", 1)},
        0.5,
        factoryOf<Trim>()};
}

Pad::Pad(const ParamSet& p)
    : fraction_(p.range("fraction")), mode_(p.s("mode")), atStart_(p.s("section") == "start") {}

Values Pad::draw(Rng& rng, const SampleInfo&) const {
    return {{"fraction", rng.uniform(fraction_.lo, fraction_.hi)}};
}

void Pad::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    if (n <= 1)
        return;
    const int64_t k =
        std::clamp<int64_t>(std::llround(v.at("fraction").get<double>() * double(n)), 0, n - 1);
    const int64_t m = n - k; // frames kept
    for (auto& c : s.channels) {
        const std::vector<float> src = c;
        const int64_t keptFrom = atStart_ ? k : 0; // where the kept frames start in src
        auto fill = [&](int64_t rel) -> float {    // rel: index relative to the kept part
            if (mode_ == "silence")
                return 0.0f;
            const int64_t i = mode_ == "wrap" ? wrapIndex(rel, m) : reflectIndex(rel, m);
            return src[size_t(keptFrom + i)];
        };
        if (atStart_)
            for (int64_t j = 0; j < k; ++j)
                c[size_t(j)] = fill(j - k);
        else
            for (int64_t j = m; j < n; ++j)
                c[size_t(j)] = fill(j);
    }
}

TransformInfo Pad::info() {
    return {"audio.pad",
            Modality::Audio,
            "temporal",
            "Replace a drawn fraction at the start or end by padding (length kept)",
            {rangeParam("fraction", 0.01, 0.7, 0, 0.99,
                        "padded fraction of the length drawn from [lo, hi]", "", 0.01),
             enumParam("mode", "silence", {"silence", "wrap", "reflect"},
                       "what fills the pad: zeros, the clip repeated, or the clip mirrored"),
             enumParam("section", "end", {"start", "end"}, "which end is padded")},
            0.5,
            factoryOf<Pad>()};
}

RepeatPart::RepeatPart(const ParamSet& p)
    : repeats_(p.intRange("repeats")), part_(p.range("part_s")), insert_(p.s("mode") == "insert"),
      crossfadeMs_(p.f("crossfade_ms")) {}

Values RepeatPart::draw(Rng& rng, const SampleInfo& info) const {
    const int64_t n = info.frames;
    const int64_t part = std::clamp<int64_t>(
        std::llround(rng.uniform(part_.lo, part_.hi) * std::max(1, info.sampleRate)), 1,
        std::max<int64_t>(1, n));
    const int64_t start = rng.integer(0, std::max<int64_t>(0, n - part));
    return {{"repeats", rng.integer(repeats_.lo, repeats_.hi)},
            {"start_frame", start},
            {"part_frames", part}};
}

void RepeatPart::applyTo(AudioSample& s, const Values& v) const {
    const int64_t n = s.frames();
    const int64_t start = std::clamp<int64_t>(v.at("start_frame").get<int64_t>(), 0, n);
    const int64_t part = std::clamp<int64_t>(v.at("part_frames").get<int64_t>(), 0, n - start);
    const int64_t repeats = v.at("repeats").get<int64_t>();
    if (part == 0 || repeats <= 0)
        return;
    const int64_t cf = std::min(part / 2, msToFrames(crossfadeMs_, s.sampleRate));
    const int64_t partEnd = start + part;
    for (auto& c : s.channels) {
        const std::vector<float> src = c;
        std::vector<float> out(src.begin(), src.begin() + long(partEnd));
        for (int64_t r = 0; r < repeats; ++r) {
            const int64_t seam = int64_t(out.size());
            out.insert(out.end(), src.begin() + long(start), src.begin() + long(partEnd));
            crossfade(out, seam, src, start, cf);
        }
        if (insert_) {
            out.insert(out.end(), src.begin() + long(partEnd), src.end());
        } else {
            // Replace: the copies overwrite what followed; the original resumes after them.
            const int64_t resume = std::min(n, int64_t(out.size()));
            out.resize(size_t(resume));
            out.insert(out.end(), src.begin() + long(resume), src.end());
            if (resume < n)
                crossfade(out, resume, src, resume, cf);
        }
        c = std::move(out);
    }
}

TransformInfo RepeatPart::info() {
    return {
        "audio.repeat_part",
        Modality::Audio,
        "temporal",
        "Repeat a drawn part of the clip with crossfades (insert: longer by repeats x part)",
        {intRangeParam("repeats", 1, 3, 1, 50, "number of repeats drawn from [lo, hi]"),
         rangeParam("part_s", 0.25, 1.2, 0.001, 60,
                    "length of the repeated part drawn from [lo, hi], at most the clip", "s", 0.01),
         enumParam("mode", "insert", {"insert", "replace"},
                   "insert the repeats (longer clip) or write them over what follows "
                   "(length kept)"),
         floatParam("crossfade_ms", 5, 0, 1000, "crossfade at each seam", "ms", 1)},
        0.5,
        factoryOf<RepeatPart>()};
}

} // namespace augstudio::core

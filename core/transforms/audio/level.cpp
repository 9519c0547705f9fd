#include "core/transforms/audio/level.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

Gain::Gain(const ParamSet& p) : gain_(p.range("gain_db")) {}

Values Gain::draw(Rng& rng, const SampleInfo&) const {
    return {{"gain_db", rng.uniform(gain_.lo, gain_.hi)}};
}

void Gain::applyTo(AudioSample& s, const Values& v) const {
    const float g = float(dsp::dbToAmplitude(v.at("gain_db").get<double>()));
    for (auto& c : s.channels)
        dsp::scale(c.data(), c.size(), g);
}

TransformInfo Gain::info() {
    return {"audio.gain",
            Modality::Audio,
            "level",
            "Multiply by a constant gain drawn in dB",
            {rangeParam("gain_db", -12, 12, -60, 60, "gain drawn uniformly in dB from [lo, hi]",
                        "dB", 0.5)},
            0.5,
            factoryOf<Gain>()};
}

GainTransition::GainTransition(const ParamSet& p)
    : gain_(p.range("gain_db")), duration_(p.range("duration_s")) {}

Values GainTransition::draw(Rng& rng, const SampleInfo& info) const {
    const double from = rng.uniform(gain_.lo, gain_.hi);
    const double to = rng.uniform(gain_.lo, gain_.hi);
    const double length = info.sampleRate > 0 ? double(info.frames) / info.sampleRate : 0.0;
    const double duration = std::min(rng.uniform(duration_.lo, duration_.hi), length);
    const double start = rng.uniform(0, length - duration);
    return {
        {"start_gain_db", from}, {"end_gain_db", to}, {"start_s", start}, {"duration_s", duration}};
}

void GainTransition::applyTo(AudioSample& s, const Values& v) const {
    const double from = v.at("start_gain_db").get<double>();
    const double to = v.at("end_gain_db").get<double>();
    const double rate = std::max(1, s.sampleRate);
    const auto start = int64_t(std::llround(v.at("start_s").get<double>() * rate));
    const auto span = std::max<int64_t>(1, std::llround(v.at("duration_s").get<double>() * rate));
    const int64_t frames = s.frames();
    // Frames up to `start` keep the start gain, frames from start + span on the end gain.
    const int64_t rampBegin = std::clamp<int64_t>(start + 1, 0, frames);
    const int64_t rampEnd = std::clamp<int64_t>(start + span, rampBegin, frames);
    // The ramp's own expression at t = 0 and 1 (from + (to - from) need not round to `to`).
    const float before = float(dsp::dbToAmplitude(from));
    const float after = float(dsp::dbToAmplitude(from + (to - from)));
    for (auto& c : s.channels) {
        dsp::scale(c.data(), size_t(rampBegin), before);
        dsp::scale(c.data() + rampEnd, c.size() - size_t(rampEnd), after);
    }
    // Inside, 10^(dB / 20) is exponential in the frame: one power per block of frames and a
    // table of the step powers within a block (the product is a few double ulps from one
    // power per frame, well below float rounding).
    constexpr int kBlock = 64;
    const double dbPerFrame = (to - from) / double(span);
    double steps[kBlock];
    for (int j = 0; j < kBlock; ++j)
        steps[j] = dsp::dbToAmplitude(dbPerFrame * j);
    float gains[kBlock];
    for (int64_t b = rampBegin; b < rampEnd; b += kBlock) {
        const int len = int(std::min<int64_t>(kBlock, rampEnd - b));
        const double base =
            dsp::dbToAmplitude(from + (to - from) * (double(b - start) / double(span)));
        for (int j = 0; j < len; ++j)
            gains[j] = float(base * steps[j]);
        for (auto& c : s.channels)
            for (int j = 0; j < len; ++j)
                c[size_t(b + j)] *= gains[j];
    }
}

TransformInfo GainTransition::info() {
    return {
        "audio.gain_transition",
        Modality::Audio,
        "level",
        "A gain ramp (fade in dB) from one drawn level to another over a drawn span",
        {rangeParam("gain_db", -24, 6, -60, 60,
                    "start and end gains are each drawn uniformly in dB from [lo, hi]", "dB", 0.5),
         rangeParam("duration_s", 0.2, 6, 0, 600,
                    "length of the ramp drawn from [lo, hi], at most the clip's length", "s", 0.1)},
        0.5,
        factoryOf<GainTransition>()};
}

Normalize::Normalize(const ParamSet& p) : rms_(p.s("mode") == "rms"), target_(p.f("target_db")) {}

Values Normalize::draw(Rng&, const SampleInfo&) const {
    return {{"mode", rms_ ? "rms" : "peak"}, {"target_db", target_}};
}

void Normalize::applyTo(AudioSample& s, const Values& v) const {
    const double level =
        v.at("mode").get<std::string>() == "rms" ? dsp::rms(s.channels) : dsp::peak(s.channels);
    if (!(level > 0))
        return;
    const float g = float(dsp::dbToAmplitude(v.at("target_db").get<double>()) / level);
    for (auto& c : s.channels)
        dsp::scale(c.data(), c.size(), g);
}

TransformInfo Normalize::info() {
    return {"audio.normalize",
            Modality::Audio,
            "level",
            "Scale so the peak or the RMS level reaches a target in dBFS (silence is left as is)",
            {enumParam("mode", "peak", {"peak", "rms"}, "measure the peak or the RMS level"),
             floatParam("target_db", -1, -80, 0,
                        "level to reach, in dB relative to full scale (about -20 suits rms)",
                        "dBFS", 0.5)},
            1.0,
            factoryOf<Normalize>()};
}

Values Invert::draw(Rng&, const SampleInfo&) const {
    return Values::object();
}

void Invert::applyTo(AudioSample& s, const Values&) const {
    for (auto& c : s.channels) {
        if (kind_ == Kind::Time)
            std::reverse(c.begin(), c.end());
        else
            dsp::negate(c.data(), c.size());
    }
}

TransformInfo Invert::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Audio;
    if (kind == Kind::Polarity) {
        t.id = "audio.polarity_inversion";
        t.kind = "level";
        t.summary = "Multiply every sample by -1";
    } else {
        t.id = "audio.reverse";
        t.kind = "temporal";
        t.summary = "Play the clip backwards";
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Invert>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

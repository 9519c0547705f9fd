#include "core/transforms/audio/filters.h"

#include <cmath>

namespace augstudio::core {

namespace {

bool hasRolloff(Filter::Kind k) {
    return k <= Filter::Kind::BandStop;
}
bool isBand(Filter::Kind k) {
    return k == Filter::Kind::BandPass || k == Filter::Kind::BandStop;
}
const char* freqName(Filter::Kind k) {
    return k == Filter::Kind::LowPass || k == Filter::Kind::HighPass ? "cutoff_hz" : "center_hz";
}

// Log-uniform: an octave near 100 Hz is as likely as an octave near 4 kHz.
double logUniform(Rng& rng, Range r) {
    return std::exp(rng.uniform(std::log(r.lo), std::log(r.hi)));
}

} // namespace

Filter::Filter(Kind kind, const ParamSet& p) : kind_(kind), freq_(p.range(freqName(kind))) {
    if (hasRolloff(kind))
        rolloff_ = p.intRange("rolloff");
    if (isBand(kind))
        bandwidth_ = p.range("bandwidth_fraction");
    if (!hasRolloff(kind)) {
        gain_ = p.range("gain_db");
        q_ = p.range("q");
    }
}

Values Filter::draw(Rng& rng, const SampleInfo&) const {
    Values v = {{freqName(kind_), logUniform(rng, freq_)}};
    if (isBand(kind_))
        v["bandwidth_fraction"] = rng.uniform(bandwidth_.lo, bandwidth_.hi);
    if (hasRolloff(kind_)) {
        // Whole sections only: the multiples of 12 dB/octave inside the range.
        const int64_t lo = std::max<int64_t>(1, (rolloff_.lo + 11) / 12);
        const int64_t hi = std::max(lo, rolloff_.hi / 12);
        v["rolloff"] = 12 * rng.integer(lo, hi);
    } else {
        v["gain_db"] = rng.uniform(gain_.lo, gain_.hi);
        v["q"] = rng.uniform(q_.lo, q_.hi);
    }
    return v;
}

std::vector<dsp::Biquad> Filter::design(const Values& v, double fs) const {
    using dsp::BiquadKind;
    const double f = v.at(freqName(kind_)).get<double>();
    const int sections = hasRolloff(kind_) ? std::max(1, v.at("rolloff").get<int>() / 12) : 1;
    switch (kind_) {
    case Kind::LowPass:
        return dsp::butterworth(BiquadKind::LowPass, fs, f, sections);
    case Kind::HighPass:
        return dsp::butterworth(BiquadKind::HighPass, fs, f, sections);
    case Kind::BandPass: {
        // As audiomentations: the band is centre +- bandwidth / 2, here a Butterworth high
        // pass at the lower edge followed by a low pass at the upper edge.
        const double bw = v.at("bandwidth_fraction").get<double>();
        auto c = dsp::butterworth(BiquadKind::HighPass, fs, f * (1 - bw / 2), sections);
        const auto lp = dsp::butterworth(BiquadKind::LowPass, fs, f * (1 + bw / 2), sections);
        c.insert(c.end(), lp.begin(), lp.end());
        return c;
    }
    case Kind::BandStop: {
        const double bw = v.at("bandwidth_fraction").get<double>();
        return std::vector<dsp::Biquad>(size_t(sections),
                                        dsp::designBiquad(BiquadKind::Notch, fs, f, 1 / bw));
    }
    case Kind::Peaking:
    case Kind::LowShelf:
    case Kind::HighShelf: {
        const auto k = kind_ == Kind::Peaking    ? BiquadKind::Peaking
                       : kind_ == Kind::LowShelf ? BiquadKind::LowShelf
                                                 : BiquadKind::HighShelf;
        return {
            dsp::designBiquad(k, fs, f, v.at("q").get<double>(), v.at("gain_db").get<double>())};
    }
    }
    return {};
}

void Filter::applyTo(AudioSample& s, const Values& v) const {
    if (s.frames() == 0 || s.sampleRate <= 0)
        return;
    const auto cascade = design(v, s.sampleRate);
    for (auto& c : s.channels)
        dsp::filter(c, cascade);
}

TransformInfo Filter::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Audio;
    t.kind = "spectral";
    const ParamSpec rolloff = intRangeParam(
        "rolloff", 12, 24, 12, 48,
        "slope drawn from the multiples of 12 in [lo, hi]; one biquad section per 12", "dB/oct");
    const ParamSpec bandwidth = rangeParam(
        "bandwidth_fraction", 0.5, 1.99, 0.01, 1.99,
        "bandwidth as a fraction of the centre frequency, drawn from [lo, hi]", "", 0.01);
    auto freq = [](const char* name, double lo, double hi, const char* what) {
        return rangeParam(name, lo, hi, 10, 96000,
                          std::string(what) + " drawn log-uniformly from [lo, hi] (kept below "
                                              "the Nyquist frequency)",
                          "Hz", 10);
    };
    auto gainQ = [](double g, double qlo, double qhi, double qmin, double qmax) {
        return std::vector<ParamSpec>{
            rangeParam("gain_db", -g, g, -48, 48, "gain at the centre drawn from [lo, hi]", "dB",
                       0.5),
            rangeParam("q", qlo, qhi, qmin, qmax, "quality factor drawn from [lo, hi]", "", 0.01)};
    };
    switch (kind) {
    case Kind::LowPass:
        t.id = "audio.low_pass";
        t.summary = "Butterworth low pass (RBJ biquad cascade) at a drawn cutoff";
        t.params = {freq("cutoff_hz", 150, 7500, "cutoff frequency"), rolloff};
        break;
    case Kind::HighPass:
        t.id = "audio.high_pass";
        t.summary = "Butterworth high pass (RBJ biquad cascade) at a drawn cutoff";
        t.params = {freq("cutoff_hz", 20, 2400, "cutoff frequency"), rolloff};
        break;
    case Kind::BandPass:
        t.id = "audio.band_pass";
        t.summary = "Band pass around a drawn centre (Butterworth high + low pass)";
        t.params = {freq("center_hz", 200, 4000, "centre frequency"), bandwidth, rolloff};
        break;
    case Kind::BandStop:
        t.id = "audio.band_stop";
        t.summary = "Band stop (RBJ notch cascade) around a drawn centre";
        t.params = {freq("center_hz", 200, 4000, "centre frequency"), bandwidth, rolloff};
        break;
    case Kind::Peaking:
        t.id = "audio.peaking_eq";
        t.summary = "Peaking equaliser (RBJ biquad): boost or cut around a drawn centre";
        t.params = {freq("center_hz", 50, 7500, "centre frequency")};
        for (auto& p : gainQ(24, 0.5, 5, 0.1, 20))
            t.params.push_back(p);
        break;
    case Kind::LowShelf:
        t.id = "audio.low_shelf";
        t.summary = "Low shelf (RBJ biquad): boost or cut below a drawn frequency";
        t.params = {freq("center_hz", 50, 4000, "shelf midpoint frequency")};
        for (auto& p : gainQ(18, 0.1, 0.999, 0.1, 5))
            t.params.push_back(p);
        break;
    case Kind::HighShelf:
        t.id = "audio.high_shelf";
        t.summary = "High shelf (RBJ biquad): boost or cut above a drawn frequency";
        t.params = {freq("center_hz", 300, 7500, "shelf midpoint frequency")};
        for (auto& p : gainQ(18, 0.1, 0.999, 0.1, 5))
            t.params.push_back(p);
        break;
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Filter>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

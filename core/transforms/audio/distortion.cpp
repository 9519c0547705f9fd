#include "core/transforms/audio/distortion.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>
#include <cmath>

namespace augstudio::core {

namespace {

// The q-th percentile (0..100) of `values`, linearly interpolated as numpy does. `values`
// is partially ordered on return: everything before index `from` must already be at most
// every value from there on (so increasing percentiles of one vector reuse the work).
double percentile(std::vector<float>& values, double q, size_t from = 0) {
    if (values.empty())
        return 0;
    const double pos = std::clamp(q, 0.0, 100.0) / 100 * double(values.size() - 1);
    const auto lo = size_t(pos);
    std::nth_element(values.begin() + long(std::min(from, lo)), values.begin() + long(lo),
                     values.end());
    const double a = values[lo];
    if (lo + 1 >= values.size())
        return a;
    const double b = dsp::minValue(values.data() + lo + 1, values.size() - lo - 1);
    return a + (b - a) * (pos - double(lo));
}

size_t percentileIndex(size_t count, double q) {
    return size_t(std::clamp(q, 0.0, 100.0) / 100 * double(count - 1));
}

std::vector<float> allSamples(const AudioSample& s, bool absolute) {
    std::vector<float> out;
    out.reserve(size_t(s.frames()) * s.channels.size());
    for (const auto& c : s.channels)
        for (float x : c)
            out.push_back(absolute ? std::abs(x) : x);
    return out;
}

} // namespace

Distortion::Distortion(Kind kind, const ParamSet& p) : kind_(kind) {
    if (kind == Kind::Clipping)
        range_ = p.range("percentile_threshold");
    else if (kind == Kind::Tanh)
        range_ = p.range("amount");
    else
        bits_ = p.intRange("bits");
}

Values Distortion::draw(Rng& rng, const SampleInfo&) const {
    switch (kind_) {
    case Kind::Clipping:
        return {{"percentile_threshold", rng.uniform(range_.lo, range_.hi)}};
    case Kind::Tanh:
        return {{"amount", rng.uniform(range_.lo, range_.hi)}};
    case Kind::BitCrush:
        return {{"bits", rng.integer(bits_.lo, bits_.hi)}};
    }
    return Values::object();
}

void Distortion::applyTo(AudioSample& s, const Values& v) const {
    if (s.frames() == 0)
        return;
    switch (kind_) {
    case Kind::Clipping: {
        // As audiomentations: clip to the (t/2)-th and (100 - t/2)-th percentiles.
        const double t = v.at("percentile_threshold").get<double>();
        std::vector<float> all = allSamples(s, false);
        const auto lo = float(percentile(all, t / 2));
        const auto hi = float(percentile(all, 100 - t / 2, percentileIndex(all.size(), t / 2) + 1));
        for (auto& c : s.channels)
            for (float& x : c)
                x = std::clamp(x, lo, hi);
        return;
    }
    case Kind::Tanh: {
        // As audiomentations: the gain puts the (100 - 99 amount)-th percentile of |x| at
        // tanh's knee, then the output is scaled back to the input RMS.
        const double amount = v.at("amount").get<double>();
        const double before = dsp::rms(s.channels);
        std::vector<float> magnitudes = allSamples(s, true);
        const double threshold = percentile(magnitudes, 100 - 99 * amount);
        const double gain = 0.5 / (threshold + 1e-6);
        for (auto& c : s.channels)
            dsp::tanhScaled(c.data(), c.size(), gain);
        const double after = dsp::rms(s.channels);
        if (after > 0) {
            const auto g = float(before / after);
            for (auto& c : s.channels)
                dsp::scale(c.data(), c.size(), g);
        }
        return;
    }
    case Kind::BitCrush: {
        const auto levels = std::ldexp(1.0f, std::clamp(v.at("bits").get<int>(), 1, 24) - 1);
        for (auto& c : s.channels)
            dsp::quantize(c.data(), c.size(), levels);
        return;
    }
    }
}

TransformInfo Distortion::info(Kind kind) {
    TransformInfo t;
    t.modality = Modality::Audio;
    t.kind = "distortion";
    switch (kind) {
    case Kind::Clipping:
        t.id = "audio.clipping_distortion";
        t.summary = "Hard-clip the samples beyond a drawn percentile";
        t.params = {rangeParam("percentile_threshold", 0, 40, 0, 100,
                               "percent of samples clipped (half at each end), drawn from [lo, hi]",
                               "%", 1)};
        break;
    case Kind::Tanh:
        t.id = "audio.tanh_distortion";
        t.summary = "Soft saturation through tanh, loudness (RMS) kept";
        t.params = {rangeParam("amount", 0.01, 0.7, 0, 1,
                               "distortion amount drawn from [lo, hi]: 0 clean, 1 heavy", "",
                               0.01)};
        break;
    case Kind::BitCrush:
        t.id = "audio.bit_crush";
        t.summary = "Quantise to fewer bits";
        t.params = {intRangeParam("bits", 5, 10, 1, 24, "bit depth drawn from [lo, hi]", "bits")};
        break;
    }
    t.create = [kind](const ParamSet& p) -> std::unique_ptr<Transform> {
        return std::make_unique<Distortion>(kind, p);
    };
    return t;
}

} // namespace augstudio::core

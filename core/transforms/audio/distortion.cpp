#include "core/transforms/audio/distortion.h"

#include "core/transforms/audio/dsp.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace augstudio::core {

namespace {

// Percentiles of a clip's samples (or of their magnitudes), linearly interpolated as numpy
// does. A histogram of the top 12 bits of order-preserving integer keys finds the bucket
// holding a rank; only that bucket and the next non-empty one are copied and partially
// sorted, instead of the whole clip.
class Percentiles {
public:
    Percentiles(const AudioSample& s, bool absolute) : s_(s), absolute_(absolute) {
        for (const auto& c : s.channels) {
            count_ += c.size();
            for (float x : c)
                ++histogram_[bucket(x)];
        }
    }

    double operator()(double q) const {
        if (count_ == 0)
            return 0;
        const double pos = std::clamp(q, 0.0, 100.0) / 100 * double(count_ - 1);
        const auto rank = size_t(pos);
        const auto [a, b] = ranked(rank);
        if (rank + 1 >= count_)
            return a;
        return a + (b - a) * (pos - double(rank));
    }

private:
    static constexpr int kBuckets = 1 << 12;

    size_t bucket(float x) const {
        const auto bits = std::bit_cast<uint32_t>(absolute_ ? std::fabs(x) : x);
        const uint32_t key = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
        return key >> 20;
    }

    // The values of rank k and k + 1 (0-based; the second is the first for the last rank).
    std::pair<double, double> ranked(size_t k) const {
        size_t below = 0, b = 0;
        while (below + histogram_[b] <= k)
            below += histogram_[b++];
        size_t next = b + 1;
        while (next < kBuckets && histogram_[next] == 0)
            ++next;
        std::vector<float> candidates;
        candidates.reserve(histogram_[b] + (next < kBuckets ? histogram_[next] : 0));
        for (const auto& c : s_.channels)
            for (float x : c) {
                const size_t i = bucket(x);
                if (i == b || i == next)
                    candidates.push_back(absolute_ ? std::fabs(x) : x);
            }
        const size_t r = k - below;
        std::nth_element(candidates.begin(), candidates.begin() + long(r), candidates.end());
        const float a = candidates[r];
        if (r + 1 >= candidates.size())
            return {a, a};
        return {a, dsp::minValue(candidates.data() + r + 1, candidates.size() - r - 1)};
    }

    const AudioSample& s_;
    bool absolute_;
    size_t count_ = 0;
    std::array<size_t, kBuckets> histogram_{};
};

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
        const Percentiles percentile(s, false);
        const auto lo = float(percentile(t / 2));
        const auto hi = float(percentile(100 - t / 2));
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
        const double threshold = Percentiles(s, true)(100 - 99 * amount);
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

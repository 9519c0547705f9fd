#include "core/transforms/series/dropout.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace augstudio::core {

namespace {

// Fills the dropped cells of one strided channel. Cells that were gaps before the dropout
// stay gaps and are never used as a fill value.
void fillChannel(double* x, const uint8_t* dropped, int64_t n, int64_t stride, int64_t maskStride,
                 const std::string& how, double constant) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (how == "nan" || how == "constant") {
        for (int64_t i = 0; i < n; ++i)
            if (dropped[i * maskStride])
                x[i * stride] = how == "nan" ? nan : constant;
        return;
    }
    // Mean of the kept finite values; also the last resort of ffill/bfill.
    double sum = 0;
    int64_t count = 0;
    for (int64_t i = 0; i < n; ++i)
        if (!dropped[i * maskStride] && std::isfinite(x[i * stride])) {
            sum += x[i * stride];
            ++count;
        }
    const double mean = count > 0 ? sum / double(count) : constant;
    if (how == "mean") {
        for (int64_t i = 0; i < n; ++i)
            if (dropped[i * maskStride])
                x[i * stride] = mean;
        return;
    }
    const bool forward = how == "ffill";
    // Pass 1 in the chosen direction; pass 2 the other way for a leading (trailing) run.
    for (int pass = 0; pass < 2; ++pass) {
        const bool fwd = pass == 0 ? forward : !forward;
        double last = nan;
        for (int64_t j = 0; j < n; ++j) {
            const int64_t i = fwd ? j : n - 1 - j;
            double& v = x[i * stride];
            if (dropped[i * maskStride]) {
                if (std::isnan(v) && !std::isnan(last))
                    v = last;
            } else if (std::isfinite(v)) {
                last = v;
            }
        }
    }
    for (int64_t i = 0; i < n; ++i)
        if (dropped[i * maskStride] && std::isnan(x[i * stride]))
            x[i * stride] = mean;
}

} // namespace

SeriesDropout::SeriesDropout(const ParamSet& p)
    : p_(p.f("p")), size_(p.intRange("size")), fill_(p.s("fill")), value_(p.f("value")),
      perChannel_(p.b("per_channel")) {}

Values SeriesDropout::draw(Rng& rng, const SampleInfo&) const {
    return {{"seed", seriesrandom::drawSeed(rng)}};
}

void SeriesDropout::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    if (t == 0 || c == 0 || p_ <= 0.0)
        return;
    const int64_t lanes = perChannel_ ? c : 1;
    thread_local std::vector<uint8_t> mask;
    mask.assign(size_t(t * lanes), 0);
    Rng rng(uint64_t(v.at("seed").get<int64_t>()));
    // A run starts at each step with probability p / mean run length, so about a fraction p
    // of the steps is dropped whatever the size.
    const double start = std::min(1.0, p_ / (0.5 * double(size_.lo + size_.hi)));
    for (int64_t i = 0; i < t; ++i)
        for (int64_t l = 0; l < lanes; ++l)
            if (rng.uniform() < start) {
                const int64_t len = rng.integer(size_.lo, size_.hi);
                for (int64_t j = i; j < std::min(t, i + len); ++j)
                    mask[size_t(j * lanes + l)] = 1;
            }
    double* data = s.values.ptr<double>();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int64_t k = 0; k < c; ++k) {
        const uint8_t* m = mask.data() + (perChannel_ ? k : 0);
        // Mark first (NaN), then fill: the fill never reads a dropped value.
        for (int64_t i = 0; i < t; ++i)
            if (m[i * lanes])
                data[i * c + k] = nan;
        fillChannel(data + k, m, t, c, lanes, fill_, value_);
    }
}

TransformInfo SeriesDropout::info() {
    return {
        "series.dropout",
        Modality::Series,
        "magnitude",
        "Drop random points (or runs) and fill them",
        {floatParam("p", 0.05, 0.0, 1.0, "fraction of the steps dropped", {}, 0.01),
         intRangeParam("size", 1, 1, 1, 10000, "length of each dropped run, or [lo, hi]", "steps"),
         enumParam("fill", "ffill", {"ffill", "bfill", "mean", "constant", "nan"},
                   "previous value, next value, channel mean, `value`, or leave a gap"),
         floatParam("value", 0.0, -1e300, 1e300, "the fill value of fill = constant"),
         boolParam("per_channel", false,
                   "drop each channel on its own (else the same steps in every channel)")},
        0.5,
        factoryOf<SeriesDropout>()};
}

} // namespace augstudio::core

#include "core/transforms/series/dropout.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace augstudio::core {

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
    seriesrandom::Stream rng(uint64_t(v.at("seed").get<int64_t>()));
    // A run starts at each cell of a lane with probability q = p / mean run length, so about
    // a fraction p is dropped whatever the size. The gaps between starts are geometric, so
    // the draws number about q * T, not T.
    const double q = std::min(1.0, p_ / (0.5 * double(size_.lo + size_.hi)));
    const double logKeep = std::log1p(-q);
    for (int64_t l = 0; l < lanes; ++l) {
        int64_t i = -1;
        for (;;) {
            if (q >= 1.0) {
                ++i;
            } else {
                const double u = 1.0 - rng.uniform(); // (0, 1]
                const double skip = std::floor(std::log(u) / logKeep);
                if (!(skip < double(t)))
                    break;
                i += 1 + int64_t(skip);
            }
            if (i >= t)
                break;
            const int64_t len =
                size_.lo +
                (size_.hi > size_.lo ? int64_t(rng.next() % uint64_t(size_.hi - size_.lo + 1)) : 0);
            for (int64_t j = i; j < std::min(t, i + len); ++j)
                mask[size_t(j * lanes + l)] = 1;
        }
    }
    // Row-major passes over the T x C matrix (contiguous), per-channel state in small arrays.
    // Cells that were gaps before the dropout stay gaps and never serve as a fill value.
    double* data = s.values.ptr<double>();
    const int64_t laneOf = perChannel_ ? 1 : 0;
    auto dropped = [&](int64_t i, int64_t k) { return mask[size_t(i * lanes + k * laneOf)] != 0; };
    double* sum = seriesmath::scratch(0, size_t(c));
    double* last = seriesmath::scratch(1, size_t(c));
    double* count = seriesmath::scratch(2, size_t(c));
    std::fill(sum, sum + c, 0.0);
    std::fill(count, count + c, 0.0);
    for (int64_t i = 0; i < t; ++i)
        for (int64_t k = 0; k < c; ++k) {
            const double x = data[i * c + k];
            if (!dropped(i, k) && std::isfinite(x)) {
                sum[k] += x;
                count[k] += 1;
            }
        }
    // The mean of the kept values: the fill of "mean", the last resort of ffill / bfill.
    for (int64_t k = 0; k < c; ++k)
        sum[k] = count[k] > 0 ? sum[k] / count[k] : value_;
    const double* mean = sum;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (fill_ == "nan" || fill_ == "constant" || fill_ == "mean") {
        const int mode = fill_ == "nan" ? 0 : fill_ == "constant" ? 1 : 2;
        for (int64_t i = 0; i < t; ++i)
            for (int64_t k = 0; k < c; ++k)
                if (dropped(i, k))
                    data[i * c + k] = mode == 0 ? nan : mode == 1 ? value_ : mean[k];
        return;
    }
    // ffill: the previous kept value; a leading run takes the next one (bfill mirrored).
    const bool forward = fill_ == "ffill";
    bool pending = false;
    for (int pass = 0; pass < 2; ++pass) {
        const bool fwd = pass == 0 ? forward : !forward;
        std::fill(last, last + c, nan);
        for (int64_t j = 0; j < t; ++j) {
            const int64_t i = fwd ? j : t - 1 - j;
            double* row = data + i * c;
            for (int64_t k = 0; k < c; ++k) {
                if (dropped(i, k)) {
                    if (pass == 0 || std::isnan(row[k])) {
                        row[k] = last[k];
                        pending |= std::isnan(row[k]);
                    }
                } else if (std::isfinite(row[k])) {
                    last[k] = row[k];
                }
            }
        }
        if (!pending)
            return;
        pending = false;
    }
    for (int64_t i = 0; i < t; ++i)
        for (int64_t k = 0; k < c; ++k)
            if (dropped(i, k) && std::isnan(data[i * c + k]))
                data[i * c + k] = mean[k];
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

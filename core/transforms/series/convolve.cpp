#include "core/transforms/series/convolve.h"

#include "core/transforms/series/seriesmath.h"

#include <cmath>
#include <numbers>

namespace augstudio::core {

SeriesConvolve::SeriesConvolve(const ParamSet& p)
    : window_(p.s("window")), size_(p.intRange("size")) {}

Values SeriesConvolve::draw(Rng& rng, const SampleInfo&) const {
    return {{"size", rng.integer(size_.lo, size_.hi)}};
}

namespace {
// Symmetric windows without their zero end points (so every tap counts):
// w(k) for k = 1 .. n over a period of n + 1.
double tap(const std::string& window, int64_t k, int64_t n) {
    const double x = double(k) / double(n + 1);
    const double tau = 2.0 * std::numbers::pi;
    if (window == "hann")
        return 0.5 - 0.5 * std::cos(tau * x);
    if (window == "hamming")
        return 0.54 - 0.46 * std::cos(tau * x);
    if (window == "blackman")
        return 0.42 - 0.5 * std::cos(tau * x) + 0.08 * std::cos(2.0 * tau * x);
    if (window == "bartlett")
        return 1.0 - std::fabs(2.0 * x - 1.0);
    return 1.0; // flat
}
} // namespace

void SeriesConvolve::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    const int64_t n = std::max<int64_t>(1, v.at("size").get<int64_t>());
    if (t < 2 || c == 0 || n == 1)
        return;
    double* w = seriesmath::scratch(0, size_t(n));
    for (int64_t k = 0; k < n; ++k)
        w[k] = tap(window_, k + 1, n);
    const int64_t half = n / 2; // an even window leans one step to the past
    double* column = seriesmath::scratch(1, size_t(t));
    double* data = s.values.ptr<double>();
    double wsum = 0;
    for (int64_t k = 0; k < n; ++k)
        wsum += w[k];
    for (int64_t k = 0; k < c; ++k) {
        bool gaps = false;
        for (int64_t i = 0; i < t; ++i)
            gaps |= std::isnan(column[i] = data[i * c + k]);
        for (int64_t i = 0; i < t; ++i) {
            const int64_t j0 = i - half, j1 = i - half + n;
            if (!gaps && j0 >= 0 && j1 <= t) {
                // Inside, without gaps: the plain dot product (the bulk of the work).
                const double* x = column + j0;
                double sum = 0;
                for (int64_t j = 0; j < n; ++j)
                    sum += w[j] * x[j];
                data[i * c + k] = sum / wsum;
                continue;
            }
            if (std::isnan(column[i]))
                continue; // a gap stays a gap
            // Normalised convolution: the weights of taps outside the series or on a gap are
            // left out, so the ends are not pulled towards zero and gaps do not spread.
            double sum = 0, norm = 0;
            for (int64_t j = std::max<int64_t>(0, j0); j < std::min(t, j1); ++j) {
                const double x = column[j];
                if (!std::isnan(x)) {
                    const double wj = w[j - j0];
                    sum += wj * x;
                    norm += wj;
                }
            }
            data[i * c + k] = sum / norm;
        }
    }
}

TransformInfo SeriesConvolve::info() {
    return {"series.convolve",
            Modality::Series,
            "magnitude",
            "Smooth with a normalised window",
            {enumParam("window", "hann", {"hann", "hamming", "blackman", "bartlett", "flat"},
                       "window shape"),
             intRangeParam("size", 7, 7, 1, 10001, "window length, or [lo, hi]", "steps")},
            0.5,
            factoryOf<SeriesConvolve>()};
}

} // namespace augstudio::core

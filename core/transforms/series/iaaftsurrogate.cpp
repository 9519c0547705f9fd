#include "core/transforms/series/iaaftsurrogate.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace augstudio::core {

SeriesIaaftSurrogate::SeriesIaaftSurrogate(const ParamSet& p) : iterations_(p.i("iterations")) {}

Values SeriesIaaftSurrogate::draw(Rng& rng, const SampleInfo&) const {
    return makeValues({{"seed", seriesrandom::drawSeed(rng)}});
}

void SeriesIaaftSurrogate::applyTo(SeriesSample& s, const Values& v) const {
    seriesmath::makeDense(s);
    const int64_t t = s.steps(), c = s.channelCount();
    if (t < 3 || c == 0)
        return;
    seriesrandom::Stream stream(uint64_t(v.at("seed").get<int64_t>()));
    double* data = s.values.ptr<double>();
    const auto n = size_t(t);
    std::vector<double> original(n), sorted(n), current(n);
    std::vector<double> amplitude(n);
    std::vector<int64_t> rank(n), previousRank(n);
    cv::Mat x(1, int(t), CV_64F), spectrum, back;
    for (int64_t k = 0; k < c; ++k) {
        for (size_t i = 0; i < n; ++i)
            original[i] = data[int64_t(i) * c + k];
        // A shuffle for every channel, gaps or not, so a channel's result does not depend
        // on the others'.
        std::vector<size_t> order(n);
        std::iota(order.begin(), order.end(), size_t(0));
        for (size_t i = n; i > 1; --i)
            std::swap(order[i - 1], order[size_t(stream.next() % i)]);
        if (!seriesmath::interpolateGaps(original.data(), t))
            continue;
        sorted = original;
        std::sort(sorted.begin(), sorted.end());
        std::copy(original.begin(), original.end(), x.ptr<double>());
        cv::dft(x, spectrum, cv::DFT_COMPLEX_OUTPUT);
        const auto* bins = spectrum.ptr<cv::Vec2d>();
        for (size_t i = 0; i < n; ++i)
            amplitude[i] = std::hypot(bins[i][0], bins[i][1]);
        for (size_t i = 0; i < n; ++i)
            current[i] = original[order[i]];
        std::fill(previousRank.begin(), previousRank.end(), -1);
        for (int64_t it = 0; it < iterations_; ++it) {
            // Impose the amplitudes, keep the phases.
            std::copy(current.begin(), current.end(), x.ptr<double>());
            cv::dft(x, spectrum, cv::DFT_COMPLEX_OUTPUT);
            auto* z = spectrum.ptr<cv::Vec2d>();
            for (size_t i = 0; i < n; ++i) {
                const double m = std::hypot(z[i][0], z[i][1]);
                z[i] = m > 0 ? cv::Vec2d(z[i][0] * amplitude[i] / m, z[i][1] * amplitude[i] / m)
                             : cv::Vec2d(amplitude[i], 0);
            }
            cv::idft(spectrum, back, cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
            const double* pb = back.ptr<double>();
            // Impose the values by rank (ties broken by position: deterministic).
            std::iota(rank.begin(), rank.end(), int64_t(0));
            std::sort(rank.begin(), rank.end(), [&](int64_t a, int64_t b) {
                return pb[a] < pb[b] || (pb[a] == pb[b] && a < b);
            });
            for (size_t i = 0; i < n; ++i)
                current[size_t(rank[i])] = sorted[i];
            if (rank == previousRank)
                break;
            std::swap(rank, previousRank);
        }
        for (size_t i = 0; i < n; ++i)
            if (!std::isnan(data[int64_t(i) * c + k]))
                data[int64_t(i) * c + k] = current[i];
    }
}

TransformInfo SeriesIaaftSurrogate::info() {
    return {"series.iaaft_surrogate",
            Modality::Series,
            "spectral",
            "Iterative amplitude-adjusted Fourier transform surrogate: same values and nearly the "
            "same spectrum, phases randomised",
            {intParam("iterations", 100, 1, 10000,
                      "most alternations of spectrum and rank adjustment (stops earlier when the "
                      "ranks no longer change)")},
            0.5,
            factoryOf<SeriesIaaftSurrogate>()};
}

} // namespace augstudio::core

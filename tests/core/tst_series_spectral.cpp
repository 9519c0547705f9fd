// The spectral series transforms: iaaft_surrogate keeps each channel's values exactly and
// its power spectrum closely while scrambling the order; frequency_perturbation changes only
// its drawn segment of the spectrum and never the mean; both keep gaps and replay exactly.
#include "tst_series_util.h"

#include <QtTest>

#include <algorithm>
#include <opencv2/core.hpp>

using namespace augstudio::core;
using namespace seriestest;
using json = nlohmann::json;

namespace {

std::vector<double> channel(const SeriesSample& s, int c) {
    std::vector<double> out;
    for (int t = 0; t < s.values.rows; ++t)
        out.push_back(s.values.at<double>(t, c));
    return out;
}

std::vector<double> amplitudes(const std::vector<double>& x) {
    cv::Mat row(1, int(x.size()), CV_64F, const_cast<double*>(x.data())), spectrum;
    cv::dft(row, spectrum, cv::DFT_COMPLEX_OUTPUT);
    std::vector<double> out;
    for (int k = 0; k < spectrum.cols; ++k)
        out.push_back(std::hypot(spectrum.at<cv::Vec2d>(k)[0], spectrum.at<cv::Vec2d>(k)[1]));
    return out;
}

// A noisy oscillation with a skewed value distribution (exp of a sine plus noise).
SeriesSample skewed(int steps, int channels) {
    SeriesSample s = makeSeries(steps, channels);
    Rng rng(4);
    for (int t = 0; t < steps; ++t)
        for (int c = 0; c < channels; ++c)
            s.values.at<double>(t, c) = std::exp(std::sin(0.07 * (c + 1) * t) + 0.3 * rng.normal());
    return s;
}

} // namespace

class TestSeriesSpectral : public QObject {
    Q_OBJECT
private slots:
    void iaaftKeepsValuesAndSpectrum() {
        const auto t = create("series.iaaft_surrogate");
        const SeriesSample in = skewed(1024, 2);
        const auto [out, v] = run(*t, in, 3);
        for (int c = 0; c < 2; ++c) {
            std::vector<double> a = channel(in, c), b = channel(out, c);
            QVERIFY(a != b);
            const std::vector<double> ampIn = amplitudes(a), ampOut = amplitudes(b);
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            QCOMPARE(a, b); // exactly the same values
            double diff = 0, total = 0;
            for (size_t k = 1; k < ampIn.size(); ++k) {
                diff += std::pow(ampIn[k] - ampOut[k], 2);
                total += ampIn[k] * ampIn[k];
            }
            QVERIFY2(diff < 0.05 * total,
                     qPrintable(QStringLiteral("spectrum error %1").arg(diff / total)));
            // The order is scrambled: little correlation with the input at lag 0.
            const std::vector<double> x = channel(in, c), y = channel(out, c);
            double mx = 0, my = 0;
            for (size_t i = 0; i < x.size(); ++i)
                mx += x[i] / double(x.size()), my += y[i] / double(y.size());
            double sxy = 0, sxx = 0, syy = 0;
            for (size_t i = 0; i < x.size(); ++i) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
            QVERIFY(std::abs(sxy / std::sqrt(sxx * syy)) < 0.5);
        }
        // Another seed, another surrogate; one iteration is already a surrogate of the values.
        QVERIFY(!sameBits(run(*t, in, 4).first.values, out.values));
        const auto one = create("series.iaaft_surrogate", {{"iterations", 1}});
        std::vector<double> a = channel(in, 0), b = channel(run(*one, in, 3).first, 0);
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        QCOMPARE(a, b);
    }

    void frequencyPerturbationTouchesOnlyItsSegment() {
        const auto t = create("series.frequency_perturbation", {{"segment", {0.1, 0.1}}});
        const SeriesSample in = skewed(512, 2);
        const auto [out, v] = run(*t, in, 5);
        const int64_t first = v["first_bin"].get<int64_t>(), bins = v["bins"].get<int64_t>();
        QCOMPARE(bins, int64_t(26)); // 10% of 256 bins
        QVERIFY(first >= 1 && first + bins - 1 <= 256);
        for (int c = 0; c < 2; ++c) {
            const std::vector<double> ampIn = amplitudes(channel(in, c)),
                                      ampOut = amplitudes(channel(out, c));
            bool changed = false;
            for (int64_t k = 0; k <= 256; ++k) {
                const bool inside = k >= first && k < first + bins;
                if (!inside)
                    QVERIFY2(std::abs(ampIn[size_t(k)] - ampOut[size_t(k)]) <
                                 1e-9 * (1 + ampIn[size_t(k)]),
                             qPrintable(QStringLiteral("bin %1 changed").arg(k)));
                else
                    changed |= std::abs(ampIn[size_t(k)] - ampOut[size_t(k)]) > 1e-6;
            }
            QVERIFY(changed);
        }
        // Zero sigmas: the identity (up to the DFT round trip).
        const auto none = create("series.frequency_perturbation",
                                 {{"amplitude_sigma", 0.0}, {"phase_sigma", 0.0}});
        const SeriesSample same = run(*none, in, 5).first;
        for (int r = 0; r < 512; ++r)
            for (int c = 0; c < 2; ++c)
                QVERIFY(std::abs(same.values.at<double>(r, c) - in.values.at<double>(r, c)) <
                        1e-12);
    }
};

QTEST_GUILESS_MAIN(TestSeriesSpectral)
#include "tst_series_spectral.moc"

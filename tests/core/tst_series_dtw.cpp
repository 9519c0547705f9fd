// The one DTW routine (core/transforms/series/dtw.h) against a brute-force reference that
// enumerates every warping path inside the Sakoe-Chiba band on small series, and the
// properties the DTW-based transforms rely on.
#include "core/random/rng.h"
#include "core/transforms/series/dtw.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace augstudio::core;

namespace {

struct Case {
    std::vector<double> a, b; // row-major
    int64_t n, m, channels;
};

double cellCost(const Case& c, int64_t i, int64_t j) {
    double sum = 0;
    for (int64_t k = 0; k < c.channels; ++k) {
        const double d = c.a[size_t(i * c.channels + k)] - c.b[size_t(j * c.channels + k)];
        sum += d * d;
    }
    return sum;
}

// The least cost over every monotone, continuous path from (0, 0) to (n-1, m-1) in the band.
double bruteForce(const Case& c, int64_t band, int64_t i = 0, int64_t j = 0) {
    if (!dtw::inBand(i, j, c.n, c.m, band))
        return std::numeric_limits<double>::infinity();
    const double here = cellCost(c, i, j);
    if (i == c.n - 1 && j == c.m - 1)
        return here;
    double best = std::numeric_limits<double>::infinity();
    for (auto [di, dj] : {std::pair{1, 0}, {0, 1}, {1, 1}})
        if (i + di < c.n && j + dj < c.m)
            best = std::min(best, bruteForce(c, band, i + di, j + dj));
    return here + best;
}

Case randomCase(uint64_t seed, int64_t n, int64_t m, int64_t channels) {
    Rng rng(seed);
    Case c{{}, {}, n, m, channels};
    for (int64_t i = 0; i < n * channels; ++i)
        c.a.push_back(rng.normal());
    for (int64_t i = 0; i < m * channels; ++i)
        c.b.push_back(rng.normal());
    return c;
}

} // namespace

class TestSeriesDtw : public QObject {
    Q_OBJECT
private slots:
    void matchesBruteForce_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("band");
        for (auto [n, m] :
             {std::pair{1, 1}, {1, 5}, {5, 1}, {4, 4}, {6, 6}, {5, 7}, {7, 4}, {2, 8}, {8, 8}})
            for (int channels : {1, 3})
                for (int band : {-1, 0, 1, 2, 5})
                    QTest::newRow(qPrintable(
                        QStringLiteral("%1x%2 c%3 band %4").arg(n).arg(m).arg(channels).arg(band)))
                        << n << m << channels << band;
    }
    void matchesBruteForce() {
        QFETCH(int, n);
        QFETCH(int, m);
        QFETCH(int, channels);
        QFETCH(int, band);
        for (uint64_t seed = 1; seed <= 4; ++seed) {
            const Case c = randomCase(seed * 100 + uint64_t(n * 10 + m), n, m, channels);
            const double expected = bruteForce(c, band);
            QVERIFY(std::isfinite(expected)); // every band holds a path
            const double got = dtw::distance(c.a.data(), n, c.b.data(), m, channels, band);
            QVERIFY2(std::abs(got - expected) <= 1e-12 * std::max(1.0, expected),
                     qPrintable(QStringLiteral("%1 vs brute force %2").arg(got).arg(expected)));
            // The path of align: valid steps, inside the band, and its cost is the distance.
            const dtw::Alignment a = dtw::align(c.a.data(), n, c.b.data(), m, channels, band);
            QCOMPARE(a.cost, got);
            QCOMPARE(a.path.front(), std::make_pair(int64_t(0), int64_t(0)));
            QCOMPARE(a.path.back(), std::make_pair(int64_t(n - 1), int64_t(m - 1)));
            double sum = 0;
            for (size_t k = 0; k < a.path.size(); ++k) {
                const auto [i, j] = a.path[k];
                QVERIFY(dtw::inBand(i, j, n, m, band));
                sum += cellCost(c, i, j);
                if (k > 0) {
                    const int64_t di = i - a.path[k - 1].first, dj = j - a.path[k - 1].second;
                    QVERIFY((di == 0 || di == 1) && (dj == 0 || dj == 1) && di + dj > 0);
                }
            }
            QVERIFY(std::abs(sum - got) <= 1e-12 * std::max(1.0, got));
        }
    }

    void bandShape() {
        // Equal lengths: |i - j| <= band.
        for (int64_t i = 0; i < 10; ++i)
            for (int64_t j = 0; j < 10; ++j)
                QCOMPARE(dtw::inBand(i, j, 10, 10, 2), std::abs(i - j) <= 2);
        QCOMPARE(dtw::bandFor(0.1, 10000, 10000), int64_t(1000));
        QCOMPARE(dtw::bandFor(0.1, 15, 7), int64_t(2));
        QCOMPARE(dtw::bandFor(-1, 15, 7), dtw::kNoBand);
        QVERIFY(!dtw::inBand(-1, 0, 5, 5, 1) && !dtw::inBand(0, 5, 5, 5, dtw::kNoBand));
    }

    void identicalAndShiftedSeries() {
        std::vector<double> a(200), b(200);
        for (int i = 0; i < 200; ++i) {
            a[size_t(i)] = std::sin(0.1 * i);
            b[size_t(i)] = std::sin(0.1 * (i - 5)); // a delayed by 5 steps
        }
        QCOMPARE(dtw::distance(a.data(), 200, a.data(), 200, 1, 10), 0.0);
        const dtw::Alignment self = dtw::align(a.data(), 200, a.data(), 200, 1, 10);
        QCOMPARE(self.path.size(), size_t(200));
        for (size_t k = 0; k < 200; ++k)
            QCOMPARE(self.path[k], std::make_pair(int64_t(k), int64_t(k)));
        // DTW absorbs the delay that a band of 5 allows, the Euclidean distance does not.
        double euclidean = 0;
        for (int i = 0; i < 200; ++i)
            euclidean += (a[size_t(i)] - b[size_t(i)]) * (a[size_t(i)] - b[size_t(i)]);
        const double banded = dtw::distance(a.data(), 200, b.data(), 200, 1, 5);
        QVERIFY(banded < 0.05 * euclidean);
        QVERIFY(dtw::distance(a.data(), 200, b.data(), 200, 1, 0) == euclidean);
        QVERIFY(banded <= dtw::distance(a.data(), 200, b.data(), 200, 1, 2));
        QCOMPARE(dtw::distance(a.data(), 0, b.data(), 0, 1), 0.0);
        QVERIFY(std::isinf(dtw::distance(a.data(), 0, b.data(), 3, 1)));
        QVERIFY(dtw::align(a.data(), 3, b.data(), 0, 1).path.empty());
    }
};

QTEST_GUILESS_MAIN(TestSeriesDtw)
#include "tst_series_dtw.moc"

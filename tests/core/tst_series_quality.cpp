// What each series transform does, checked on numbers: jitter's measured noise, identities
// (time_warp sigma 0, window_slice 1.0, reverse twice), scaling by the drawn factors,
// permutation and quantize properties, dropout fills, mixup with the pool, the samplers.
#include "tst_series_util.h"

#include "core/transforms/series/seriesmath.h"
#include "core/transforms/series/seriesrandom.h"

#include <QtTest>

#include <algorithm>
#include <set>

using namespace augstudio::core;
using namespace seriestest;
using json = nlohmann::json;

namespace {

std::vector<double> column(const cv::Mat& m, int c) {
    std::vector<double> v;
    for (int r = 0; r < m.rows; ++r)
        v.push_back(m.at<double>(r, c));
    return v;
}

double stddev(const std::vector<double>& v) {
    double mean = 0;
    for (double x : v)
        mean += x;
    mean /= double(v.size());
    double ss = 0;
    for (double x : v)
        ss += (x - mean) * (x - mean);
    return std::sqrt(ss / double(v.size()));
}

} // namespace

class TestSeriesQuality : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { testRun().seriesPool.reset(); }

    void jitterStdMatchesSigma_data() {
        QTest::addColumn<double>("sigma");
        QTest::addColumn<bool>("relative");
        QTest::newRow("absolute 0.03") << 0.03 << false;
        QTest::newRow("absolute 0.5") << 0.5 << false;
        QTest::newRow("relative 0.2") << 0.2 << true;
    }
    void jitterStdMatchesSigma() {
        QFETCH(double, sigma);
        QFETCH(bool, relative);
        const auto t = create("series.jitter", {{"sigma", sigma}, {"relative", relative}});
        const SeriesSample in = makeSeries(100000, 2);
        for (uint64_t seed = 0; seed < 3; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            QVERIFY(v.contains("seed"));
            for (int c = 0; c < 2; ++c) {
                std::vector<double> noise;
                for (int r = 0; r < in.values.rows; ++r)
                    noise.push_back(out.values.at<double>(r, c) - in.values.at<double>(r, c));
                const double expected = relative ? sigma * stddev(column(in.values, c)) : sigma;
                const double measured = stddev(noise);
                QVERIFY2(
                    std::abs(measured / expected - 1.0) < 0.05,
                    qPrintable(
                        QStringLiteral("measured %1, expected %2").arg(measured).arg(expected)));
                double mean = 0;
                for (double x : noise)
                    mean += x;
                QVERIFY(std::abs(mean / double(noise.size())) < 0.05 * expected);
            }
        }
    }

    void normalSamplerMoments() {
        Rng rng(42);
        double sum = 0, sum2 = 0, sum4 = 0;
        const int n = 400000;
        int beyond3 = 0;
        for (int i = 0; i < n; ++i) {
            const double x = seriesrandom::fastNormal(rng);
            sum += x;
            sum2 += x * x;
            sum4 += x * x * x * x;
            beyond3 += std::abs(x) > 3.0;
        }
        QVERIFY(std::abs(sum / n) < 0.01);
        QVERIFY(std::abs(sum2 / n - 1.0) < 0.01);
        QVERIFY(std::abs(sum4 / n - 3.0) < 0.06); // kurtosis of a Gaussian
        // P(|x| > 3) = 0.0027: the tail is sampled too.
        QVERIFY2(std::abs(beyond3 / double(n) - 0.0027) < 0.0005,
                 qPrintable(QString::number(beyond3)));
    }

    void betaSamplerMoments_data() {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("b");
        QTest::newRow("0.2, 0.2") << 0.2 << 0.2;
        QTest::newRow("2, 5") << 2.0 << 5.0;
        QTest::newRow("1, 1") << 1.0 << 1.0;
    }
    void betaSamplerMoments() {
        QFETCH(double, a);
        QFETCH(double, b);
        Rng rng(7);
        const int n = 200000;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; ++i) {
            const double x = seriesrandom::beta(rng, a, b);
            QVERIFY(x >= 0.0 && x <= 1.0);
            sum += x;
            sum2 += x * x;
        }
        const double mean = sum / n, var = sum2 / n - mean * mean;
        const double em = a / (a + b), ev = a * b / ((a + b) * (a + b) * (a + b + 1));
        QVERIFY2(std::abs(mean - em) < 0.005, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(var / ev - 1.0) < 0.03, qPrintable(QString::number(var)));
    }

    void identities_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("params");
        QTest::newRow("time_warp sigma 0") << "series.time_warp"
                                           << R"({"sigma": 0})";
        QTest::newRow("time_warp sigma 0 per channel") << "series.time_warp"
                                                       << R"({"sigma": 0, "per_channel": true})";
        QTest::newRow("window_slice 1.0") << "series.window_slice"
                                          << R"({"reduce_ratio": 1.0})";
        QTest::newRow("magnitude_warp sigma 0") << "series.magnitude_warp"
                                                << R"({"sigma": 0})";
        QTest::newRow("scaling sigma 0") << "series.scaling"
                                         << R"({"sigma": 0})";
        QTest::newRow("jitter sigma 0") << "series.jitter"
                                        << R"({"sigma": 0})";
        QTest::newRow("window_warp scale 1") << "series.window_warp"
                                             << R"({"scales": [1]})";
        QTest::newRow("crop_resize whole") << "series.crop_resize"
                                           << R"({"crop_ratio": 1.0, "size": 777})";
        QTest::newRow("drift 0") << "series.drift"
                                 << R"({"max_drift": 0})";
        QTest::newRow("dropout p 0") << "series.dropout"
                                     << R"({"p": 0})";
        QTest::newRow("pool size 1") << "series.pool"
                                     << R"({"size": 1})";
        QTest::newRow("convolve size 1") << "series.convolve"
                                         << R"({"size": 1})";
        QTest::newRow("permutation 1 segment") << "series.permutation"
                                               << R"({"max_segments": 1})";
        QTest::newRow("rotate3d angle 0") << "series.rotation"
                                          << R"({"mode": "rotate3d", "max_angle": 0})";
    }
    void identities() {
        QFETCH(QString, id);
        QFETCH(QString, params);
        const auto t = create(id.toStdString(), json::parse(params.toStdString()));
        const SeriesSample in = makeSeries(777, 3);
        for (uint64_t seed = 0; seed < 10; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            if (id == QStringLiteral("series.rotation")) {
                QVERIFY(cv::norm(out.values, in.values, cv::NORM_INF) < 1e-12);
                continue;
            }
            QVERIFY2(sameBits(out.values, in.values), qPrintable(QString::fromStdString(v.dump())));
        }
    }

    void scalingMultipliesByTheDrawnFactor() {
        for (bool perChannel : {true, false}) {
            const auto t = create("series.scaling", {{"sigma", 0.3}, {"per_channel", perChannel}});
            const SeriesSample in = makeSeries(100, 3);
            const auto [out, v] = run(*t, in, 5);
            const auto f = v.at("factors").get<std::vector<double>>();
            QCOMPARE(f.size(), size_t(perChannel ? 3 : 1));
            for (int r = 0; r < 100; ++r)
                for (int c = 0; c < 3; ++c)
                    QCOMPARE(out.values.at<double>(r, c),
                             in.values.at<double>(r, c) * f[perChannel ? c : 0]);
        }
    }

    void magnitudeWarpIsSmoothAndThroughKnots() {
        const auto t = create("series.magnitude_warp", {{"sigma", 0.3}, {"knots", 4}});
        SeriesSample in;
        in.values = cv::Mat(601, 1, CV_64FC1, cv::Scalar(2.0));
        const auto [out, v] = run(*t, in, 3);
        const auto knots = v.at("knots")[0].get<std::vector<double>>();
        QCOMPARE(knots.size(), size_t(6));
        // Knots at 0, 120, .., 600: the curve passes through them (times the constant 2).
        for (int k = 0; k < 6; ++k)
            QVERIFY(std::abs(out.values.at<double>(k * 120, 0) - 2.0 * knots[size_t(k)]) < 1e-9);
        // Smooth: second differences are tiny compared with the curve's range.
        for (int r = 1; r < 600; ++r) {
            const double d2 = out.values.at<double>(r + 1, 0) - 2 * out.values.at<double>(r, 0) +
                              out.values.at<double>(r - 1, 0);
            QVERIFY(std::abs(d2) < 1e-3);
        }
    }

    void timeWarpMovesButKeepsEnds() {
        const auto t = create("series.time_warp", {{"sigma", 0.3}});
        SeriesSample in;
        in.values = cv::Mat(1000, 1, CV_64FC1);
        for (int r = 0; r < 1000; ++r)
            in.values.at<double>(r, 0) = r; // a ramp: the output is the inverse warp itself
        const auto [out, v] = run(*t, in, 11);
        QCOMPARE(out.values.at<double>(0, 0), 0.0);
        QVERIFY(std::abs(out.values.at<double>(999, 0) - 999.0) < 1e-9);
        double maxShift = 0;
        for (int r = 1; r < 1000; ++r) {
            QVERIFY(out.values.at<double>(r, 0) >= out.values.at<double>(r - 1, 0)); // monotone
            maxShift = std::max(maxShift, std::abs(out.values.at<double>(r, 0) - r));
        }
        QVERIFY2(maxShift > 5, qPrintable(QString::number(maxShift)));
    }

    void windowSliceIsTheDrawnWindow() {
        const auto t = create("series.window_slice", {{"reduce_ratio", 0.5}});
        SeriesSample in;
        in.values = cv::Mat(101, 1, CV_64FC1);
        for (int r = 0; r < 101; ++r)
            in.values.at<double>(r, 0) = r;
        const auto [out, v] = run(*t, in, 2);
        const int start = v.at("start").get<int>(), len = v.at("length").get<int>();
        QCOMPARE(len, 51);
        QCOMPARE(out.values.at<double>(0, 0), double(start));
        QCOMPARE(out.values.at<double>(100, 0), double(start + len - 1));
        QVERIFY(std::abs(out.values.at<double>(50, 0) - (start + 25.0)) < 1e-9);
    }

    void reverseTwiceIsIdentity() {
        const auto t = create("series.reverse");
        const SeriesSample in = makeSeries(1001, 3);
        const auto [once, v] = run(*t, in, 0);
        for (int c = 0; c < 3; ++c)
            QCOMPARE(once.values.at<double>(0, c), in.values.at<double>(1000, c));
        const auto [twice, v2] = run(*t, once, 0);
        QVERIFY(sameBits(twice.values, in.values));
    }

    void permutationKeepsTheValues_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("equal") << "equal";
        QTest::newRow("random") << "random";
    }
    void permutationKeepsTheValues() {
        QFETCH(QString, mode);
        const auto t =
            create("series.permutation", {{"max_segments", 8}, {"mode", mode.toStdString()}});
        const SeriesSample in = makeSeries(503, 2);
        bool moved = false;
        for (uint64_t seed = 0; seed < 20; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            const auto order = v.at("order").get<std::vector<int>>();
            QCOMPARE(v.at("cuts").size() + 1, order.size());
            // Rows move as a whole: each output row is an input row.
            std::multiset<std::pair<double, double>> a, b;
            for (int r = 0; r < 503; ++r) {
                a.insert({in.values.at<double>(r, 0), in.values.at<double>(r, 1)});
                b.insert({out.values.at<double>(r, 0), out.values.at<double>(r, 1)});
            }
            QVERIFY(a == b);
            moved |= !sameBits(out.values, in.values);
        }
        QVERIFY(moved);
    }

    void quantizeYieldsAtMostLevels_data() {
        QTest::addColumn<int>("levels");
        QTest::addColumn<bool>("perChannel");
        for (int l : {2, 5, 10, 64})
            for (bool pc : {false, true})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(l).arg(pc))) << l << pc;
    }
    void quantizeYieldsAtMostLevels() {
        QFETCH(int, levels);
        QFETCH(bool, perChannel);
        const auto t = create("series.quantize", {{"levels", levels}, {"per_channel", perChannel}});
        const SeriesSample in = makeSeries(5000, 3);
        const auto [out, v] = run(*t, in, 1);
        std::set<double> all;
        double lo, hi;
        cv::minMaxLoc(in.values, &lo, &hi);
        for (int c = 0; c < 3; ++c) {
            if (perChannel)
                cv::minMaxLoc(in.values.col(c), &lo, &hi);
            std::set<double> one;
            for (int r = 0; r < 5000; ++r) {
                one.insert(out.values.at<double>(r, c));
                all.insert(out.values.at<double>(r, c));
                // Each value moves by at most half a bin.
                QVERIFY(std::abs(out.values.at<double>(r, c) - in.values.at<double>(r, c)) <=
                        0.5 * (hi - lo) / levels + 1e-12);
            }
            QVERIFY(int(one.size()) <= levels);
            QVERIFY(int(one.size()) >= std::min(levels, 2));
        }
        if (!perChannel)
            QVERIFY(int(all.size()) <= levels);
    }

    void dropoutFills_data() {
        QTest::addColumn<QString>("fill");
        QTest::addColumn<bool>("perChannel");
        for (const char* f : {"ffill", "bfill", "mean", "constant"})
            for (bool pc : {false, true})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QString::fromUtf8(f)).arg(pc)))
                    << QString::fromUtf8(f) << pc;
    }
    void dropoutFills() {
        QFETCH(QString, fill);
        QFETCH(bool, perChannel);
        const auto t = create("series.dropout", {{"p", 0.1},
                                                 {"size", {1, 3}},
                                                 {"fill", fill.toStdString()},
                                                 {"value", -7.0},
                                                 {"per_channel", perChannel}});
        const SeriesSample in = makeSeries(20000, 3);
        const auto [out, v] = run(*t, in, 9);
        int changed = 0;
        for (int r = 0; r < 20000; ++r)
            for (int c = 0; c < 3; ++c) {
                const double x = out.values.at<double>(r, c);
                QVERIFY(std::isfinite(x));
                if (x == in.values.at<double>(r, c))
                    continue;
                ++changed;
                // A filled cell equals its neighbour on the side the fill came from.
                if (fill == QStringLiteral("ffill"))
                    QCOMPARE(x, out.values.at<double>(r > 0 ? r - 1 : 1, c));
                else if (fill == QStringLiteral("bfill"))
                    QCOMPARE(x, out.values.at<double>(r < 19999 ? r + 1 : r - 1, c));
                else if (fill == QStringLiteral("constant"))
                    QCOMPARE(x, -7.0);
            }
        // About p of the cells change (a fill may equal the value by chance: not here).
        QVERIFY2(std::abs(changed / 60000.0 - 0.1) < 0.02, qPrintable(QString::number(changed)));
        // The same steps in every channel unless per_channel.
        if (!perChannel)
            for (int r = 0; r < 20000; ++r) {
                const bool a = out.values.at<double>(r, 0) != in.values.at<double>(r, 0);
                const bool b = out.values.at<double>(r, 2) != in.values.at<double>(r, 2);
                QCOMPARE(a, b);
            }
    }

    void dropoutEverythingStillFinite() {
        const auto t = create("series.dropout", {{"p", 1.0}, {"fill", "ffill"}, {"value", 3.0}});
        const auto [out, v] = run(*t, makeSeries(50, 2), 1);
        for (int r = 0; r < 50; ++r)
            QCOMPARE(out.values.at<double>(r, 0), 3.0);
    }

    void driftIsSmoothAndBounded() {
        const auto t = create("series.drift", {{"max_drift", 0.5}, {"normalize", false}});
        SeriesSample in;
        in.values = cv::Mat(2000, 2, CV_64FC1, cv::Scalar(0.0));
        const auto [out, v] = run(*t, in, 4);
        QCOMPARE(v.at("anchors").size(), size_t(2));
        for (int c = 0; c < 2; ++c) {
            double peak = 0;
            for (int r = 0; r < 2000; ++r)
                peak = std::max(peak, std::abs(out.values.at<double>(r, c)));
            QVERIFY2(std::abs(peak - 0.5) < 1e-6, qPrintable(QString::number(peak)));
            QCOMPARE(out.values.at<double>(0, c), 0.0);
        }
    }

    void poolAveragesBlocks() {
        const auto t = create("series.pool", {{"size", 4}});
        SeriesSample in;
        in.values = cv::Mat(10, 1, CV_64FC1);
        for (int r = 0; r < 10; ++r)
            in.values.at<double>(r, 0) = r;
        const auto [out, v] = run(*t, in, 0);
        const std::vector<double> expected = {1.5, 1.5, 1.5, 1.5, 5.5, 5.5, 5.5, 5.5, 8.5, 8.5};
        QCOMPARE(column(out.values, 0), expected);
        const auto tmax = create("series.pool", {{"size", 4}, {"kind", "max"}});
        const auto [m, vm] = run(*tmax, in, 0);
        QCOMPARE(column(m.values, 0), (std::vector<double>{3, 3, 3, 3, 7, 7, 7, 7, 9, 9}));
    }

    void convolveSmooths() {
        const auto t = create("series.convolve", {{"size", 9}, {"window", "hann"}});
        SeriesSample in;
        in.values = cv::Mat(1000, 2, CV_64FC1);
        for (int r = 0; r < 1000; ++r) {
            in.values.at<double>(r, 0) = 4.25;               // a constant stays exactly
            in.values.at<double>(r, 1) = r % 2 ? 1.0 : -1.0; // Nyquist is damped
        }
        const auto [out, v] = run(*t, in, 0);
        double amp = 0;
        for (int r = 0; r < 1000; ++r) {
            QVERIFY(std::abs(out.values.at<double>(r, 0) - 4.25) < 1e-12);
            if (r > 10 && r < 990)
                amp = std::max(amp, std::abs(out.values.at<double>(r, 1)));
        }
        QVERIFY2(amp < 0.1, qPrintable(QString::number(amp)));
    }

    void cropResizeResamplesTimestamps() {
        const auto t = create("series.crop_resize", {{"size", 11}, {"crop_ratio", 0.5}});
        SeriesSample in;
        in.values = cv::Mat(101, 1, CV_64FC1);
        for (int r = 0; r < 101; ++r) {
            in.values.at<double>(r, 0) = 2.0 * r;
            in.timestamps.push_back(1000.0 + r);
        }
        const auto [out, v] = run(*t, in, 3);
        const int start = v.at("start").get<int>();
        QCOMPARE(out.values.rows, 11);
        QCOMPARE(out.timestamps.size(), size_t(11));
        QCOMPARE(out.timestamps.front(), 1000.0 + start);
        QCOMPARE(out.timestamps.back(), 1000.0 + start + 50);
        QCOMPARE(out.values.at<double>(5, 0), 2.0 * (start + 25));
    }

    void rotationKeepsNormsAndChannels() {
        const auto t3 = create("series.rotation", {{"mode", "rotate3d"}});
        const SeriesSample in = makeSeries(200, 3);
        const auto [out, v] = run(*t3, in, 8);
        for (int r = 0; r < 200; ++r)
            QVERIFY(std::abs(cv::norm(out.values.row(r)) - cv::norm(in.values.row(r))) < 1e-9);
        const auto tf = create("series.rotation");
        const auto [f, vf] = run(*tf, in, 8);
        const auto signs = vf.at("signs").get<std::vector<int>>();
        const auto order = vf.at("order").get<std::vector<int>>();
        for (int r = 0; r < 200; ++r)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(f.values.at<double>(r, c),
                         signs[size_t(c)] * in.values.at<double>(r, order[size_t(c)]));
    }

    void mixupWithoutPartnerLeavesTheSample() {
        const auto t = create("series.mixup_same_class");
        const SeriesSample in = makeSeries(100, 2, "lonely");
        const auto [out, v] = run(*t, in, 1);
        QVERIFY(v.at("partner").is_null());
        QVERIFY(sameBits(out.values, in.values));
    }

    void mixupMixesWithASameClassPartner() {
        SeriesSample p1 = makeSeries(100, 2, "x");
        p1.values += 10.0;
        SeriesSample p2 = makeSeries(50, 2, "x"); // another length: resampled
        p2.values -= 10.0;
        SeriesSample other = makeSeries(100, 2, "y");
        setTestPool({p1, p2, other});
        const SeriesSample in = makeSeries(100, 2, "x");
        const auto t = create("series.mixup_same_class", {{"alpha", 0.4}});
        std::set<int> partners;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            const double lambda = v.at("lambda").get<double>();
            QVERIFY(lambda >= 0.5 && lambda <= 1.0);
            const int idx = v.at("partner").get<int>();
            partners.insert(idx);
            const SeriesSample& mate = idx == 0 ? p1 : p2;
            const double shift = idx == 0 ? 10.0 : -10.0;
            // At the ends both partners line up with the sample's ends.
            for (int r : {0, 99}) {
                const int pr = r == 0 ? 0 : mate.values.rows - 1;
                QVERIFY(std::abs(out.values.at<double>(r, 0) -
                                 (lambda * in.values.at<double>(r, 0) +
                                  (1 - lambda) * mate.values.at<double>(pr, 0))) < 1e-12);
            }
            (void)shift;
        }
        QCOMPARE(partners, (std::set<int>{0, 1}));
    }
};

QTEST_GUILESS_MAIN(TestSeriesQuality)
#include "tst_series_quality.moc"

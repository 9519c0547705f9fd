// The series transforms that draw partners from the run's pool (spawner, wdba and the two
// guided warps, after Iwana & Uchida's code): wdba of identical series is that series, the
// guided warps take the teacher's timing, the discriminative teacher is the positive farthest
// from the negatives, and without partners every one leaves the sample as it is.
#include "tst_series_util.h"

#include "core/transforms/series/dtw.h"

#include <QtTest>

using namespace augstudio::core;
using namespace seriestest;
using json = nlohmann::json;

namespace {

// sin over a warped time axis: t -> T (t / T)^power.
SeriesSample warpedSine(int steps, double power, const std::string& label, double offset = 0) {
    SeriesSample s;
    s.values = cv::Mat(steps, 2, CV_64FC1);
    for (int t = 0; t < steps; ++t) {
        const double u = steps * std::pow(double(t) / steps, power);
        s.values.at<double>(t, 0) = std::sin(0.08 * u) + offset;
        s.values.at<double>(t, 1) = std::cos(0.05 * u) + offset;
    }
    s.channelNames = {"x", "y"};
    s.label = label;
    return s;
}

double euclidean(const cv::Mat& a, const cv::Mat& b) {
    return cv::norm(a, b, cv::NORM_L2SQR);
}

} // namespace

class TestSeriesPartners : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { testRun().seriesPool.reset(); }

    void wdbaOfIdenticalSeriesIsThatSeries() {
        const SeriesSample in = warpedSine(300, 1.0, "a");
        setTestPool(std::vector<SeriesSample>(5, in));
        const auto t = create("series.wdba");
        for (uint64_t seed = 0; seed < 3; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            QCOMPARE(v["partners"].size(), size_t(5));
            for (int r = 0; r < 300; ++r)
                for (int c = 0; c < 2; ++c)
                    QVERIFY(std::abs(out.values.at<double>(r, c) - in.values.at<double>(r, c)) <
                            1e-12);
        }
    }

    // With warped copies the barycentre lies between them: closer (in DTW) to each member
    // than the farthest members are to each other, and its values stay in their range.
    void wdbaAveragesTheBatch() {
        const SeriesSample in = warpedSine(300, 1.0, "a");
        setTestPool({warpedSine(300, 1.15, "a"), warpedSine(300, 0.87, "a")});
        const auto t = create("series.wdba", {{"batch", 3}});
        const auto [out, v] = run(*t, in, 1);
        QCOMPARE(v["partners"].size(), size_t(2));
        const cv::Mat a = warpedSine(300, 1.15, "a").values, b = warpedSine(300, 0.87, "a").values;
        auto d = [](const cv::Mat& x, const cv::Mat& y) {
            return dtw::distance(x.ptr<double>(), x.rows, y.ptr<double>(), y.rows, 2, 30);
        };
        QVERIFY(d(out.values, a) < d(a, b) && d(out.values, b) < d(a, b));
        double lo, hi;
        cv::minMaxLoc(out.values, &lo, &hi);
        QVERIFY(lo >= -1 - 1e-9 && hi <= 1 + 1e-9);
    }

    void randomGuidedWarpTakesTheTeachersTiming() {
        const SeriesSample in = warpedSine(400, 1.0, "a");
        const SeriesSample teacher = warpedSine(400, 1.3, "a");
        setTestPool({teacher});
        const auto t = create("series.random_guided_warp");
        const auto [out, v] = run(*t, in, 2);
        QCOMPARE(v["partner"], json::array({"a", 0}));
        QVERIFY2(euclidean(out.values, teacher.values) < 0.4 * euclidean(in.values, teacher.values),
                 qPrintable(QStringLiteral("%1 vs %2")
                                .arg(euclidean(out.values, teacher.values))
                                .arg(euclidean(in.values, teacher.values))));
        // The values are the sample's, re-timed: the same range.
        double lo, hi, inLo, inHi;
        cv::minMaxLoc(out.values.col(0), &lo, &hi);
        cv::minMaxLoc(in.values.col(0), &inLo, &inHi);
        QVERIFY(lo >= inLo - 1e-12 && hi <= inHi + 1e-12);
    }

    void discriminativeTeacherIsFarFromNegatives() {
        const SeriesSample in = warpedSine(300, 1.0, "a");
        // Positive 0 looks like the negatives (offset 0.8), positive 1 does not.
        setTestPool({warpedSine(300, 1.2, "a", 0.8), warpedSine(300, 0.8, "a"),
                     warpedSine(300, 1.0, "b", 0.9), warpedSine(300, 1.1, "b", 0.85)});
        const auto t = create("series.discriminative_guided_warp", {{"batch", 4}});
        const auto [out, v] = run(*t, in, 3);
        QCOMPARE(v["positives"].size(), size_t(2));
        QCOMPARE(v["negatives"].size(), size_t(2));
        for (const auto& n : v["negatives"])
            QCOMPARE(n[0], json("b"));
        // The same as random_guided_warp towards positive 1.
        const auto guided = create("series.random_guided_warp");
        Sample expected = cloneSample(in);
        guided->applyWith(expected, {{"partner", {"a", 1}}}, testRun());
        QVERIFY(sameBits(std::get<SeriesSample>(expected).values, out.values));
    }

    // Spawner without jitter, with a partner identical to the sample: the sample itself.
    void spawnerAveragesAlongThePath() {
        const SeriesSample in = warpedSine(200, 1.0, "a");
        setTestPool({in});
        const auto t = create("series.spawner", {{"sigma", 0.0}});
        const auto [out, v] = run(*t, in, 4);
        QCOMPARE(v["partner"], json::array({"a", 0}));
        const int64_t split = v["split"].get<int64_t>();
        QVERIFY(split >= 1 && split <= 198);
        for (int r = 0; r < 200; ++r)
            QVERIFY(std::abs(out.values.at<double>(r, 0) - in.values.at<double>(r, 0)) < 1e-12);
        // With jitter: the drawn noise on top, sigma as asked.
        const auto noisy = create("series.spawner", {{"sigma", 0.05}});
        const auto [jittered, w] = run(*noisy, in, 4);
        const double sd = std::sqrt(euclidean(jittered.values, in.values) / 400);
        QVERIFY(std::abs(sd - 0.05) < 0.01);
    }

    void withoutPartnersNothingChanges_data() {
        QTest::addColumn<QString>("id");
        for (const char* id : {"series.spawner", "series.wdba", "series.random_guided_warp",
                               "series.discriminative_guided_warp"})
            QTest::newRow(id) << QString::fromUtf8(id);
    }
    void withoutPartnersNothingChanges() {
        QFETCH(QString, id);
        const auto t = create(id.toStdString());
        const SeriesSample in = warpedSine(100, 1.0, "a");
        // No pool, a pool of another label only, and a plain apply outside a run.
        for (int round = 0; round < 2; ++round) {
            if (round == 1)
                setTestPool({warpedSine(100, 1.2, "z")});
            const auto [out, v] = run(*t, in, 1);
            QVERIFY(sameBits(out.values, in.values));
        }
        setTestPool({warpedSine(100, 1.2, "a"), warpedSine(100, 1.1, "b")});
        const auto [withPartners, v] = run(*t, in, 1);
        QVERIFY(!sameBits(withPartners.values, in.values));
        Sample plain = cloneSample(in);
        t->apply(plain, v);
        QVERIFY(sameBits(std::get<SeriesSample>(plain).values, in.values));
    }
};

QTEST_GUILESS_MAIN(TestSeriesPartners)
#include "tst_series_partners.moc"

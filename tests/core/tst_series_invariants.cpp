// Invariants of every series transform, data-driven over the registry: shape kept (except
// crop_resize, whose purpose is the length), finite where the input was finite, same seed
// same values, tiny series (1 step, 1 channel, 0 steps) handled, NaN gaps kept in place by
// the pointwise transforms.
#include "tst_series_util.h"

#include <QtTest>

using namespace augstudio::core;
using namespace seriestest;
using json = nlohmann::json;

namespace {

// Transforms where output cell (t, c) depends only on input cells of step t (or of the
// same channel's neighbours without moving it): gaps must stay exactly where they were.
const std::vector<std::string> kPointwise = {
    "series.jitter",   "series.scaling",  "series.magnitude_warp", "series.drift",
    "series.quantize", "series.convolve", "series.pool",           "series.mixup_same_class"};

// Strong parameters so every transform does change the sample.
json strongParams(const std::string& id) {
    if (id == "series.crop_resize")
        return {{"size", 50}};
    if (id == "series.permutation")
        return {{"max_segments", 6}};
    if (id == "series.dropout")
        return {{"p", 0.2}};
    return json::object();
}

void addAllIds() {
    QTest::addColumn<QString>("id");
    for (const TransformInfo* info : registry().list(Modality::Series))
        QTest::newRow(info->id.c_str()) << QString::fromStdString(info->id);
}

} // namespace

class TestSeriesInvariants : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        // mixup_same_class needs partners of the label.
        // The partner-based transforms need partners of the label (and discriminative_guided_warp
        // of another one).
        setTestPool({makeSeries(200, 3, "a"), makeSeries(150, 3, "a"), makeSeries(170, 3, "b")});
    }
    void cleanupTestCase() { testRun().seriesPool.reset(); }

    void catalogIsComplete() {
        const std::vector<std::string> ids = {"series.jitter",
                                              "series.scaling",
                                              "series.magnitude_warp",
                                              "series.time_warp",
                                              "series.window_slice",
                                              "series.window_warp",
                                              "series.permutation",
                                              "series.rotation",
                                              "series.drift",
                                              "series.dropout",
                                              "series.quantize",
                                              "series.convolve",
                                              "series.pool",
                                              "series.reverse",
                                              "series.crop_resize",
                                              "series.mixup_same_class",
                                              "series.frequency_perturbation",
                                              "series.iaaft_surrogate",
                                              "series.spawner",
                                              "series.wdba",
                                              "series.random_guided_warp",
                                              "series.discriminative_guided_warp",
                                              "series.mixup",
                                              "series.cutmix",
                                              "series.smote"};
        QCOMPARE(registry().list(Modality::Series).size(), ids.size());
        for (const auto& id : ids) {
            const TransformInfo* info = registry().find(id);
            QVERIFY2(info, id.c_str());
            for (const ParamSpec& p : info->params)
                QVERIFY2(!p.help.empty(), (id + "." + p.name).c_str());
        }
    }

    void shapeFiniteAndChanged_data() { addAllIds(); }
    void shapeFiniteAndChanged() {
        QFETCH(QString, id);
        const std::string sid = id.toStdString();
        const auto t = create(sid, strongParams(sid));
        const SeriesSample in = makeSeries(200, 3);
        bool changed = false;
        for (uint64_t seed = 1; seed <= 5; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            QVERIFY(Values::fromJson(nlohmann::json::parse(v.dump())) == v); // recordable
            if (sid == "series.crop_resize")
                QCOMPARE(out.values.rows, 50);
            else
                QCOMPARE(out.values.rows, 200);
            QCOMPARE(out.values.cols, 3);
            QCOMPARE(out.values.type(), CV_64FC1);
            QCOMPARE(out.channelNames, in.channelNames);
            QCOMPARE(out.label, in.label);
            for (int r = 0; r < out.values.rows; ++r)
                for (int c = 0; c < 3; ++c)
                    QVERIFY2(std::isfinite(out.values.at<double>(r, c)),
                             qPrintable(QString::fromStdString(v.dump())));
            changed |= !sameBits(out.values, in.values);
        }
        QVERIFY2(changed, "five seeds and the sample never changed");
    }

    void sameSeedSameValues_data() { addAllIds(); }
    void sameSeedSameValues() {
        QFETCH(QString, id);
        const auto t = create(id.toStdString(), strongParams(id.toStdString()));
        const SeriesSample in = makeSeries(300, 2);
        for (uint64_t seed = 0; seed < 10; ++seed) {
            const auto [a, va] = run(*t, in, seed);
            const auto [b, vb] = run(*t, in, seed);
            QCOMPARE(va, vb);
            QVERIFY(sameBits(a.values, b.values));
            // Replay: the recorded values alone give the same output.
            Sample c = cloneSample(in);
            t->applyWith(c, Values::fromJson(json::parse(va.dump())), testRun());
            QVERIFY(sameBits(std::get<SeriesSample>(c).values, a.values));
        }
    }

    void tinySeries_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("channels");
        for (const TransformInfo* info : registry().list(Modality::Series))
            for (auto [t, c] : {std::pair{1, 1}, {1, 3}, {2, 1}, {500, 1}, {0, 2}, {3, 3}})
                QTest::newRow(
                    (info->id + " " + std::to_string(t) + "x" + std::to_string(c)).c_str())
                    << QString::fromStdString(info->id) << t << c;
    }
    void tinySeries() {
        QFETCH(QString, id);
        QFETCH(int, steps);
        QFETCH(int, channels);
        const std::string sid = id.toStdString();
        for (const json& params : {json::object(), strongParams(sid)}) {
            const auto t = create(sid, params);
            const SeriesSample in = makeSeries(steps, channels);
            for (uint64_t seed = 0; seed < 8; ++seed) {
                const auto [out, v] = run(*t, in, seed);
                if (steps > 0) // OpenCV keeps no column count for an empty matrix
                    QCOMPARE(out.values.cols, channels);
                if (sid != "series.crop_resize" || steps == 0)
                    QCOMPARE(out.values.rows, steps);
                else
                    QCOMPARE(int64_t(out.values.rows), params.value("size", int64_t(128)));
                for (int r = 0; r < out.values.rows; ++r)
                    for (int c = 0; c < channels; ++c)
                        QVERIFY(std::isfinite(out.values.at<double>(r, c)));
            }
        }
    }

    void gapsStayInPlace_data() {
        QTest::addColumn<QString>("id");
        for (const auto& id : kPointwise)
            QTest::newRow(id.c_str()) << QString::fromStdString(id);
        QTest::newRow("dropout nan fill") << QStringLiteral("series.dropout");
        // Not pointwise, but they bridge gaps for their transform and put them back.
        QTest::newRow("series.frequency_perturbation")
            << QStringLiteral("series.frequency_perturbation");
        QTest::newRow("series.iaaft_surrogate") << QStringLiteral("series.iaaft_surrogate");
    }
    void gapsStayInPlace() {
        QFETCH(QString, id);
        const std::string sid = id.toStdString();
        const auto t = create(sid, sid == "series.dropout" ? json{{"p", 0.0}} : json::object());
        SeriesSample in = makeSeries(400, 3);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        for (int r = 100; r < 110; ++r)
            in.values.at<double>(r, 1) = nan; // a gap in one channel
        in.values.at<double>(250, 0) = nan;   // a single missing point
        for (int c = 0; c < 3; ++c)
            in.values.at<double>(399, c) = nan; // a missing last step
        for (uint64_t seed = 0; seed < 6; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            for (int r = 0; r < 400; ++r)
                for (int c = 0; c < 3; ++c)
                    QVERIFY2(std::isnan(out.values.at<double>(r, c)) ==
                                 std::isnan(in.values.at<double>(r, c)),
                             qPrintable(QStringLiteral("%1 at %2,%3").arg(id).arg(r).arg(c)));
        }
    }

    // The warps move gaps with the data but never widen them much: a gap of 10 steps
    // stays a gap of a similar size.
    void warpsDoNotSpreadGaps_data() {
        QTest::addColumn<QString>("id");
        for (const char* id : {"series.time_warp", "series.window_slice", "series.window_warp",
                               "series.permutation", "series.reverse", "series.crop_resize"})
            QTest::newRow(id) << QString::fromUtf8(id);
    }
    void warpsDoNotSpreadGaps() {
        QFETCH(QString, id);
        const std::string sid = id.toStdString();
        const auto t =
            create(sid, sid == "series.crop_resize" ? json{{"size", 400}} : json::object());
        SeriesSample in = makeSeries(400, 2);
        for (int r = 200; r < 210; ++r)
            in.values.at<double>(r, 0) = std::numeric_limits<double>::quiet_NaN();
        for (uint64_t seed = 0; seed < 10; ++seed) {
            const auto [out, v] = run(*t, in, seed);
            int gaps = 0, otherGaps = 0;
            for (int r = 0; r < out.values.rows; ++r) {
                gaps += std::isnan(out.values.at<double>(r, 0));
                otherGaps += std::isnan(out.values.at<double>(r, 1));
            }
            QCOMPARE(otherGaps, 0);
            // 10 steps, scaled by at most the local stretch of the warp (window_warp
            // slows a window down by 2 at most; slicing stretches by 1/0.8 at most).
            QVERIFY2(gaps >= 4 && gaps <= 26,
                     qPrintable(QStringLiteral("%1 gap steps: %2 (%3)")
                                    .arg(id)
                                    .arg(gaps)
                                    .arg(QString::fromStdString(v.dump()))));
        }
    }
};

QTEST_GUILESS_MAIN(TestSeriesInvariants)
#include "tst_series_invariants.moc"

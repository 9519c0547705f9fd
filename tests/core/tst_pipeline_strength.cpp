// Augmentation strength on inputs with known answers: an identity pipeline is too weak in
// every draw, a fixed gain has the SNR its factor gives, a scaled series correlates fully,
// and every draw is the export's copy k of the item.
#include "core/catalog/builtin.h"
#include "core/random/rng.h"
#include "core/strength/similarity.h"
#include "core/strength/strengthmeasure.h"
#include "core/util/error.h"

#include <QtTest>

#include <cmath>

using namespace augstudio::core;
using nlohmann::json;

namespace {

Pipeline pipelineOf(const char* modality, json steps, uint64_t seed = 7) {
    return pipelineFromJson(
        {{"version", 1}, {"modality", modality}, {"seed", seed}, {"steps", std::move(steps)}});
}

ImageSample texture() {
    ImageSample s;
    s.image.create(48, 64, CV_8UC3);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x)
            s.image.at<cv::Vec3b>(y, x) =
                cv::Vec3b(uchar(x * 4), uchar(y * 5), uchar((x * y) % 256));
    return s;
}

} // namespace

class TestPipelineStrength : public QObject {
    Q_OBJECT
private slots:
    void identityPipelineIsTooWeak() {
        const Pipeline p =
            pipelineOf("image", json::array({{{"transform", "image.hflip"}, {"p", 0.0}}}));
        const StrengthReport r = measureStrength(p, texture(), "a.png", {}, {});
        QCOMPARE(r.draws.size(), size_t(64));
        QCOMPARE(r.tooWeak.size(), size_t(64));
        QVERIFY(r.tooStrong.empty());
        QCOMPARE(r.steps.size(), size_t(1));
        QCOMPARE(r.steps[0].applied, int64_t(0));
        QCOMPARE(r.steps[0].appliedShare, 0.0);
        QCOMPARE(r.similarity.min, 1.0);
        QCOMPARE(r.measure, std::string("ssim"));
    }

    void unflippedDrawsAreTheTooWeakOnes() {
        const Pipeline p =
            pipelineOf("image", json::array({{{"transform", "image.hflip"}, {"p", 0.5}}}));
        StrengthOptions o;
        o.samples = 40;
        const StrengthReport r = measureStrength(p, texture(), "a.png", {}, o);
        std::vector<uint64_t> skipped;
        for (const auto& d : r.draws)
            if (!d.steps[0].applied)
                skipped.push_back(d.copy);
        QCOMPARE(r.tooWeak, skipped);
        QCOMPARE(r.steps[0].applied, int64_t(40 - skipped.size()));
        QCOMPARE(r.steps[0].appliedShare, double(40 - skipped.size()) / 40);
        QVERIFY(!skipped.empty() && skipped.size() < 40);
    }

    void drawsAreExportCopies() {
        const Pipeline p =
            pipelineOf("image", json::array({{{"transform", "image.rotate"},
                                              {"p", 1.0},
                                              {"params", {{"degrees", json::array({-30, 30})}}}}}));
        StrengthOptions o;
        o.minSimilarity = 0.999;
        const ImageSample original = texture();
        const StrengthReport r = measureStrength(p, original, "cats/a.png", {}, o);
        QCOMPARE(r.steps[0].appliedShare, 1.0);
        QCOMPARE(r.steps[0].parameters.size(), size_t(1));
        const auto& angle = r.steps[0].parameters[0];
        QCOMPARE(angle.name, std::string("angle"));
        QCOMPARE(angle.histogram.count, int64_t(64));
        QVERIFY(angle.histogram.min >= -30 && angle.histogram.max <= 30);
        QVERIFY(angle.histogram.max - angle.histogram.min > 20);
        QCOMPARE(r.tooStrong.size(), size_t(64));
        for (uint64_t k : {uint64_t(0), uint64_t(17), uint64_t(63)}) {
            Sample s = cloneSample(Sample(original));
            const RunResult run = p.run(s, deriveSeed(7, "cats/a.png", k));
            QCOMPARE(r.draws[k].seed, run.seed);
            QCOMPARE(r.draws[k].steps[0].values["angle"].get<double>(),
                     run.steps[0].values["angle"].get<double>());
            QCOMPARE(r.draws[k].similarity, sampleSimilarity(Sample(original), s));
        }
        const json j = r.toJson();
        QCOMPARE(j["too_strong"].size(), size_t(64));
        QCOMPARE(j["steps"][0]["parameters"][0]["count"].get<int64_t>(), int64_t(64));
    }

    void fixedGainHasItsSnr() {
        const Pipeline p =
            pipelineOf("audio", json::array({{{"transform", "audio.gain"},
                                              {"p", 1.0},
                                              {"params", {{"gain_db", json::array({6, 6})}}}}}));
        AudioSample a;
        a.sampleRate = 8000;
        a.channels.assign(1, std::vector<float>(800));
        for (size_t i = 0; i < 800; ++i)
            a.channels[0][i] = float(0.3 * std::sin(double(i) * 0.05));
        StrengthOptions o;
        o.samples = 4;
        const StrengthReport r = measureStrength(p, a, "a.wav", {}, o);
        // y = g x: the change is (g - 1) x, so SNR = -20 log10(g - 1).
        const double g = std::pow(10.0, 6.0 / 20.0);
        for (const auto& d : r.draws)
            QVERIFY(std::abs(d.similarity - (-20 * std::log10(g - 1))) < 0.01);
        QCOMPARE(r.measure, std::string("snr_db"));
        QCOMPARE(r.tooStrong.size(), size_t(4)); // under the default 10 dB
    }

    void scaledSeriesCorrelatesFully() {
        const Pipeline p =
            pipelineOf("series", json::array({{{"transform", "series.scaling"}, {"p", 1.0}}}));
        SeriesSample s;
        s.values.create(50, 1, CV_64F);
        for (int i = 0; i < 50; ++i)
            s.values.at<double>(i) = std::sin(i * 0.3) + 0.01 * i;
        StrengthOptions o;
        o.samples = 8;
        const StrengthReport r = measureStrength(p, s, "s#0", {}, o);
        for (const auto& d : r.draws) {
            QVERIFY(!d.unchanged);
            QVERIFY(std::abs(d.similarity - 1.0) < 1e-9);
        }
        QVERIFY(r.tooWeak.empty() && r.tooStrong.empty());
    }

    void wordEditDistance_data() {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("distance");
        QTest::newRow("same") << u"a b c"_qs << u"a  b c"_qs << 0;
        QTest::newRow("swap") << u"a b c"_qs << u"b a c"_qs << 2;
        QTest::newRow("replace") << u"the cat sat"_qs << u"the dog sat"_qs << 1;
        QTest::newRow("insert") << u"the cat"_qs << u"the fat cat"_qs << 1;
        QTest::newRow("empty") << QString() << u"one two"_qs << 2;
    }
    void wordEditDistance() {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, distance);
        QCOMPARE(augstudio::core::wordEditDistance(a.toStdString(), b.toStdString()),
                 int64_t(distance));
    }

    void textSimilarityIsOneMinusEditShare() {
        const double s = sampleSimilarity(TextSample{"the cat sat down", ""},
                                          TextSample{"the dog sat down", ""});
        QCOMPARE(s, 0.75);
    }

    void ssimOfInvertedImageIsLow() {
        const ImageSample a = texture();
        ImageSample b = texture();
        cv::bitwise_not(b.image, b.image);
        QCOMPARE(sampleSimilarity(Sample(a), Sample(a)), 1.0);
        QVERIFY(sampleSimilarity(Sample(a), Sample(b)) < 0.2);
    }

    void wrongModalityIsAnOptionError() {
        const Pipeline p = pipelineOf("image", json::array({{{"transform", "image.hflip"}}}));
        QVERIFY_THROWS_EXCEPTION(OptionError, measureStrength(p, TextSample{"x", ""}, "t", {}, {}));
    }
};

QTEST_GUILESS_MAIN(TestPipelineStrength)
#include "tst_pipeline_strength.moc"

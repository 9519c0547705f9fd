// Dataset health on generated datasets with known answers: duplicates planted across
// splits are found as leaks, near duplicates by perceptual hash, unreadable files and tiny
// classes are listed, distributions count what was written.
#include "core/dataset/dataset.h"
#include "core/health/fingerprint.h"
#include "core/health/healthcheck.h"
#include "core/io/audio/audiofile.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace augstudio::core;
namespace fs = std::filesystem;

namespace {

// A textured picture unlike the others for each `pattern`.
cv::Mat picture(int pattern, int width = 96, int height = 64) {
    cv::Mat m(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar((x * (pattern + 1) * 7 + y * 3) % 256),
                                              uchar((y * (pattern + 2) * 5) % 256),
                                              uchar(((x ^ y) * (pattern + 3)) % 256));
    return m;
}

void writePng(const fs::path& p, const cv::Mat& m) {
    fs::create_directories(p.parent_path());
    QVERIFY(cv::imwrite(p.string(), m));
}

std::vector<std::string> keysOf(const HealthReport::DuplicateGroup& g) {
    std::vector<std::string> keys;
    for (const auto& i : g.items)
        keys.push_back(i.key);
    return keys;
}

AudioSample tone(double hz, double level, int frames = 16000) {
    AudioSample a;
    a.sampleRate = 16000;
    a.channels.assign(1, std::vector<float>(size_t(frames)));
    for (int i = 0; i < frames; ++i)
        a.channels[0][size_t(i)] = float(level * std::sin(2 * M_PI * hz * i / 16000.0));
    return a;
}

} // namespace

class TestDatasetHealth : public QObject {
    Q_OBJECT
private slots:
    void duplicatesAcrossSplitsAreLeaks() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int i = 0; i < 6; ++i)
            writePng(root / "train" / "cat" / ("c" + std::to_string(i) + ".png"), picture(i));
        for (int i = 0; i < 3; ++i)
            writePng(root / "train" / "dog" / ("d" + std::to_string(i) + ".png"), picture(10 + i));
        // The planted leak: train/cat/c2.png byte for byte in test.
        fs::create_directories(root / "test" / "cat");
        fs::copy_file(root / "train" / "cat" / "c2.png", root / "test" / "cat" / "leak.png");
        // A near duplicate: c4 slightly brighter, in val.
        cv::Mat brighter = picture(4) + cv::Scalar(3, 3, 3);
        writePng(root / "val" / "cat" / "near.png", brighter);
        augstudio::testfiles::writeText(root / "val" / "dog" / "broken.png", "not a png");

        const Dataset ds = scanDataset(root, {});
        HealthOptions options;
        options.minClassItems = 5;
        const HealthReport r = checkDatasetHealth(ds, options);

        QCOMPARE(r.exactDuplicates.size(), size_t(1));
        QCOMPARE(keysOf(r.exactDuplicates[0]),
                 (std::vector<std::string>{"test/cat/leak.png", "train/cat/c2.png"}));
        QCOMPARE(r.nearDuplicates.size(), size_t(1));
        QCOMPARE(keysOf(r.nearDuplicates[0]),
                 (std::vector<std::string>{"train/cat/c4.png", "val/cat/near.png"}));
        QCOMPARE(r.leaks.size(), size_t(2));
        QCOMPARE(r.leaks[0].kind, std::string("exact"));
        QCOMPARE(r.leaks[0].splits, (std::vector<std::string>{"test", "train"}));
        QCOMPARE(r.leaks[1].kind, std::string("near"));
        QCOMPARE(r.leaks[1].splits, (std::vector<std::string>{"train", "val"}));
        QCOMPARE(r.unreadable.size(), size_t(1));
        QVERIFY(r.unreadable[0].path.find("broken.png") != std::string::npos);
        // dog: 3 in train + the unreadable one counted by the scan or not: under 5 either way.
        QCOMPARE(r.tinyClasses.size(), size_t(1));
        QCOMPARE(r.tinyClasses[0].label, std::string("dog"));
        const auto* width = r.distribution("width");
        QVERIFY(width);
        QCOMPARE(width->histogram.count,
                 int64_t(ds.items.size() - r.unreadable.size() + ds.bad.size()));
        QCOMPARE(width->histogram.min, 96.0);
        QCOMPARE(width->histogram.max, 96.0);
        // The JSON holds the same findings.
        const auto j = r.toJson();
        QCOMPARE(j["leaks"].size(), size_t(2));
        QCOMPARE(j["exact_duplicates"][0]["items"][1]["key"].get<std::string>(),
                 std::string("train/cat/c2.png"));
    }

    void distinctPicturesAreNoDuplicates() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int i = 0; i < 8; ++i)
            writePng(root / "a" / (std::to_string(i) + ".png"), picture(i, 40 + 8 * i, 32));
        const HealthReport r = checkDatasetHealth(scanDataset(root, {}), {});
        QVERIFY(r.exactDuplicates.empty());
        QVERIFY(r.nearDuplicates.empty());
        QVERIFY(r.leaks.empty());
        const auto* width = r.distribution("width");
        QCOMPARE(width->histogram.min, 40.0);
        QCOMPARE(width->histogram.max, 96.0);
        QCOMPARE(width->histogram.mean, 68.0);
        QCOMPARE(r.distribution("height")->histogram.distinct.at(32.0), int64_t(8));
    }

    void audioNearDuplicatesIgnoreLevel() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        fs::create_directories(root / "a");
        fs::create_directories(root / "b");
        writeAudioFile(root / "a" / "t440.wav", tone(440, 0.5));
        writeAudioFile(root / "b" / "t440_quiet.wav", tone(440, 0.1));
        writeAudioFile(root / "a" / "t3000.wav", tone(3000, 0.5));
        writeAudioFile(root / "b" / "t90.wav", tone(90, 0.5, 8000));
        const HealthReport r = checkDatasetHealth(scanDataset(root, {}), {});
        QVERIFY(r.exactDuplicates.empty());
        QCOMPARE(r.nearDuplicates.size(), size_t(1));
        QCOMPARE(keysOf(r.nearDuplicates[0]),
                 (std::vector<std::string>{"a/t440.wav", "b/t440_quiet.wav"}));
        const auto* duration = r.distribution("duration");
        QCOMPARE(duration->histogram.min, 0.5);
        QCOMPARE(duration->histogram.max, 1.0);
        QCOMPARE(r.distribution("sample_rate")->histogram.distinct.at(16000.0), int64_t(4));
    }

    void textRowsNormaliseForNearDuplicates() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        augstudio::testfiles::writeText(root / "texts.tsv", "pos\tThe film was great\n"
                                                            "neg\tthe film was GREAT!\n"
                                                            "pos\tA quiet evening at home\n"
                                                            "neg\tA quiet evening at home\n"
                                                            "pos\tone two three four five six\n");
        const HealthReport r = checkDatasetHealth(scanDataset(root, {}), {});
        QCOMPARE(r.exactDuplicates.size(), size_t(1));
        QCOMPARE(r.exactDuplicates[0].items.size(), size_t(2));
        QCOMPARE(r.nearDuplicates.size(), size_t(1));
        QCOMPARE(r.nearDuplicates[0].items.size(), size_t(2));
        const auto* words = r.distribution("words");
        QCOMPARE(words->histogram.min, 4.0);
        QCOMPARE(words->histogram.max, 6.0);
        QCOMPARE(words->histogram.median, 5.0);
    }

    void normaliseText_data() {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("case and punctuation") << u"Hello, World!"_qs << u"hello world"_qs;
        QTest::newRow("spaces") << u"  a \t b\n"_qs << u"a b"_qs;
        QTest::newRow("utf-8 kept as is") << u"CAFÉ au lait."_qs << u"cafÉ au lait"_qs;
        QTest::newRow("empty") << QString() << QString();
    }
    void normaliseText() {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(QString::fromStdString(augstudio::core::normaliseText(in.toStdString())), out);
    }

    void cancelStopsWithAnError() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int i = 0; i < 20; ++i)
            writePng(root / "a" / (std::to_string(i) + ".png"), picture(i, 16, 16));
        HealthOptions options;
        options.threads = 1;
        int64_t seen = 0;
        options.progress = [&](int64_t done, int64_t total) {
            seen = done;
            return done < 5 && total == 20;
        };
        QVERIFY_THROWS_EXCEPTION(IoError, checkDatasetHealth(scanDataset(root, {}), options));
        QCOMPARE(seen, int64_t(5));
    }
};

QTEST_GUILESS_MAIN(TestDatasetHealth)
#include "tst_dataset_health.moc"

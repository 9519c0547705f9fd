// Resource limits: an image over the pixel limit, audio over the length
// limit and a series table over the size limit are refused with the limit named; each limit
// is a CLI option, and inputs within the limits pass.
#include "core/dataset/dataset.h"
#include "core/io/audio/audiofile.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

using namespace augstudio::core;

namespace {

struct Run {
    int code;
    QString err;
};

Run cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(CLI_PATH), args);
    p.waitForFinished(60000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
}

void writePipeline(const QString& path, const char* modality, const char* step) {
    std::ofstream(path.toStdString())
        << "{\"version\": 1, \"modality\": \"" << modality << "\", \"steps\": [{\"transform\": \""
        << step << "\", \"p\": 1.0}]}";
}

// A PNG of `w` x `h` that is only a header (IHDR, then IEND): what a decompression bomb
// looks like to the probe, written in a few bytes.
void writePngHeader(const std::string& path, uint32_t w, uint32_t h) {
    auto crc = [](const std::string& bytes) {
        uint32_t c = 0xFFFFFFFFu;
        for (unsigned char b : bytes) {
            c ^= b;
            for (int k = 0; k < 8; ++k)
                c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
        return c ^ 0xFFFFFFFFu;
    };
    auto be = [](uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    auto chunk = [&](const std::string& type, const std::string& data) {
        return be(uint32_t(data.size())) + type + data + be(crc(type + data));
    };
    const std::string ihdr = be(w) + be(h) + std::string{8, 2, 0, 0, 0};
    std::ofstream(path, std::ios::binary)
        << std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IEND", "");
}

} // namespace

class TestLimits : public QObject {
    Q_OBJECT
private slots:
    void limits_data() {
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("low");
        QTest::addColumn<QString>("message");
        QTest::newRow("image") << "image"
                               << "--max-megapixels"
                               << "0.005"
                               << "pixel limit";
        QTest::newRow("audio") << "audio"
                               << "--max-audio-seconds"
                               << "1"
                               << "over the length limit of 1 s";
        QTest::newRow("series") << "series"
                                << "--max-series-values"
                                << "20"
                                << "over the size limit of 20";
    }
    void limits() {
        QFETCH(QString, modality);
        QFETCH(QString, option);
        QFETCH(QString, low);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QString input, step;
        if (modality == QLatin1String("image")) {
            input = dir.filePath(QStringLiteral("in.png")); // 0.01 megapixels
            cv::imwrite(input.toStdString(), cv::Mat(100, 100, CV_8UC3, cv::Scalar(1, 2, 3)));
            step = QStringLiteral("image.hflip");
        } else if (modality == QLatin1String("audio")) {
            input = dir.filePath(QStringLiteral("in.wav")); // 2 s
            AudioSample a;
            a.sampleRate = 8000;
            a.channels.assign(1, std::vector<float>(16000, 0.1f));
            writeAudioFile(input.toStdString(), a);
            step = QStringLiteral("audio.gain");
        } else {
            input = dir.filePath(QStringLiteral("in.tsv")); // 3 rows x 10 values
            std::ofstream out(input.toStdString());
            for (int r = 0; r < 3; ++r) {
                out << r;
                for (int i = 0; i < 10; ++i)
                    out << '\t' << i * 0.5;
                out << '\n';
            }
            step = QStringLiteral("series.reverse");
        }
        const QString pipeline = dir.filePath(QStringLiteral("p.json"));
        writePipeline(pipeline, modality.toUtf8().constData(), step.toUtf8().constData());
        const QString output = dir.filePath(QStringLiteral("out.") + QFileInfo(input).suffix());
        const QStringList apply = {QStringLiteral("apply"), QStringLiteral("--pipeline"), pipeline,
                                   input, output};

        const Run refused = cli(QStringList{option, low} + apply);
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(message), qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QFileInfo(input).fileName()), qPrintable(refused.err));
        QVERIFY(!QFileInfo::exists(output));

        const Run passed = cli(apply); // the defaults let it through
        QVERIFY2(passed.code == 0, qPrintable(passed.err));
        QVERIFY(QFileInfo::exists(output));
    }

    // The scan checks images against the run's limit (it had 100 megapixels hard-coded):
    // `--max-megapixels 200` keeps a 144-megapixel header that the default reports.
    void scanUsesTheLimits() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.filePath(QStringLiteral("set")).toStdString();
        std::filesystem::create_directories(root / "c");
        writePngHeader((root / "c" / "big.png").string(), 12000, 12000);
        cv::imwrite((root / "c" / "small.png").string(), cv::Mat(4, 4, CV_8UC3, cv::Scalar(9)));

        const Dataset byDefault = scanDataset(root);
        QCOMPARE(byDefault.items.size(), size_t(1));
        QCOMPARE(byDefault.bad.size(), size_t(1));
        QCOMPARE(byDefault.bad[0].path, std::string("c/big.png"));
        QVERIFY2(byDefault.bad[0].reason.find("pixel limit (12000x12000 > 100 megapixels)") !=
                     std::string::npos,
                 byDefault.bad[0].reason.c_str());
        ScanOptions raised;
        raised.limits.maxMegapixels = 200;
        const Dataset kept = scanDataset(root, raised);
        QCOMPARE(kept.items.size(), size_t(2));
        QVERIFY(kept.bad.empty());
        QCOMPARE(kept.items[0].width, 12000);

        // The CLI's option reaches the scan.
        QProcess p;
        p.start(QStringLiteral(CLI_PATH),
                {QStringLiteral("--max-megapixels"), QStringLiteral("200"), QStringLiteral("scan"),
                 QString::fromStdString(root.string()), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const auto doc = nlohmann::json::parse(p.readAllStandardOutput().toStdString());
        QCOMPARE(doc["items"].get<int>(), 2);
        QVERIFY(doc["bad"].empty());
    }

    // Masks are read within the pixel limit too (they were decoded whatever their size).
    void masksWithinThePixelLimit() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.filePath(QStringLiteral("set")).toStdString();
        std::filesystem::create_directories(root / "images");
        std::filesystem::create_directories(root / "masks");
        cv::imwrite((root / "images" / "a.png").string(), cv::Mat(4, 4, CV_8UC3, cv::Scalar(9)));
        writePngHeader((root / "masks" / "a.png").string(), 12000, 12000);
        const Dataset ds = scanDataset(root);
        QCOMPARE(ds.items.size(), size_t(1));
        try {
            loadItem(ds, ds.items[0], ReadLimits{});
            QFAIL("a mask over the pixel limit was decoded");
        } catch (const IoError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find((root / "masks" / "a.png").string()) != std::string::npos &&
                         what.find("exceeds the pixel limit") != std::string::npos,
                     what.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_reliability_limits.moc"

// Resource limits (spec/reliability.md): an image over the pixel limit, audio over the length
// limit and a series table over the size limit are refused with the limit named; each limit
// is a CLI option, and inputs within the limits pass.
#include "core/io/audio/audiofile.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

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
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_reliability_limits.moc"

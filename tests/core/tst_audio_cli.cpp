// augstudio-cli apply on audio files end to end: the format, rate and channels of the input
// are kept, the pipeline's values are printed, and a bad folder is refused before any work.
#include "core/io/audio/audiofile.h"
#include "tst_audio_util.h"

#include <sndfile.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace augstudio::core;
using namespace audiotest;

class TestAudioCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString path(const char* name) const { return dir_.filePath(QString::fromUtf8(name)); }

    // Runs the CLI; returns exit code, stdout and stderr.
    std::tuple<int, QString, QString> cli(const QStringList& args) {
        QProcess p;
        p.start(QStringLiteral(CLI_PATH), args);
        if (!p.waitForFinished(120000))
            return {-1, {}, {}};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
    void writePipeline(const char* name, const std::string& steps) {
        std::ofstream(path(name).toStdString())
            << R"({"version": 1, "modality": "audio", "seed": 4, "steps": )" << steps << "}";
    }

private slots:
    void initTestCase() { QVERIFY2(QFileInfo::exists(QStringLiteral(CLI_PATH)), CLI_PATH); }

    void applyKeepsFormat_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("rate");
        QTest::newRow("wav 24-bit stereo 44.1k")
            << "in.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_24) << 2 << 44100;
        QTest::newRow("wav float mono 16k")
            << "in.wav" << (SF_FORMAT_WAV | SF_FORMAT_FLOAT) << 1 << 16000;
        QTest::newRow("flac 16-bit 6 ch 48k")
            << "in.flac" << (SF_FORMAT_FLAC | SF_FORMAT_PCM_16) << 6 << 48000;
    }
    void applyKeepsFormat() {
        QFETCH(QString, name);
        QFETCH(int, format);
        QFETCH(int, channels);
        QFETCH(int, rate);
        const AudioSample in = toneSample(440, rate, rate, channels, 0.3);
        const QString input = path(qPrintable(name));
        writeAudioFile(input.toStdString(), in, format);
        writePipeline("p.json",
                      R"([{"transform": "audio.pitch_shift", "p": 1, "params": {"semitones": 2}},
            {"transform": "audio.low_pass", "p": 1}, {"transform": "audio.gaussian_snr", "p": 1}])");
        const QString output = path(qPrintable(QStringLiteral("out_") + name));
        const auto [code, out, err] = cli(
            {QStringLiteral("apply"), QStringLiteral("--pipeline"), path("p.json"), input, output});
        QVERIFY2(code == 0, qPrintable(err));
        QVERIFY2(out.contains(QStringLiteral("semitones=2")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("snr_db=")), qPrintable(out));
        const AudioFile result = readAudioFile(output.toStdString());
        QCOMPARE(result.format, format);
        QCOMPARE(result.sample.sampleRate, rate);
        QCOMPARE(int(result.sample.channels.size()), channels);
        QCOMPARE(result.sample.frames(), in.frames());
        // Pitch moved up two semitones (the noise is at least 5 dB down).
        const std::vector<float> mid(result.sample.channels[0].begin() + rate / 4,
                                     result.sample.channels[0].end() - rate / 4);
        const double f = peakFrequency(mid, rate);
        QVERIFY2(std::abs(f - 440 * std::pow(2.0, 2.0 / 12)) < 10, qPrintable(QString::number(f)));
    }

    void resampleChangesTheWrittenRate() {
        writeAudioFile(path("r.wav").toStdString(), toneSample(1000, 44100, 44100, 1), 0);
        writePipeline("r.json", R"([{"transform": "audio.resample", "p": 1,
            "params": {"target_rate": 16000, "keep_rate": false}}])");
        const auto [code, out, err] = cli({QStringLiteral("apply"), QStringLiteral("--pipeline"),
                                           path("r.json"), path("r.wav"), path("r16.wav")});
        QVERIFY2(code == 0, qPrintable(err));
        const AudioInfo info = probeAudioFile(path("r16.wav").toStdString());
        QCOMPARE(info.sampleRate, 16000);
        QCOMPARE(info.frames, int64_t(16000));
    }

    void missingNoiseFolderRefused() {
        writeAudioFile(path("n.wav").toStdString(), toneSample(440, 16000, 1600), 0);
        const QString folder = path("no_such_noise");
        writePipeline("bad.json",
                      R"([{"transform": "audio.background_noise", "params": {"folder": ")" +
                          folder.toStdString() + R"("}}])");
        const auto [code, out, err] = cli({QStringLiteral("apply"), QStringLiteral("--pipeline"),
                                           path("bad.json"), path("n.wav"), path("never.wav")});
        QVERIFY(code != 0);
        QVERIFY2(err.contains(QStringLiteral("steps[0].params")) && err.contains(folder),
                 qPrintable(err));
        QVERIFY(!QFileInfo::exists(path("never.wav")));
    }

    void brokenInputNamed() {
        std::ofstream(path("junk.wav").toStdString()) << "definitely not RIFF data";
        writePipeline("g.json", R"([{"transform": "audio.gain"}])");
        const auto [code, out, err] = cli({QStringLiteral("apply"), QStringLiteral("--pipeline"),
                                           path("g.json"), path("junk.wav"), path("o.wav")});
        QVERIFY(code != 0);
        QVERIFY2(err.contains(path("junk.wav")) &&
                     err.contains(QStringLiteral("cannot read audio")),
                 qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestAudioCli)
#include "tst_audio_cli.moc"

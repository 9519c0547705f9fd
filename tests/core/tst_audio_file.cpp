// Audio file I/O through libsndfile: round trips per format, format kept, odd shapes, errors.
#include "core/io/audio/audiofile.h"
#include "core/util/error.h"
#include "tst_audio_util.h"

#include <sndfile.h>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace augstudio::core;
using namespace audiotest;

namespace {

std::string pathIn(const QTemporaryDir& dir, const char* name) {
    return dir.filePath(QString::fromUtf8(name)).toStdString();
}

double maxError(const AudioSample& a, const AudioSample& b) {
    double e = 0;
    for (size_t c = 0; c < a.channels.size(); ++c)
        for (size_t i = 0; i < a.channels[c].size(); ++i)
            e = std::max(e, double(std::abs(a.channels[c][i] - b.channels[c][i])));
    return e;
}

} // namespace

class TestAudioFile : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("tolerance"); // max abs error; negative: lossy, compare RMS
        QTest::newRow("wav u8") << "a.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_U8) << 1 << 8000
                                << 1.0 / 64;
        QTest::newRow("wav 16") << "a.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_16) << 2 << 44100
                                << 1.0 / 16000;
        QTest::newRow("wav 24") << "a.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_24) << 1 << 48000
                                << 1e-6;
        QTest::newRow("wav 32") << "a.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_32) << 3 << 16000
                                << 1e-7;
        QTest::newRow("wav float")
            << "a.wav" << (SF_FORMAT_WAV | SF_FORMAT_FLOAT) << 2 << 22050 << 0.0;
        QTest::newRow("wav double")
            << "a.wav" << (SF_FORMAT_WAV | SF_FORMAT_DOUBLE) << 1 << 96000 << 0.0;
        QTest::newRow("wav 8 ch 192k")
            << "a.wav" << (SF_FORMAT_WAV | SF_FORMAT_PCM_16) << 8 << 192000 << 1.0 / 16000;
        QTest::newRow("flac 16") << "a.flac" << (SF_FORMAT_FLAC | SF_FORMAT_PCM_16) << 2 << 44100
                                 << 1.0 / 16000;
        QTest::newRow("flac 24") << "a.flac" << (SF_FORMAT_FLAC | SF_FORMAT_PCM_24) << 1 << 16000
                                 << 1e-6;
        QTest::newRow("ogg vorbis")
            << "a.ogg" << (SF_FORMAT_OGG | SF_FORMAT_VORBIS) << 2 << 44100 << -1.0;
        QTest::newRow("aiff 16") << "a.aiff" << (SF_FORMAT_AIFF | SF_FORMAT_PCM_16) << 1 << 32000
                                 << 1.0 / 16000;
    }
    void roundTrip() {
        QFETCH(QString, name);
        QFETCH(int, format);
        QFETCH(int, channels);
        QFETCH(int, rate);
        QFETCH(double, tolerance);
        QTemporaryDir dir;
        const std::string file = pathIn(dir, name.toUtf8().constData());
        const AudioSample in = toneSample(440, rate, rate / 2, channels, 0.6);
        writeAudioFile(file, in, format);

        const AudioInfo probe = probeAudioFile(file);
        QCOMPARE(probe.channels, channels);
        QCOMPARE(probe.sampleRate, rate);
        QCOMPARE(probe.format, format);

        const AudioFile out = readAudioFile(file);
        QCOMPARE(out.format, format);
        QCOMPARE(out.sample.sampleRate, rate);
        QCOMPARE(int(out.sample.channels.size()), channels);
        if (tolerance >= 0) {
            QCOMPARE(out.sample.frames(), in.frames());
            QVERIFY2(maxError(in, out.sample) <= tolerance,
                     qPrintable(QString::number(maxError(in, out.sample))));
        } else {
            // Lossy: about the same length, the tone's frequency and level survive.
            QVERIFY(std::abs(out.sample.frames() - in.frames()) < rate / 10);
            QVERIFY(std::abs(peakFrequency(out.sample.channels[0], rate) - 440) < 2);
            const double r = rms(out.sample.channels[0]) / rms(in.channels[0]);
            QVERIFY2(r > 0.9 && r < 1.1, qPrintable(QString::number(r)));
        }

        // Written back with the format read: same format again.
        const std::string again = pathIn(dir, "copy_") + name.toStdString();
        writeAudioFile(again, out.sample, out.format);
        QCOMPARE(probeAudioFile(again).format, format);
    }

    void mp3WhereSupported() {
        QTemporaryDir dir;
        const std::string file = pathIn(dir, "a.mp3");
        const AudioSample in = toneSample(440, 44100, 44100, 1, 0.5);
        try {
            writeAudioFile(file, in, 0);
        } catch (const IoError& e) {
            QFAIL(qPrintable(QStringLiteral("this libsndfile does not encode MP3: ") +
                             QString::fromStdString(e.what())));
        }
        const AudioFile out = readAudioFile(file);
        QCOMPARE(out.format & SF_FORMAT_TYPEMASK, SF_FORMAT_MPEG);
        QCOMPARE(out.sample.sampleRate, 44100);
        QVERIFY(std::abs(peakFrequency(out.sample.channels[0], 44100) - 440) < 2);
    }

    void defaultFormatFromExtension() {
        QTemporaryDir dir;
        const AudioSample in = toneSample(440, 16000, 100);
        writeAudioFile(pathIn(dir, "x.wav"), in);
        QCOMPARE(probeAudioFile(pathIn(dir, "x.wav")).format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
        writeAudioFile(pathIn(dir, "x.flac"), in);
        QCOMPARE(probeAudioFile(pathIn(dir, "x.flac")).format, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        // A WAV's 24-bit subtype carries over to FLAC; float cannot, so FLAC's default wins.
        writeAudioFile(pathIn(dir, "y.flac"), in, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
        QCOMPARE(probeAudioFile(pathIn(dir, "y.flac")).format, SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
        writeAudioFile(pathIn(dir, "z.flac"), in, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
        QCOMPARE(probeAudioFile(pathIn(dir, "z.flac")).format, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    }

    // A clip with no frames is reported by the probe (the scan) and the reader (export):
    // exporting it would write an empty clip.
    void zeroFrames() {
        QTemporaryDir dir;
        const std::string file = pathIn(dir, "empty.wav");
        AudioSample empty;
        empty.sampleRate = 16000;
        empty.channels.assign(2, {});
        writeAudioFile(file, empty, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
        for (int reader = 0; reader < 2; ++reader) {
            try {
                if (reader == 0)
                    probeAudioFile(file);
                else
                    readAudioFile(file);
                QFAIL("a clip with no frames was accepted");
            } catch (const IoError& e) {
                QCOMPARE(std::string(e.what()), file + ": no audio frames");
            }
        }
    }

    // libsndfile shortens `frames` to the bytes present; the reader compares the header's
    // declared data size with the file and reports the cut instead of a shorter clip.
    void truncatedReported_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("bytesPerFrame");
        QTest::newRow("wav 16-bit mono")
            << QStringLiteral("a.wav") << int(SF_FORMAT_WAV | SF_FORMAT_PCM_16) << 1 << 2;
        QTest::newRow("wav float stereo")
            << QStringLiteral("b.wav") << int(SF_FORMAT_WAV | SF_FORMAT_FLOAT) << 2 << 8;
        QTest::newRow("aiff 16-bit stereo")
            << QStringLiteral("c.aiff") << int(SF_FORMAT_AIFF | SF_FORMAT_PCM_16) << 2 << 4;
        QTest::newRow("aiff 24-bit mono")
            << QStringLiteral("d.aif") << int(SF_FORMAT_AIFF | SF_FORMAT_PCM_24) << 1 << 3;
    }
    void truncatedReported() {
        QFETCH(QString, name);
        QFETCH(int, format);
        QFETCH(int, channels);
        QFETCH(int, bytesPerFrame);
        QTemporaryDir dir;
        const std::string file = pathIn(dir, name.toStdString().c_str());
        AudioSample s;
        s.sampleRate = 8000;
        s.channels.assign(size_t(channels), std::vector<float>(1000, 0.25f));
        writeAudioFile(file, s, format);
        QCOMPARE(readAudioFile(file).sample.frames(), int64_t(1000)); // intact: read whole
        const auto size = std::filesystem::file_size(file);
        std::filesystem::resize_file(file, size - uintmax_t(300 * bytesPerFrame));
        const std::string expected =
            file + ": truncated: header declares 1000 frames, file holds 700";
        for (int reader = 0; reader < 2; ++reader) {
            try {
                if (reader == 0)
                    probeAudioFile(file);
                else
                    readAudioFile(file);
                QFAIL("a truncated file was accepted");
            } catch (const IoError& e) {
                QCOMPARE(std::string(e.what()), expected);
            }
        }
    }

    void clipsInsteadOfWrapping() {
        QTemporaryDir dir;
        const std::string file = pathIn(dir, "loud.wav");
        AudioSample s;
        s.sampleRate = 8000;
        s.channels = {{1.5f, -1.5f, 0.25f, std::nanf("")}};
        writeAudioFile(file, s, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
        const AudioFile a = readAudioFile(file);
        QVERIFY(a.sample.channels[0][0] > 0.999f);
        QVERIFY(a.sample.channels[0][1] < -0.999f);
        QCOMPARE(a.sample.channels[0][2], 0.25f);
        QCOMPARE(a.sample.channels[0][3], 0.0f); // NaN written as silence
    }

    void errorsNameTheFile_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QByteArray noise;
        for (int i = 0; i < 4096; ++i)
            noise.append(char((i * 7919 + 13) % 251));
        QTest::newRow("random bytes") << "noise.wav" << noise << "cannot read audio";
        QTest::newRow("truncated header")
            << "short.wav" << QByteArray("RIFF\x10\0\0\0WAVE", 12) << "cannot read audio";
        QTest::newRow("empty file") << "zero.wav" << QByteArray() << "cannot read audio";
        QTest::newRow("missing") << "missing.wav" << QByteArray("-") << "no such file";
    }
    void errorsNameTheFile() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string file = pathIn(dir, name.toUtf8().constData());
        if (bytes != "-") {
            std::ofstream(file, std::ios::binary).write(bytes.constData(), bytes.size());
        }
        for (int probe = 0; probe < 2; ++probe) {
            try {
                if (probe)
                    probeAudioFile(file);
                else
                    readAudioFile(file);
                QFAIL("accepted a broken file");
            } catch (const IoError& e) {
                QCOMPARE(QString::fromStdString(e.where()), QString::fromStdString(file));
                QVERIFY2(QString::fromStdString(e.reason()).startsWith(reason), e.what());
            }
        }
    }

    void writeErrors() {
        QTemporaryDir dir;
        AudioSample s = toneSample(440, 16000, 10);
        try {
            writeAudioFile(pathIn(dir, "a.xyz"), s);
            QFAIL("wrote an unknown extension");
        } catch (const IoError& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("a.xyz")));
        }
        try {
            writeAudioFile(dir.filePath(QStringLiteral("no/such/dir/a.wav")).toStdString(), s);
            QFAIL("wrote into a missing folder");
        } catch (const IoError& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("no/such/dir/a.wav")));
        }
    }

    void extensions() {
        QVERIFY(isAudioExtension("a.WAV"));
        QVERIFY(isAudioExtension("dir/a.flac"));
        QVERIFY(isAudioExtension("a.ogg"));
        QVERIFY(isAudioExtension("a.mp3"));
        QVERIFY(!isAudioExtension("a.png"));
        QVERIFY(!isAudioExtension("wav"));
    }
};

QTEST_GUILESS_MAIN(TestAudioFile)
#include "tst_audio_file.moc"

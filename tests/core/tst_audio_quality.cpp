// What the audio transforms do to sound: pitch, tempo, SNR, filter slopes, gain, reversal,
// band-limited resampling, convolution, and folder parameters refused at load.
#include "core/io/audio/audiofile.h"
#include "core/io/audio/folderclipsource.h"
#include "core/pipeline/pipeline.h"
#include "core/transforms/audio/audiocatalog.h"
#include "core/transforms/audio/dsp.h"
#include "core/transforms/audio/filters.h"
#include "core/util/error.h"
#include "tst_audio_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

namespace {
// Clips read from folders, as the applications load pipelines.
augstudio::core::LoadContext clipLoad() {
    return {std::make_shared<augstudio::core::FolderClipSource>(), nullptr};
}
} // namespace

using namespace augstudio::core;
using namespace audiotest;
using json = nlohmann::json;

class TestAudioQuality : public QObject {
    Q_OBJECT
    Registry registry_;

    std::unique_ptr<Transform> make(const std::string& id, const json& params = json::object()) {
        const TransformInfo* info = registry_.find(id);
        if (!info)
            throw std::runtime_error("no transform " + id);
        return info->create(validateParams(info->params, params, "params"), clipLoad());
    }
    static AudioSample run(const Transform& t, AudioSample s, const Values& v) {
        Sample sample = std::move(s);
        t.apply(sample, v);
        return std::get<AudioSample>(sample);
    }

private slots:
    void initTestCase() { registerAudioTransforms(registry_); }

    void pitchShiftOctaveUp_data() {
        QTest::addColumn<QString>("engine");
        QTest::addColumn<double>("semitones");
        QTest::addColumn<double>("expected");
        QTest::newRow("finer +12") << "finer" << 12.0 << 880.0;
        QTest::newRow("fast +12") << "fast" << 12.0 << 880.0;
        QTest::newRow("finer -12") << "finer" << -12.0 << 220.0;
        QTest::newRow("finer +7") << "finer" << 7.0 << 440.0 * std::pow(2.0, 7.0 / 12);
    }
    void pitchShiftOctaveUp() {
        QFETCH(QString, engine);
        QFETCH(double, semitones);
        QFETCH(double, expected);
        const auto t = make("audio.pitch_shift", {{"engine", engine.toStdString()}});
        const AudioSample in = toneSample(440, 16000, 32000);
        const AudioSample out = run(*t, in, {{"semitones", semitones}});
        QCOMPARE(out.frames(), in.frames());
        // Skip the edges, where the stretcher ramps in and out.
        const std::vector<float> mid(out.channels[0].begin() + 4000, out.channels[0].end() - 4000);
        const double f = peakFrequency(mid, 16000);
        QVERIFY2(std::abs(f - expected) <= 0.02 * expected, qPrintable(QString::number(f)));
        QVERIFY(rms(mid) > 0.5 * rms(in.channels[0])); // the tone is still there
    }

    void timeStretchRateTwoHalvesLength() {
        for (const char* engine : {"finer", "fast"}) {
            const auto t = make("audio.time_stretch", {{"keep_length", false}, {"engine", engine}});
            const AudioSample in = toneSample(440, 16000, 48000, 2);
            const AudioSample out = run(*t, in, {{"rate", 2.0}});
            QVERIFY(std::abs(double(out.frames()) - 24000) <= 0.01 * 24000);
            QCOMPARE(out.channels.size(), size_t(2));
            // Tempo changes, pitch does not.
            const std::vector<float> mid(out.channels[0].begin() + 3000,
                                         out.channels[0].end() - 3000);
            QVERIFY(std::abs(peakFrequency(mid, 16000) - 440) < 0.02 * 440);
        }
        // keep_length: back to the input length.
        const auto keep = make("audio.time_stretch");
        QCOMPARE(run(*keep, toneSample(440, 16000, 16000), {{"rate", 0.8}}).frames(),
                 int64_t(16000));
    }

    void gaussianSnrIsMeasured() {
        const auto t = make("audio.gaussian_snr");
        AudioSample in = toneSample(440, 16000, 16000, 2);
        for (uint64_t seed = 1; seed <= 20; ++seed) {
            Rng rng(seed);
            Sample s = in;
            const Values v = t->draw(rng, SampleInfo::of(s));
            t->apply(s, v);
            const auto& out = std::get<AudioSample>(s);
            double signal = 0, noise = 0;
            for (size_t c = 0; c < 2; ++c)
                for (size_t i = 0; i < 16000; ++i) {
                    signal += double(in.channels[c][i]) * in.channels[c][i];
                    const double d = double(out.channels[c][i]) - in.channels[c][i];
                    noise += d * d;
                }
            const double measured = 10 * std::log10(signal / noise);
            const double drawn = v["snr_db"].get<double>();
            QVERIFY(drawn >= 5 && drawn <= 40);
            QVERIFY2(std::abs(measured - drawn) < 0.5,
                     qPrintable(QStringLiteral("%1 vs %2").arg(measured).arg(drawn)));
        }
    }

    void coloredNoiseSlope_data() {
        QTest::addColumn<double>("decay");
        QTest::newRow("white") << 0.0;
        QTest::newRow("pink") << -3.01;
        QTest::newRow("brown") << -6.02;
        QTest::newRow("blue") << 3.01;
    }
    void coloredNoiseSlope() {
        QFETCH(double, decay);
        // Power in the octave 1-2 kHz vs 2-4 kHz: per-Hz density changes by `decay` dB per
        // octave, and the upper octave is twice as wide (+3.01 dB).
        const auto noise = dsp::coloredNoise(7, 1, 1 << 16, decay);
        const auto mag = spectrum(noise[0]);
        auto band = [&](double lo, double hi) {
            double p = 0;
            for (size_t k = size_t(lo * noise[0].size() / 16000);
                 k < size_t(hi * noise[0].size() / 16000); ++k)
                p += mag[k] * mag[k];
            return p;
        };
        const double slope = 10 * std::log10(band(2000, 4000) / band(1000, 2000)) - 3.01;
        QVERIFY2(std::abs(slope - decay) < 0.5, qPrintable(QString::number(slope)));
        QVERIFY(std::abs(rms(noise[0]) - 1) < 1e-3);
    }

    void filtersAttenuateAsDesigned_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("rolloff");
        QTest::addColumn<double>("stopTone");
        QTest::addColumn<double>("passTone");
        QTest::addColumn<double>("designDb"); // nominal attenuation an octave past the cutoff
        QTest::newRow("low pass 12") << "audio.low_pass" << 12 << 2000.0 << 250.0 << 12.3;
        QTest::newRow("low pass 24") << "audio.low_pass" << 24 << 2000.0 << 250.0 << 24.1;
        QTest::newRow("high pass 12") << "audio.high_pass" << 12 << 500.0 << 4000.0 << 12.3;
        QTest::newRow("high pass 24") << "audio.high_pass" << 24 << 500.0 << 4000.0 << 24.1;
    }
    void filtersAttenuateAsDesigned() {
        QFETCH(QString, id);
        QFETCH(int, rolloff);
        QFETCH(double, stopTone);
        QFETCH(double, passTone);
        QFETCH(double, designDb);
        const int rate = 16000;
        const auto t = make(id.toStdString());
        const Values v = {{"cutoff_hz", 1000.0}, {"rolloff", rolloff}};
        auto gainDb = [&](double f) {
            const AudioSample in = toneSample(f, rate, rate);
            const AudioSample out = run(*t, in, v);
            return 20 * std::log10(rms(out.channels[0], 4000) / rms(in.channels[0], 4000));
        };
        const double stop = gainDb(stopTone), pass = gainDb(passTone);
        // Measured as the cascade's response says, and close to the Butterworth design.
        const auto* filter = dynamic_cast<const Filter*>(t.get());
        QVERIFY(filter);
        const double response = dsp::responseDb(filter->design(v, rate), rate, stopTone);
        QVERIFY2(std::abs(stop - response) < 0.2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(stop).arg(response)));
        QVERIFY2(std::abs(-stop - designDb) < 2.0, qPrintable(QString::number(stop)));
        QVERIFY2(std::abs(pass) < 0.3, qPrintable(QString::number(pass)));
    }

    void bandFiltersAndEq() {
        const int rate = 16000;
        auto gainDb = [&](const Transform& t, const Values& v, double f) {
            const AudioSample in = toneSample(f, rate, rate);
            return 20 *
                   std::log10(rms(run(t, in, v).channels[0], 4000) / rms(in.channels[0], 4000));
        };
        const auto bp = make("audio.band_pass");
        const Values bpv = {{"center_hz", 1000.0}, {"bandwidth_fraction", 0.5}, {"rolloff", 24}};
        QVERIFY(std::abs(gainDb(*bp, bpv, 1000)) < 1.5); // both skirts lose ~0.5 dB at the centre
        QVERIFY(gainDb(*bp, bpv, 250) < -20);
        QVERIFY(gainDb(*bp, bpv, 4000) < -20);
        const auto bs = make("audio.band_stop");
        const Values bsv = {{"center_hz", 1000.0}, {"bandwidth_fraction", 0.5}, {"rolloff", 12}};
        QVERIFY(gainDb(*bs, bsv, 1000) < -30);
        QVERIFY(std::abs(gainDb(*bs, bsv, 4000)) < 1.0);
        const auto eq = make("audio.peaking_eq");
        QVERIFY(std::abs(gainDb(*eq, {{"center_hz", 1000.0}, {"gain_db", 9.0}, {"q", 1.0}}, 1000) -
                         9) < 0.2);
        const auto ls = make("audio.low_shelf");
        QVERIFY(
            std::abs(gainDb(*ls, {{"center_hz", 1000.0}, {"gain_db", -12.0}, {"q", 0.707}}, 60) +
                     12) < 0.3);
        const auto hs = make("audio.high_shelf");
        QVERIFY(
            std::abs(gainDb(*hs, {{"center_hz", 1000.0}, {"gain_db", 6.0}, {"q", 0.707}}, 7000) -
                     6) < 0.3);
    }

    void gainSixDbDoubles() {
        const auto t = make("audio.gain");
        const AudioSample in = toneSample(440, 16000, 1000);
        const AudioSample out = run(*t, in, {{"gain_db", 6.0}});
        for (size_t i = 0; i < 1000; ++i)
            QVERIFY(std::abs(out.channels[0][i] - 1.99526f * in.channels[0][i]) < 1e-5);
        QVERIFY(std::abs(rms(out.channels[0]) / rms(in.channels[0]) - 2) <
                0.005); // 10^(6/20) = 1.995
    }

    void reverseTwiceIsIdentity() {
        const auto t = make("audio.reverse");
        const AudioSample in = toneSample(440, 16000, 999, 3);
        const AudioSample once = run(*t, in, Values::object());
        QCOMPARE(once.channels[1].front(), in.channels[1].back());
        QVERIFY(run(*t, once, Values::object()).channels == in.channels);
        const auto p = make("audio.polarity_inversion");
        QCOMPARE(run(*p, in, Values::object()).channels[0][5], -in.channels[0][5]);
    }

    void resampleIsBandLimited() {
        // 1 kHz + 6 kHz at 16 kHz down to 8 kHz: the 6 kHz part is above the new Nyquist
        // and must go, not fold back to 2 kHz as linear interpolation would leave it.
        AudioSample in = toneSample(1000, 16000, 16000, 1, 0.4);
        const auto high = tone(6000, 16000, 16000, 0.4);
        for (size_t i = 0; i < 16000; ++i)
            in.channels[0][i] += high[i];
        const auto to8k = make("audio.resample", {{"keep_rate", false}});
        const AudioSample out = run(*to8k, in, {{"target_rate", 8000}});
        QCOMPARE(out.sampleRate, 8000);
        QCOMPARE(out.frames(), int64_t(8000));
        QVERIFY(std::abs(peakFrequency(out.channels[0], 8000) - 1000) < 2);
        const double kept = magnitudeAt(out.channels[0], 8000, 1000);
        const double alias = magnitudeAt(out.channels[0], 8000, 2000);
        QVERIFY2(20 * std::log10(alias / kept) < -60,
                 qPrintable(QString::number(20 * std::log10(alias / kept))));
        // The 1 kHz tone keeps its level (passband flat).
        QVERIFY(std::abs(rms(out.channels[0], 200, 7800) / (0.4 / std::sqrt(2.0)) - 1) < 0.01);

        // And back (keep_rate): same length and rate, the 6 kHz part removed.
        const auto roundTrip = make("audio.resample");
        const AudioSample back = run(*roundTrip, in, {{"target_rate", 8000}});
        QCOMPARE(back.sampleRate, 16000);
        QCOMPARE(back.frames(), in.frames());
        QVERIFY(20 * std::log10(magnitudeAt(back.channels[0], 16000, 6000) /
                                magnitudeAt(back.channels[0], 16000, 1000)) <
                -60);
        // A rate ratio without a small table (44.1k -> 37.15k) still resamples correctly.
        const AudioSample odd =
            run(*to8k, toneSample(3000, 44100, 44100), {{"target_rate", 37150}});
        QCOMPARE(odd.frames(), int64_t(37150));
        QVERIFY(std::abs(peakFrequency(odd.channels[0], 37150) - 3000) < 3);
    }

    void fftConvolutionMatchesDirect() {
        Rng rng(3);
        std::vector<float> x(20000), h(3000);
        for (float& v : x)
            v = float(rng.normal());
        for (float& v : h)
            v = float(rng.normal() * 0.05);
        const auto y = dsp::convolve(x, h);
        QCOMPARE(y.size(), x.size() + h.size() - 1);
        for (size_t k : {size_t(0), size_t(1234), size_t(19999), size_t(22998)}) {
            double direct = 0;
            for (size_t j = 0; j < h.size(); ++j)
                if (k >= j && k - j < x.size())
                    direct += double(h[j]) * x[k - j];
            QVERIFY2(std::abs(direct - y[k]) < 1e-3, qPrintable(QString::number(direct - y[k])));
        }
    }

    void impulseResponseDeltaIsIdentity() {
        QTemporaryDir dir;
        AudioSample delta;
        delta.sampleRate = 16000;
        delta.channels = {std::vector<float>(100, 0.0f)};
        delta.channels[0][10] = 0.5f; // a delay of 10 frames; unit energy after scaling
        writeAudioFile(dir.filePath(QStringLiteral("d.wav")).toStdString(), delta,
                       0x010000 | 0x0006); // WAV float
        const auto t = make("audio.impulse_response", {{"folder", dir.path().toStdString()}});
        const AudioSample in = toneSample(440, 16000, 2000, 2);
        Rng rng(1);
        const Values v = t->draw(rng, SampleInfo::of(Sample(in)));
        QCOMPARE(v["ir"].get<std::string>(), std::string("d.wav"));
        const AudioSample out = run(*t, in, v);
        QCOMPARE(out.frames(), in.frames());
        for (size_t i = 10; i < 2000; ++i)
            QVERIFY(std::abs(out.channels[1][i] - in.channels[1][i - 10]) < 1e-5);
    }

    void backgroundNoiseMixesAtSnr() {
        QTemporaryDir dir;
        writeAudioFile(dir.filePath(QStringLiteral("n.wav")).toStdString(),
                       toneSample(3000, 8000, 3000, 1, 0.2), 0);
        const auto t = make("audio.background_noise", {{"folder", dir.path().toStdString()}});
        const AudioSample in = toneSample(440, 16000, 16000);
        const AudioSample out = run(*t, in, {{"clip", "n.wav"}, {"snr_db", 10.0}, {"offset", 0.5}});
        std::vector<float> diff(16000);
        for (size_t i = 0; i < 16000; ++i)
            diff[i] = out.channels[0][i] - in.channels[0][i];
        // The clip was resampled to 16 kHz and looped to the full length.
        QVERIFY(std::abs(peakFrequency(diff, 16000) - 3000) < 3);
        QVERIFY(rms(diff, 15000) > 0);
        const double snr = 20 * std::log10(rms(in.channels[0]) / rms(diff));
        QVERIFY2(std::abs(snr - 10) < 0.2, qPrintable(QString::number(snr)));
    }

    void folderParamsRefusedAtLoad_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("exists");
        QTest::newRow("noise, missing") << "audio.background_noise" << false;
        QTest::newRow("noise, no audio") << "audio.background_noise" << true;
        QTest::newRow("ir, missing") << "audio.impulse_response" << false;
        QTest::newRow("ir, no audio") << "audio.impulse_response" << true;
    }
    void folderParamsRefusedAtLoad() {
        QFETCH(QString, id);
        QFETCH(bool, exists);
        QTemporaryDir dir;
        const std::string folder = dir.filePath(QStringLiteral("clips")).toStdString();
        if (exists) {
            std::filesystem::create_directories(folder);
            std::ofstream(folder + "/broken.wav") << "not a wave file";
        }
        const json doc = {{"version", 1},
                          {"modality", "audio"},
                          {"steps",
                           {{{"transform", "audio.gain"}},
                            {{"transform", id.toStdString()}, {"params", {{"folder", folder}}}}}}};
        try {
            Pipeline::fromJson(doc, registry_);
            QFAIL("loaded a pipeline whose folder holds no clip");
        } catch (const PipelineError& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.startsWith(QStringLiteral("steps[1].params")), qPrintable(what));
            QVERIFY2(what.contains(QString::fromStdString(folder)), qPrintable(what));
        }
    }

    void shiftPadTrimRepeat() {
        AudioSample in;
        in.sampleRate = 1000;
        in.channels = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}};
        const auto shift = make("audio.shift", {{"fade_ms", 0}});
        QCOMPARE(run(*shift, in, {{"fraction", 0.2}}).channels[0],
                 (std::vector<float>{9, 10, 1, 2, 3, 4, 5, 6, 7, 8}));
        const auto zero = make("audio.shift", {{"fade_ms", 0}, {"rollover", false}});
        QCOMPARE(run(*zero, in, {{"fraction", -0.3}}).channels[0],
                 (std::vector<float>{4, 5, 6, 7, 8, 9, 10, 0, 0, 0}));
        const auto reflect = make("audio.pad", {{"mode", "reflect"}});
        QCOMPARE(run(*reflect, in, {{"fraction", 0.3}}).channels[0],
                 (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 6, 5, 4}));
        const auto wrapStart = make("audio.pad", {{"mode", "wrap"}, {"section", "start"}});
        QCOMPARE(run(*wrapStart, in, {{"fraction", 0.2}}).channels[0],
                 (std::vector<float>{9, 10, 3, 4, 5, 6, 7, 8, 9, 10}));
        const auto repeat = make("audio.repeat_part", {{"crossfade_ms", 0}});
        QCOMPARE(
            run(*repeat, in, {{"repeats", 2}, {"start_frame", 2}, {"part_frames", 3}}).channels[0],
            (std::vector<float>{1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5, 6, 7, 8, 9, 10}));

        AudioSample quietEnds = toneSample(440, 16000, 16000);
        for (size_t i = 0; i < 16000; ++i)
            if (i < 4000 || i >= 12000)
                quietEnds.channels[0][i] *= 0.001f; // -60 dB
        const auto trim = make("audio.trim");
        const AudioSample trimmed = run(*trim, quietEnds, {{"top_db", 30.0}});
        // librosa's framing: a 2048-frame window touching the tone counts as sound, so up to
        // half a window (plus a hop of rounding) stays on each side.
        QVERIFY2(trimmed.frames() >= 8000 && trimmed.frames() <= 8000 + 2048 + 1024,
                 qPrintable(QString::number(trimmed.frames())));
    }

    void noiseIsReplayable() {
        const auto t = make("audio.gaussian_noise");
        const AudioSample in = toneSample(440, 16000, 500);
        Rng rng(11);
        const Values v = t->draw(rng, SampleInfo::of(Sample(in)));
        QVERIFY(v.contains("seed") && v.contains("amplitude"));
        // The values alone (as recorded in a manifest) reproduce the output.
        const Values replayed = Values::fromJson(json::parse(v.dump()));
        QVERIFY(run(*t, in, v).channels == run(*t, in, replayed).channels);
        QVERIFY(run(*t, in, v).channels != in.channels);
    }
};

QTEST_GUILESS_MAIN(TestAudioQuality)
#include "tst_audio_quality.moc"

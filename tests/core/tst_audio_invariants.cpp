// Invariants of every audio transform over shapes: finite output, channels kept, length
// unchanged unless the transform is meant to change it (then exactly as predicted), same
// seed same bytes, and 1-frame and 0-frame inputs handled.
#include "core/io/audio/audiofile.h"
#include "core/io/audio/folderclipsource.h"
#include "core/pipeline/registry.h"
#include "core/transforms/audio/audiocatalog.h"
#include "core/transforms/audio/stretch.h"
#include "core/util/error.h"
#include "tst_audio_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
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

namespace {

// Every audio id the catalog promises.
const std::vector<std::string> kSpecIds = {"audio.gaussian_noise",
                                           "audio.gaussian_snr",
                                           "audio.colored_noise",
                                           "audio.background_noise",
                                           "audio.time_stretch",
                                           "audio.pitch_shift",
                                           "audio.shift",
                                           "audio.gain",
                                           "audio.gain_transition",
                                           "audio.normalize",
                                           "audio.polarity_inversion",
                                           "audio.reverse",
                                           "audio.clipping_distortion",
                                           "audio.tanh_distortion",
                                           "audio.bit_crush",
                                           "audio.low_pass",
                                           "audio.high_pass",
                                           "audio.band_pass",
                                           "audio.band_stop",
                                           "audio.peaking_eq",
                                           "audio.low_shelf",
                                           "audio.high_shelf",
                                           "audio.time_mask",
                                           "audio.resample",
                                           "audio.trim",
                                           "audio.pad",
                                           "audio.impulse_response",
                                           "audio.repeat_part",
                                           "audio.adjust_duration",
                                           "audio.aliasing",
                                           "audio.clip",
                                           "audio.limiter",
                                           "audio.loudness_normalization",
                                           "audio.mp3_compression",
                                           "audio.air_absorption",
                                           "audio.room_simulator",
                                           "audio.seven_band_parametric_eq",
                                           "audio.speed",
                                           "audio.spectrogram_mask",
                                           "audio.add_short_noises",
                                           "audio.mix"};

// Speech-like test signal: silence, a chord with a little noise, silence.
AudioSample testSignal(int channels, int rate, int64_t frames) {
    AudioSample s;
    s.sampleRate = rate;
    Rng rng(99);
    const int64_t silence = frames >= 10000 ? 2000 : frames / 10;
    for (int c = 0; c < channels; ++c) {
        std::vector<float> v(static_cast<size_t>(frames), 0.0f);
        for (int64_t i = silence; i < frames - silence; ++i) {
            const double t = double(i) / rate;
            v[size_t(i)] = float(0.3 * std::sin(2 * kPi * 220 * t + c) +
                                 0.2 * std::sin(2 * kPi * 1375 * t) + 0.01 * rng.normal());
        }
        s.channels.push_back(std::move(v));
    }
    return s;
}

bool sameBytes(const AudioSample& a, const AudioSample& b) {
    if (a.channels.size() != b.channels.size() || a.sampleRate != b.sampleRate)
        return false;
    for (size_t c = 0; c < a.channels.size(); ++c)
        if (a.channels[c].size() != b.channels[c].size() ||
            (!a.channels[c].empty() && std::memcmp(a.channels[c].data(), b.channels[c].data(),
                                                   a.channels[c].size() * sizeof(float)) != 0))
            return false;
    return true;
}

} // namespace

class TestAudioInvariants : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    Registry registry_;
    std::string noiseDir_, irDir_;

    json paramsFor(const TransformInfo& info) const {
        json p = json::object();
        for (const auto& spec : info.params)
            if (spec.name == "folder")
                p["folder"] = info.id == "audio.impulse_response" ? irDir_ : noiseDir_;
        return p;
    }

private slots:
    void initTestCase() {
        registerAudioTransforms(registry_);
        noiseDir_ = dir_.filePath(QStringLiteral("noise")).toStdString();
        irDir_ = dir_.filePath(QStringLiteral("ir")).toStdString();
        std::filesystem::create_directories(noiseDir_);
        std::filesystem::create_directories(irDir_);
        // Noise clips at other rates and channel counts than the samples: resampled, mapped.
        AudioSample hum = toneSample(60, 22050, 22050 / 3, 1, 0.3);
        writeAudioFile(noiseDir_ + "/hum.wav", hum);
        AudioSample hiss;
        hiss.sampleRate = 48000;
        Rng rng(5);
        hiss.channels.assign(2, std::vector<float>(48000));
        for (auto& c : hiss.channels)
            for (float& x : c)
                x = float(0.1 * rng.normal());
        writeAudioFile(noiseDir_ + "/hiss.flac", hiss);
        std::ofstream(noiseDir_ + "/notes.txt") << "not audio";
        // A decaying noise tail, long enough for the FFT path.
        AudioSample ir;
        ir.sampleRate = 16000;
        ir.channels.assign(1, std::vector<float>(4000));
        for (size_t i = 0; i < 4000; ++i)
            ir.channels[0][i] = float(std::exp(-double(i) / 600) * rng.normal());
        ir.channels[0][0] = 1.0f;
        writeAudioFile(irDir_ + "/room.wav", ir, 0);
    }

    void catalogHasTheSpecTable() {
        QCOMPARE(registry_.list(Modality::Audio).size(), kSpecIds.size());
        for (const auto& id : kSpecIds) {
            const TransformInfo* info = registry_.find(id);
            QVERIFY2(info, id.c_str());
            QCOMPARE(info->modality, Modality::Audio);
            QVERIFY(!info->summary.empty());
            QCOMPARE(info->defaultP, id == "audio.normalize" ? 1.0 : 0.5);
            for (const auto& p : info->params)
                QVERIFY2(!p.help.empty(), (id + "." + p.name).c_str());
        }
    }

    void schemaDefaults() {
        auto def = [&](const char* id, const char* name) {
            for (const auto& p : registry_.find(id)->params)
                if (p.name == name)
                    return p.defaultValue;
            return json();
        };
        QCOMPARE(def("audio.gaussian_noise", "amplitude"), json({0.001, 0.015}));
        QCOMPARE(def("audio.gaussian_snr", "snr_db"), json({5, 40}));
        QCOMPARE(def("audio.background_noise", "snr_db"), json({3, 30}));
        QCOMPARE(def("audio.time_stretch", "rate"), json({0.8, 1.25}));
        QCOMPARE(def("audio.time_stretch", "keep_length"), json(true));
        QCOMPARE(def("audio.time_stretch", "engine"), json("finer"));
        QCOMPARE(def("audio.pitch_shift", "semitones"), json({-4, 4}));
        QCOMPARE(def("audio.shift", "fraction"), json({-0.5, 0.5}));
        QCOMPARE(def("audio.shift", "fade_ms"), json(5));
        QCOMPARE(def("audio.gain", "gain_db"), json({-12, 12}));
        QCOMPARE(def("audio.gain_transition", "duration_s"), json({0.2, 6}));
        QCOMPARE(def("audio.clipping_distortion", "percentile_threshold"), json({0, 40}));
        QCOMPARE(def("audio.tanh_distortion", "amount"), json({0.01, 0.7}));
        QCOMPARE(def("audio.bit_crush", "bits"), json({5, 10}));
        QCOMPARE(def("audio.low_pass", "rolloff"), json({12, 24}));
        QCOMPARE(def("audio.time_mask", "band_part"), json({0.01, 0.2}));
        QCOMPARE(def("audio.resample", "target_rate"), json({8000, 48000}));
        QCOMPARE(def("audio.trim", "top_db"), json(30));
        QCOMPARE(def("audio.pad", "fraction"), json({0.01, 0.7}));
        QCOMPARE(def("audio.repeat_part", "repeats"), json({1, 3}));
        QCOMPARE(def("audio.repeat_part", "part_s"), json({0.25, 1.2}));
        QCOMPARE(def("audio.air_absorption", "distance_m"), json({10, 100}));
        QCOMPARE(def("audio.aliasing", "rate"), json({8000, 30000}));
        QCOMPARE(def("audio.limiter", "threshold_db"), json({-24, -2}));
        QCOMPARE(def("audio.loudness_normalization", "target_lufs"), json({-31, -13}));
        QCOMPARE(def("audio.mp3_compression", "bitrate"), json({8, 64}));
        QCOMPARE(def("audio.seven_band_parametric_eq", "gain_db"), json({-12, 12}));
        QCOMPARE(def("audio.speed", "factor"), json({0.9, 1.1}));
    }

    void invariants_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("frames");
        for (const auto& id : kSpecIds)
            for (int channels : {1, 2})
                for (int rate : {16000, 44100})
                    for (int frames : {rate / 4, 1, 0}) {
                        const QString name = QStringLiteral("%1 %2ch %3Hz %4f")
                                                 .arg(QString::fromStdString(id))
                                                 .arg(channels)
                                                 .arg(rate)
                                                 .arg(frames);
                        QTest::newRow(qPrintable(name))
                            << QString::fromStdString(id) << channels << rate << frames;
                    }
    }
    void invariants() {
        QFETCH(QString, id);
        QFETCH(int, channels);
        QFETCH(int, rate);
        QFETCH(int, frames);
        const TransformInfo* info = registry_.find(id.toStdString());
        QVERIFY(info);
        const ParamSet params = validateParams(info->params, paramsFor(*info), "params");
        const auto transform = info->create(params, clipLoad());

        for (uint64_t seed : {1u, 2u, 3u}) {
            const Sample input = testSignal(channels, rate, frames);
            Rng rng(seed);
            const Values values = transform->draw(rng, SampleInfo::of(input));
            QVERIFY(Values::fromJson(nlohmann::json::parse(values.dump())) == values); // recordable
            Sample a = cloneSample(input), b = cloneSample(input);
            transform->apply(a, values);
            Rng again(seed);
            transform->apply(b, transform->draw(again, SampleInfo::of(input)));
            const auto& out = std::get<AudioSample>(a);
            QVERIFY2(sameBytes(out, std::get<AudioSample>(b)), "same seed, different output");

            QCOMPARE(int(out.channels.size()), channels);
            for (const auto& c : out.channels) {
                QCOMPARE(int64_t(c.size()), out.frames());
                for (float x : c)
                    QVERIFY2(std::isfinite(x), qPrintable(QString::fromStdString(values.dump())));
            }
            int64_t expected = frames;
            int expectedRate = rate;
            if (id == QStringLiteral("audio.repeat_part"))
                expected =
                    frames + values["repeats"].get<int64_t>() *
                                 std::min<int64_t>(frames, values["part_frames"].get<int64_t>());
            if (id == QStringLiteral("audio.adjust_duration"))
                expected = values["frames"].get<int64_t>();
            if (id == QStringLiteral("audio.speed")) {
                // factor x faster: frames / factor, within the one frame rounding may add.
                const double exact = double(frames) / values["factor"].get<double>();
                QVERIFY2(std::abs(double(out.frames()) - exact) <= 1.0,
                         qPrintable(QString::fromStdString(values.dump())));
                expected = out.frames();
            }
            int64_t keptFrom = 0;
            if (id == QStringLiteral("audio.trim") && frames == 11025) {
                // librosa's framing by hand: frames of 2048 centred on multiples of 512. The
                // chord spans [2000, 9025); the first frame reaching it is centred on 1024,
                // the last on 9728: kept [1024, 10240).
                keptFrom = 1024;
                expected = 10240 - 1024;
            }
            // Shorter signals (4000 frames with 400 of silence each side, or 1 frame): every
            // frame's window reaches the chord, nothing is trimmed.
            QVERIFY2(out.frames() == expected,
                     qPrintable(QStringLiteral("%1 frames, expected %2 for %3")
                                    .arg(out.frames())
                                    .arg(expected)
                                    .arg(QString::fromStdString(values.dump()))));
            QCOMPARE(out.sampleRate, expectedRate);
            if (id == QStringLiteral("audio.trim")) // a cut, not a change of the kept frames
                for (int c = 0; c < channels; ++c)
                    QVERIFY(std::equal(
                        out.channels[size_t(c)].begin(), out.channels[size_t(c)].end(),
                        std::get<AudioSample>(input).channels[size_t(c)].begin() + keptFrom));
        }
    }

    // The transforms that change the length or the rate do it exactly as predicted.
    void lengthChangingOptions_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("params");
        QTest::newRow("stretch keep_length false")
            << "audio.time_stretch"
            << R"({"keep_length": false, "rate": [0.5, 1.5]})";
        QTest::newRow("stretch fast keep_length false")
            << "audio.time_stretch"
            << R"({"keep_length": false, "engine": "fast"})";
        QTest::newRow("resample new rate") << "audio.resample"
                                           << R"({"keep_rate": false})";
        QTest::newRow("repeat replace") << "audio.repeat_part"
                                        << R"({"mode": "replace"})";
    }
    void lengthChangingOptions() {
        QFETCH(QString, id);
        QFETCH(QString, params);
        const TransformInfo* info = registry_.find(id.toStdString());
        const auto t = info->create(
            validateParams(info->params, json::parse(params.toStdString()), "params"), clipLoad());
        for (int frames : {22050, 1, 0})
            for (uint64_t seed = 1; seed <= 3; ++seed) {
                Sample s = testSignal(2, 22050, frames);
                Rng rng(seed);
                const Values v = t->draw(rng, SampleInfo::of(s));
                t->apply(s, v);
                const auto& out = std::get<AudioSample>(s);
                int64_t expected = frames;
                // Stretched by 1 / rate, rounded to the nearest frame, at least one.
                if (v.contains("rate") && frames > 0)
                    expected = std::max<int64_t>(
                        1, int64_t(std::floor(frames / v["rate"].get<double>() + 0.5)));
                if (v.contains("target_rate")) {
                    QCOMPARE(out.sampleRate, v["target_rate"].get<int>());
                    expected = (int64_t(frames) * out.sampleRate + 22050 / 2) / 22050;
                }
                QCOMPARE(out.frames(), expected);
                for (const auto& c : out.channels)
                    QCOMPARE(int64_t(c.size()), expected);
            }
    }
};

QTEST_GUILESS_MAIN(TestAudioInvariants)
#include "tst_audio_invariants.moc"

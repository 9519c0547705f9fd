// Reference checks of the audio transforms added for catalog parity: loudness reaches its
// target in LUFS (BS.1770 through libebur128) on speech-like signals and noise, the MP3 round
// trip decodes with the drawn bitrate's band limit, the room simulator's impulse response
// decays with the drawn RT60 (Schroeder backward integration), air absorption follows
// ISO 9613-1 and grows with distance, and the smaller ones do what their names say;
// identity parameters leave the clip unchanged.
#include "core/pipeline/clipsource.h"
#include "core/pipeline/registry.h"
#include "core/transforms/audio/airabsorption.h"
#include "core/transforms/audio/audiocatalog.h"
#include "core/transforms/audio/loudnessnormalization.h"
#include "core/transforms/audio/mp3compression.h"
#include "core/transforms/audio/roomsimulator.h"
#include "core/transforms/audio/sevenbandparametriceq.h"
#include "core/util/error.h"
#include "tst_audio_util.h"

#include <QtTest>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

using namespace augstudio::core;
using namespace audiotest;
using json = nlohmann::json;

namespace {

// Clips served from memory: a 0.2 s click train ("clicks", 22.05 kHz stereo) and a 1 s hum.
class MemoryClips : public ClipSource {
public:
    MemoryClips() {
        auto clicks = std::make_shared<AudioSample>();
        clicks->sampleRate = 16000;
        clicks->channels.assign(1, std::vector<float>(3200, 0.0f));
        for (size_t i = 0; i < 3200; i += 40)
            clicks->channels[0][i] = 0.8f;
        clips_["clicks"] = clicks;
        auto hum = std::make_shared<AudioSample>(toneSample(100, 16000, 16000, 1, 0.3));
        clips_["hum"] = hum;
    }
    std::vector<std::string> list(const std::string&) const override { return {"clicks", "hum"}; }
    std::shared_ptr<const AudioSample> load(const std::string&,
                                            const std::string& name) const override {
        return clips_.at(name);
    }

private:
    std::map<std::string, std::shared_ptr<const AudioSample>> clips_;
};

const Registry& registry() {
    static const Registry r = [] {
        Registry reg;
        registerAudioTransforms(reg);
        return reg;
    }();
    return r;
}

std::unique_ptr<Transform> create(const std::string& id, const json& params = json::object()) {
    const TransformInfo* info = registry().find(id);
    if (!info)
        throw std::runtime_error("no transform " + id);
    return info->create(validateParams(info->params, params, id));
}

AudioSample applied(const Transform& t, const AudioSample& in, const Values& v) {
    Sample s = cloneSample(Sample(in));
    t.apply(s, v);
    return std::get<AudioSample>(std::move(s));
}

AudioSample drawnAndApplied(const Transform& t, const AudioSample& in, uint64_t seed,
                            Values* drawn = nullptr) {
    Rng rng(seed);
    const Values v = t.draw(rng, SampleInfo::of(Sample(in)));
    if (drawn)
        *drawn = v;
    return applied(t, in, v);
}

bool sameBytes(const AudioSample& a, const AudioSample& b) {
    if (a.channels.size() != b.channels.size())
        return false;
    for (size_t c = 0; c < a.channels.size(); ++c)
        if (a.channels[c].size() != b.channels[c].size() ||
            (!a.channels[c].empty() && std::memcmp(a.channels[c].data(), b.channels[c].data(),
                                                   a.channels[c].size() * sizeof(float)) != 0))
            return false;
    return true;
}

// Speech-like: a glottal pulse train (120-220 Hz, gliding) through three formant
// resonances, under a syllable envelope (4 Hz) with pauses, and a little breath noise.
AudioSample speechLike(int rate, double seconds, uint64_t seed = 3) {
    AudioSample s;
    s.sampleRate = rate;
    const auto n = size_t(seconds * rate);
    std::vector<float> source(n, 0.0f);
    Rng rng(seed);
    double phase = 0;
    for (size_t i = 0; i < n; ++i) {
        const double t = double(i) / rate;
        const double f0 = 170 + 50 * std::sin(2 * kPi * 0.7 * t);
        phase += f0 / rate;
        if (phase >= 1) {
            phase -= 1;
            source[i] = 1.0f;
        }
        source[i] += float(0.02 * rng.normal());
    }
    std::vector<float> voiced(n, 0.0f);
    for (double formant : {700.0, 1200.0, 2600.0}) {
        // A two-pole resonator per formant (bandwidth about 100 Hz).
        const double r = std::exp(-kPi * 100.0 / rate), w = 2 * kPi * formant / rate;
        double y1 = 0, y2 = 0;
        for (size_t i = 0; i < n; ++i) {
            const double y = source[i] + 2 * r * std::cos(w) * y1 - r * r * y2;
            y2 = y1;
            y1 = y;
            voiced[i] += float(0.05 * y);
        }
    }
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) {
        const double t = double(i) / rate;
        const double syllable = std::max(0.0, std::sin(2 * kPi * 4 * t));
        const bool pause = std::fmod(t, 1.5) > 1.1; // a breath between phrases
        out[i] = pause ? 0.0f : float(syllable * voiced[i]);
    }
    s.channels.push_back(std::move(out));
    return s;
}

AudioSample whiteNoise(int rate, double seconds, int channels = 1, double sigma = 0.1) {
    AudioSample s;
    s.sampleRate = rate;
    Rng rng(11);
    s.channels.assign(size_t(channels), std::vector<float>(size_t(seconds * rate)));
    for (auto& c : s.channels)
        for (float& x : c)
            x = float(sigma * rng.normal());
    return s;
}

// Mean power of the spectrum between two frequencies.
double bandPower(const std::vector<float>& v, int rate, double lo, double hi) {
    const std::vector<double> mag = spectrum(v);
    double sum = 0;
    int count = 0;
    for (size_t k = 0; k < mag.size(); ++k) {
        const double f = double(k) * rate / double(v.size());
        if (f >= lo && f < hi) {
            sum += mag[k] * mag[k];
            ++count;
        }
    }
    return count ? sum / count : 0.0;
}

double db(double powerRatio) {
    return 10 * std::log10(powerRatio);
}

// RT60 from an impulse response: Schroeder's backward-integrated energy decay curve, a
// least-squares line through its -5 .. -25 dB part (T20), extrapolated to -60 dB.
double schroederRt60(const std::vector<float>& h, int rate) {
    std::vector<double> edc(h.size() + 1, 0.0);
    for (size_t i = h.size(); i-- > 0;)
        edc[i] = edc[i + 1] + double(h[i]) * h[i];
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int count = 0;
    for (size_t i = 0; i < h.size(); ++i) {
        const double level = 10 * std::log10(edc[i] / edc[0] + 1e-300);
        if (level > -5 || level < -25)
            continue;
        const double t = double(i) / rate;
        sx += t, sy += level, sxx += t * t, sxy += t * level, ++count;
    }
    const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
    return -60 / slope;
}

} // namespace

class TestAudioReference : public QObject {
    Q_OBJECT
private slots:
    // libebur128 is wired as BS.1770 says: a full-scale 997 Hz sine in one channel reads
    // -3.01 LUFS, in two channels 0 LUFS.
    // Each noise lands at its drawn start, at its drawn SNR against the input, faded in and
    // out, and cut at the end of the sample; nothing else changes.
    void addShortNoisesPlacesNoises() {
        const TransformInfo* info = registry().find("audio.add_short_noises");
        const LoadContext load{std::make_shared<MemoryClips>(), nullptr};
        const auto t = info->create(
            validateParams(info->params, {{"folder", "noises"}, {"count", {2, 2}}}, "p"), load);
        const AudioSample in = toneSample(440, 16000, 32000, 2, 0.1);
        const double inRms = rms(in.channels[0]);
        const Values v = {{"noises",
                           {{{"clip", "hum"},
                             {"start_s", 0.25},
                             {"snr_db", 6.0},
                             {"fade_in_s", 0.01},
                             {"fade_out_s", 0.02}},
                            {{"clip", "hum"},
                             {"start_s", 1.5},
                             {"snr_db", 0.0},
                             {"fade_in_s", 0.01},
                             {"fade_out_s", 0.02}}}}};
        const AudioSample out = applied(*t, in, v);
        QCOMPARE(out.channels.size(), size_t(2));
        QCOMPARE(out.channels[1].size(), size_t(32000));
        std::vector<float> added(32000);
        for (size_t i = 0; i < 32000; ++i)
            added[i] = out.channels[1][i] - in.channels[1][i];
        for (size_t i = 0; i < 4000; ++i)
            QCOMPARE(added[i], 0.0f);
        // Fully faded in between the fades: the level the SNR asks for.
        const double first = rms(added, 4000 + 320, 20000 - 320 - 8000);
        QVERIFY2(
            std::abs(20 * std::log10(inRms / first) - 6.0) < 0.3,
            qPrintable(QStringLiteral("first noise at %1 dB").arg(20 * std::log10(inRms / first))));
        float rampPeak = 0, steadyPeak = 0; // the fade-in: 160 frames from 0 to full level
        for (size_t i = 4000; i < 4016; ++i)
            rampPeak = std::max(rampPeak, std::abs(added[i]));
        for (size_t i = 5000; i < 6000; ++i)
            steadyPeak = std::max(steadyPeak, std::abs(added[i]));
        QVERIFY(rampPeak < 0.12f * steadyPeak);
        for (size_t i = 20000; i < 24000; ++i)
            QCOMPARE(added[i], 0.0f);
        // The second starts at 1.5 s and is cut at the end (0.5 s of its 1 s).
        QVERIFY(std::abs(20 * std::log10(inRms / rms(added, 24320, 32000))) < 0.3);
        // Drawn values: the count, clips of the source, starts inside the sample.
        for (uint64_t seed = 0; seed < 10; ++seed) {
            Values drawn;
            drawnAndApplied(*t, in, seed, &drawn);
            QCOMPARE(drawn["noises"].size(), size_t(2));
            for (const auto& noise : drawn["noises"]) {
                QVERIFY(noise["clip"] == "clicks" || noise["clip"] == "hum");
                QVERIFY(noise["start_s"].get<double>() >= 0 && noise["start_s"].get<double>() < 2);
                QVERIFY(noise["snr_db"].get<double>() >= -6 && noise["snr_db"].get<double>() <= 18);
            }
        }
        // No source given at load: refused, naming the problem.
        QVERIFY_THROWS_EXCEPTION(
            Error, info->create(validateParams(info->params, {{"folder", "noises"}}, "p"), {}));
        // No noise drawn: unchanged.
        QVERIFY(sameBytes(applied(*t, in, {{"noises", json::array()}}), in));
    }

    void loudnessMeterReference() {
        AudioSample mono = toneSample(997, 48000, 48000 * 5, 1, 1.0);
        QVERIFY(std::abs(LoudnessNormalization::integratedLoudness(mono) + 3.01) < 0.05);
        AudioSample stereo = toneSample(997, 48000, 48000 * 5, 2, 1.0);
        QVERIFY(std::abs(LoudnessNormalization::integratedLoudness(stereo)) < 0.05);
        QVERIFY(std::isinf(LoudnessNormalization::integratedLoudness(toneSample(997, 48000, 0))));
    }

    void loudnessReachesTarget_data() {
        QTest::addColumn<QString>("signal");
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("target");
        for (const char* signal : {"speech", "noise", "noise stereo"})
            for (int rate : {16000, 44100})
                for (double target : {-31.0, -23.0, -13.0})
                    QTest::newRow(qPrintable(QStringLiteral("%1 %2 Hz %3 LUFS")
                                                 .arg(QLatin1String(signal))
                                                 .arg(rate)
                                                 .arg(target)))
                        << QString::fromLatin1(signal) << rate << target;
    }
    void loudnessReachesTarget() {
        QFETCH(QString, signal);
        QFETCH(int, rate);
        QFETCH(double, target);
        const AudioSample in =
            signal == QStringLiteral("speech")
                ? speechLike(rate, 6)
                : whiteNoise(rate, 4, signal.endsWith(QStringLiteral("stereo")) ? 2 : 1);
        const auto t = create("audio.loudness_normalization");
        const AudioSample out = applied(*t, in, {{"target_lufs", target}});
        const double measured = LoudnessNormalization::integratedLoudness(out);
        QVERIFY2(std::abs(measured - target) < 0.5,
                 qPrintable(QStringLiteral("%1 LUFS, input %2")
                                .arg(measured)
                                .arg(LoudnessNormalization::integratedLoudness(in))));
        // A pure gain: the ratio of any two samples is kept.
        const double g = out.channels[0][1000] / double(in.channels[0][1000]);
        QVERIFY(std::abs(out.channels[0][5000] - g * in.channels[0][5000]) < 1e-5);
        // The drawn target lies in the range and is what the output reaches.
        Values drawn;
        const AudioSample again = drawnAndApplied(*t, in, 7, &drawn);
        const double drawnTarget = drawn["target_lufs"].get<double>();
        QVERIFY(drawnTarget >= -31 && drawnTarget <= -13);
        QVERIFY(std::abs(LoudnessNormalization::integratedLoudness(again) - drawnTarget) < 0.5);
    }

    void loudnessLeavesSilenceAndShortClips() {
        const auto t = create("audio.loudness_normalization");
        AudioSample silent = toneSample(440, 16000, 16000, 1, 0.0);
        QVERIFY(sameBytes(applied(*t, silent, {{"target_lufs", -20.0}}), silent));
        AudioSample shortClip = toneSample(440, 16000, 3000); // < one 400 ms block
        QVERIFY(sameBytes(applied(*t, shortClip, {{"target_lufs", -20.0}}), shortClip));
    }

    void mp3BandLimit_data() {
        QTest::addColumn<int>("kbps");
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("channels");
        QTest::newRow("8 kbps 16 kHz") << 8 << 16000 << 1;
        QTest::newRow("32 kbps 44.1 kHz") << 32 << 44100 << 1;
        QTest::newRow("64 kbps 44.1 kHz") << 64 << 44100 << 1;
        QTest::newRow("64 kbps 44.1 kHz stereo") << 64 << 44100 << 2;
        QTest::newRow("48 kbps 48 kHz 3 channels") << 48 << 48000 << 3;
    }
    void mp3BandLimit() {
        QFETCH(int, kbps);
        QFETCH(int, rate);
        QFETCH(int, channels);
        const AudioSample in = whiteNoise(rate, 2, channels);
        const auto t = create("audio.mp3_compression");
        const AudioSample out = applied(*t, in, {{"bitrate", kbps}});
        QCOMPARE(out.channels.size(), in.channels.size());
        // More than two channels are encoded one by one, as mono streams.
        const double lowpass = Mp3Compression::lowpassHz(kbps, rate, channels > 2 ? 1 : channels);
        QVERIFY(lowpass > 1000 && lowpass < rate / 2.0);
        for (size_t c = 0; c < out.channels.size(); ++c) {
            QCOMPARE(out.channels[c].size(), in.channels[c].size());
            const double pass = bandPower(out.channels[c], rate, 200, 0.8 * lowpass);
            const double stop = bandPower(out.channels[c], rate, 1.15 * lowpass, rate / 2.0);
            const double inPass = bandPower(in.channels[c], rate, 200, 0.8 * lowpass);
            // Above the band limit almost nothing is left; below it the noise survives.
            QVERIFY2(
                db(stop / pass) < -30,
                qPrintable(
                    QStringLiteral("stop band %1 dB at %2 Hz").arg(db(stop / pass)).arg(lowpass)));
            QVERIFY2(std::abs(db(pass / inPass)) < 3,
                     qPrintable(QStringLiteral("pass band %1 dB").arg(db(pass / inPass))));
        }
        // Aligned: the output follows the input sample by sample below the band limit.
        const AudioSample low =
            applied(*create("audio.low_pass"), in, {{"cutoff_hz", 0.5 * lowpass}, {"rolloff", 24}});
        const AudioSample outLow = applied(*create("audio.low_pass"), out,
                                           {{"cutoff_hz", 0.5 * lowpass}, {"rolloff", 24}});
        double dot = 0, a2 = 0, b2 = 0;
        for (size_t i = 2000; i < low.channels[0].size() - 2000; ++i) {
            dot += double(low.channels[0][i]) * outLow.channels[0][i];
            a2 += double(low.channels[0][i]) * low.channels[0][i];
            b2 += double(outLow.channels[0][i]) * outLow.channels[0][i];
        }
        QVERIFY2(dot / std::sqrt(a2 * b2) > 0.6,
                 qPrintable(QStringLiteral("correlation %1").arg(dot / std::sqrt(a2 * b2))));
    }

    void mp3DrawsStandardBitrates() {
        const auto t = create("audio.mp3_compression", {{"bitrate", {20, 70}}});
        const Sample s = whiteNoise(16000, 0.1);
        std::set<int> seen;
        for (uint64_t seed = 0; seed < 200; ++seed) {
            Rng rng(seed);
            seen.insert(t->draw(rng, SampleInfo::of(s))["bitrate"].get<int>());
        }
        QCOMPARE(seen, (std::set<int>{24, 32, 40, 48, 56, 64}));
        // A decodable stream: the bytes start with an MPEG frame sync.
        const auto stream = Mp3Compression::encode(whiteNoise(16000, 0.5).channels, 16000, 32);
        QVERIFY(stream.bytes.size() > 100);
        QCOMPARE(int(stream.bytes[0]), 0xFF);
        QCOMPARE(int(stream.bytes[1]) & 0xE0, 0xE0);
        int rate = 0;
        QVERIFY(!Mp3Compression::decode(stream.bytes, rate).at(0).empty());
        QCOMPARE(rate, 16000);
    }

    void roomRt60MatchesSchroeder_data() {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 8; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }
    void roomRt60MatchesSchroeder() {
        QFETCH(int, seed);
        const auto t = create("audio.room_simulator", {{"max_ir_s", 3.0}});
        const Sample in = toneSample(440, 16000, 16000);
        Rng rng{uint64_t(seed)};
        const Values v = t->draw(rng, SampleInfo::of(in));
        auto point = [&](const char* key) {
            return RoomSimulator::Point{v[key][0].get<double>(), v[key][1].get<double>(),
                                        v[key][2].get<double>()};
        };
        const double rt60 = v["rt60_s"].get<double>();
        QCOMPARE(rt60,
                 RoomSimulator::imageSourceRt60(point("room_m"), v["absorption"].get<double>()));
        const double eyring = v["eyring_rt60_s"].get<double>();
        QCOMPARE(eyring, RoomSimulator::eyringRt60(point("room_m"), v["absorption"].get<double>()));
        QVERIFY(rt60 > eyring); // the late decay along the axes is the slowest
        QVERIFY(rt60 > 0.1 && rt60 < 3);
        const std::vector<float> h = RoomSimulator::impulseResponse(
            point("room_m"), v["absorption"].get<double>(), point("source_m"), point("mic_m"),
            16000, v["ir_s"].get<double>());
        const double measured = schroederRt60(h, 16000);
        QVERIFY2(std::abs(measured - rt60) < 0.2 * rt60,
                 qPrintable(QStringLiteral("measured %1 s, drawn %2 s (%3)")
                                .arg(measured)
                                .arg(rt60)
                                .arg(QString::fromStdString(v.dump()))));
        // Positions inside the room, away from the walls, apart from each other.
        double d2 = 0;
        for (int k = 0; k < 3; ++k) {
            const double size = v["room_m"][k].get<double>();
            for (const char* key : {"source_m", "mic_m"})
                QVERIFY(v[key][k].get<double>() >= 0.5 - 1e-9 &&
                        v[key][k].get<double>() <= size - 0.5 + 1e-9);
            d2 += std::pow(v["source_m"][k].get<double>() - v["mic_m"][k].get<double>(), 2);
        }
        QVERIFY(d2 >= 0.25);
    }

    // apply convolves with that response: a click comes out as the response from its
    // direct sound on; fully absorbing walls leave only the direct sound (the identity).
    void roomAppliesItsResponse() {
        const auto t = create("audio.room_simulator");
        AudioSample click = toneSample(440, 16000, 16000, 2, 0.0);
        click.channels[0][100] = 1.0f;
        click.channels[1][100] = 0.5f;
        Values v;
        const AudioSample out = drawnAndApplied(*t, click, 4, &v);
        auto point = [&](const char* key) {
            return RoomSimulator::Point{v[key][0].get<double>(), v[key][1].get<double>(),
                                        v[key][2].get<double>()};
        };
        std::vector<float> h = RoomSimulator::impulseResponse(
            point("room_m"), v["absorption"].get<double>(), point("source_m"), point("mic_m"),
            16000, v["ir_s"].get<double>());
        h.erase(h.begin(), std::find_if(h.begin(), h.end(), [](float x) { return x != 0; }));
        QCOMPARE(out.channels[0].size(), size_t(16000));
        for (size_t i = 0; i < std::min<size_t>(h.size(), 15900); i += 7) {
            QVERIFY(std::abs(out.channels[0][100 + i] - h[i]) < 1e-5);
            QVERIFY(std::abs(out.channels[1][100 + i] - 0.5f * h[i]) < 1e-5);
        }
        for (size_t i = 0; i < 100; ++i)
            QCOMPARE(out.channels[0][i], 0.0f);
        Values dry = v;
        dry["absorption"] = 1.0;
        const AudioSample speech = speechLike(16000, 1);
        const AudioSample same = applied(*t, speech, dry);
        for (size_t i = 0; i < speech.channels[0].size(); ++i)
            QVERIFY(std::abs(same.channels[0][i] - speech.channels[0][i]) < 1e-6);
    }

    void airAbsorptionIsoValues() {
        // ISO 9613-1 table 1, 20 degrees C, 50% humidity, dB/km.
        const std::vector<std::pair<double, double>> table = {
            {125, 0.44},  {250, 1.31},  {500, 2.73}, {1000, 4.66},
            {2000, 9.86}, {4000, 29.4}, {8000, 105}};
        for (auto [hz, dbPerKm] : table) {
            const double got = 1000 * AirAbsorption::absorptionDbPerMetre(hz, 20, 50);
            QVERIFY2(std::abs(got - dbPerKm) < 0.04 * dbPerKm,
                     qPrintable(QStringLiteral("%1 Hz: %2 dB/km").arg(hz).arg(got)));
        }
    }

    void airAbsorptionGrowsWithDistanceAndFrequency() {
        const auto t = create("audio.air_absorption");
        const AudioSample in = whiteNoise(44100, 2);
        auto at = [&](double metres) {
            return applied(*t, in,
                           {{"distance_m", metres}, {"humidity", 50.0}, {"temperature_c", 20.0}});
        };
        const AudioSample near = at(10), far = at(100);
        auto loss = [&](const AudioSample& out, double lo, double hi) {
            return db(bandPower(in.channels[0], 44100, lo, hi) /
                      bandPower(out.channels[0], 44100, lo, hi));
        };
        const double lowNear = loss(near, 200, 400), lowFar = loss(far, 200, 400);
        const double highNear = loss(near, 7000, 9000), highFar = loss(far, 7000, 9000);
        QVERIFY(lowNear < 0.1 && lowFar < 0.5);
        QVERIFY(highFar > highNear + 5);
        QVERIFY(highFar > lowFar + 5 && highNear > lowNear);
        // The applied attenuation is the interpolated ISO curve (8 kHz band centre).
        QVERIFY2(std::abs(loss(far, 7800, 8200) - AirAbsorption::attenuationDb(8000, 100, 20, 50)) <
                     1.0,
                 qPrintable(QStringLiteral("%1 vs %2")
                                .arg(loss(far, 7800, 8200))
                                .arg(AirAbsorption::attenuationDb(8000, 100, 20, 50))));
        const AudioSample none = at(0);
        for (size_t i = 0; i < in.channels[0].size(); i += 3)
            QVERIFY(std::abs(none.channels[0][i] - in.channels[0][i]) < 1e-6);
    }

    void speedChangesTempoAndPitchTogether() {
        const auto t = create("audio.speed");
        const AudioSample in = toneSample(440, 16000, 32000);
        const AudioSample fast = applied(*t, in, {{"factor", 1.1}});
        QVERIFY(std::abs(double(fast.channels[0].size()) - 32000 / 1.1) <= 1);
        QVERIFY(std::abs(peakFrequency(fast.channels[0], 16000) - 484) < 484 * 0.01);
        const AudioSample slow = applied(*t, in, {{"factor", 0.9}});
        QVERIFY(std::abs(double(slow.channels[0].size()) - 32000 / 0.9) <= 1);
        QVERIFY(std::abs(peakFrequency(slow.channels[0], 16000) - 396) < 396 * 0.01);
        QVERIFY(sameBytes(applied(*t, in, {{"factor", 1.0}}), in));
        Values v;
        drawnAndApplied(*t, in, 3, &v);
        const double f = v["factor"].get<double>();
        QVERIFY(f >= 0.9 && f <= 1.1 && std::abs(f * 1000 - std::round(f * 1000)) < 1e-9);
    }

    void limiterHoldsThePeak_data() {
        QTest::addColumn<double>("thresholdDb");
        QTest::addColumn<double>("attack");
        QTest::newRow("-6 dB, 5 ms") << -6.0 << 0.005;
        QTest::newRow("-20 dB, 0.5 ms") << -20.0 << 0.0005;
        QTest::newRow("-2 dB, 25 ms") << -2.0 << 0.025;
    }
    void limiterHoldsThePeak() {
        QFETCH(double, thresholdDb);
        QFETCH(double, attack);
        const auto t = create("audio.limiter");
        AudioSample in = speechLike(16000, 2);
        in.channels.push_back(in.channels[0]);
        for (float& x : in.channels[1])
            x *= 0.5f;
        in.channels[0][123] = 0.9f; // a transient right at the start
        double peakIn = 0;
        for (const auto& c : in.channels)
            for (float x : c)
                peakIn = std::max(peakIn, double(std::abs(x)));
        const AudioSample out = applied(
            *t, in, {{"threshold_db", thresholdDb}, {"attack_s", attack}, {"release_s", 0.1}});
        const double limit = peakIn * std::pow(10.0, thresholdDb / 20);
        double peakOut = 0;
        for (size_t c = 0; c < 2; ++c)
            for (size_t i = 0; i < out.channels[c].size(); ++i) {
                peakOut = std::max(peakOut, double(std::abs(out.channels[c][i])));
                // A gain, the same on every channel, never above 1.
                if (std::abs(in.channels[c][i]) > 1e-3)
                    QVERIFY(out.channels[c][i] / in.channels[c][i] <= 1.0f + 1e-6f);
            }
        QVERIFY2(peakOut <= limit * (1 + 1e-4),
                 qPrintable(QStringLiteral("peak %1 over %2").arg(peakOut).arg(limit)));
        QVERIFY(peakOut > 0.8 * limit);
        // Below an absolute threshold nothing changes, byte for byte.
        const auto absolute = create("audio.limiter", {{"threshold_mode", "absolute"}});
        QVERIFY(
            sameBytes(applied(*absolute, in,
                              {{"threshold_db", 0.0}, {"attack_s", attack}, {"release_s", 0.1}}),
                      in));
    }

    void clipClamps() {
        const auto t = create("audio.clip", {{"lo", -0.2}, {"hi", 0.3}});
        const AudioSample in = toneSample(440, 16000, 1600, 2, 0.5);
        Values v;
        const AudioSample out = drawnAndApplied(*t, in, 1, &v);
        QCOMPARE(v.toJson(), json({{"lo", -0.2}, {"hi", 0.3}}));
        for (size_t c = 0; c < 2; ++c)
            for (size_t i = 0; i < in.channels[c].size(); ++i)
                QCOMPARE(out.channels[c][i], std::clamp(in.channels[c][i], -0.2f, 0.3f));
        QVERIFY(sameBytes(drawnAndApplied(*create("audio.clip"), in, 1), in));
        QVERIFY_THROWS_EXCEPTION(Error, create("audio.clip", {{"lo", 0.5}, {"hi", 0.2}}));
    }

    void adjustDurationModes_data() {
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("expected"); // of input 1 2 3 4 5
        QTest::newRow("pad end silence") << R"({"duration_frames": 8})"
                                         << "1 2 3 4 5 0 0 0";
        QTest::newRow("pad start silence") << R"({"duration_frames": 7, "position": "start"})"
                                           << "0 0 1 2 3 4 5";
        QTest::newRow("pad end wrap") << R"({"duration_frames": 8, "pad_mode": "wrap"})"
                                      << "1 2 3 4 5 1 2 3";
        QTest::newRow("pad end reflect") << R"({"duration_frames": 9, "pad_mode": "reflect"})"
                                         << "1 2 3 4 5 4 3 2 1";
        QTest::newRow("pad start reflect")
            << R"({"duration_frames": 7, "pad_mode": "reflect", "position": "start"})"
            << "3 2 1 2 3 4 5";
        QTest::newRow("pad start wrap")
            << R"({"duration_frames": 7, "pad_mode": "wrap", "position": "start"})"
            << "4 5 1 2 3 4 5";
        QTest::newRow("crop end") << R"({"duration_frames": 3})"
                                  << "1 2 3";
        QTest::newRow("crop start") << R"({"duration_frames": 3, "position": "start"})"
                                    << "3 4 5";
        QTest::newRow("same length") << R"({"duration_frames": 5})"
                                     << "1 2 3 4 5";
    }
    void adjustDurationModes() {
        QFETCH(QString, params);
        QFETCH(QString, expected);
        const auto t = create("audio.adjust_duration", json::parse(params.toStdString()));
        AudioSample in;
        in.sampleRate = 8000;
        in.channels = {{1, 2, 3, 4, 5}};
        const AudioSample out = drawnAndApplied(*t, in, 1);
        QStringList got;
        for (float x : out.channels[0])
            got << QString::number(x);
        QCOMPARE(got.join(QLatin1Char(' ')), expected);
    }

    void adjustDurationInSeconds() {
        const auto t = create("audio.adjust_duration", {{"duration_s", 0.5}});
        const AudioSample out = drawnAndApplied(*t, toneSample(440, 22050, 100), 1);
        QCOMPARE(out.channels[0].size(), size_t(11025));
        QCOMPARE(out.channels[0][5000], 0.0f);
        AudioSample empty = toneSample(440, 22050, 0, 2);
        const AudioSample padded = drawnAndApplied(*t, empty, 1);
        QCOMPARE(padded.channels.size(), size_t(2));
        QCOMPARE(padded.channels[1].size(), size_t(11025));
    }

    // A 7 kHz tone through 8 kHz without an anti-alias filter folds to 1 kHz.
    void aliasingFoldsDown() {
        const auto t = create("audio.aliasing");
        const AudioSample in = toneSample(7000, 16000, 16000);
        const AudioSample out = applied(*t, in, {{"rate", 8000.0}});
        QVERIFY(magnitudeAt(out.channels[0], 16000, 1000) >
                0.3 * magnitudeAt(in.channels[0], 16000, 7000));
        QVERIFY(magnitudeAt(in.channels[0], 16000, 1000) <
                1e-3 * magnitudeAt(in.channels[0], 16000, 7000));
        QVERIFY(sameBytes(applied(*t, in, {{"rate", 16000.0}}), in));
    }

    void sevenBandEqGains() {
        const auto t = create("audio.seven_band_parametric_eq");
        const auto& centres = SevenBandParametricEq::centres();
        QVERIFY(std::abs(centres.front() - 100) < 1e-9 && std::abs(centres.back() - 9600) < 1e-6);
        for (size_t band : {0u, 3u, 6u}) {
            json gains = json::array({0, 0, 0, 0, 0, 0, 0});
            gains[band] = 12.0;
            // A tone at the band's centre (the shelves: well inside them) rises by 12 dB.
            const double f = band == 0 ? 40 : band == 6 ? 16000 : centres[band];
            const AudioSample in = toneSample(f, 44100, 44100, 1, 0.05);
            const AudioSample out = applied(*t, in, {{"gains_db", gains}});
            const double gain =
                db(std::pow(rms(out.channels[0], 4410) / rms(in.channels[0], 4410), 2));
            QVERIFY2(std::abs(gain - 12) < 0.7,
                     qPrintable(QStringLiteral("band %1: %2 dB").arg(band).arg(gain)));
        }
        const AudioSample in = speechLike(16000, 1);
        QVERIFY(sameBytes(applied(*t, in, {{"gains_db", {0, 0, 0, 0, 0, 0, 0}}}), in));
    }

    void spectrogramMasks() {
        const auto t = create("audio.spectrogram_mask");
        AudioSample in = toneSample(1000, 16000, 16000);
        const std::vector<float> low = tone(250, 16000, 16000, 0.3);
        for (size_t i = 0; i < low.size(); ++i)
            in.channels[0][i] += low[i];
        // 1 kHz is bin 32 of a 512-point STFT at 16 kHz: masking bins 28..36 removes it.
        const AudioSample masked =
            applied(*t, in, {{"freq_masks", {{28, 9}}}, {"time_masks", json::array()}});
        QVERIFY(magnitudeAt(masked.channels[0], 16000, 1000) <
                0.01 * magnitudeAt(in.channels[0], 16000, 1000));
        QVERIFY(std::abs(magnitudeAt(masked.channels[0], 16000, 250) /
                             magnitudeAt(in.channels[0], 16000, 250) -
                         1) < 0.01);
        // A time mask silences its frames: frames 40..59 cover samples (40..62) x 128 - 512.
        const AudioSample gap =
            applied(*t, in, {{"freq_masks", json::array()}, {"time_masks", {{40, 20}}}});
        QVERIFY(rms(gap.channels[0], 40 * 128, 58 * 128 - 512) < 1e-6);
        QVERIFY(std::abs(rms(gap.channels[0], 8000, 12000) - rms(in.channels[0], 8000, 12000)) <
                1e-4);
        // Nothing drawn, nothing changed; masks elsewhere reconstruct the rest.
        QVERIFY(sameBytes(
            applied(*t, in, {{"freq_masks", json::array()}, {"time_masks", json::array()}}), in));
        const AudioSample far =
            applied(*t, in, {{"freq_masks", {{200, 20}}}, {"time_masks", json::array()}});
        // (Away from the clip's abrupt ends, whose broadband clicks lose those bins too.)
        for (size_t i = 1024; i + 1024 < in.channels[0].size(); ++i)
            QVERIFY(std::abs(far.channels[0][i] - in.channels[0][i]) < 1e-4);
        // Drawn masks stay inside the spectrogram and within the widest fraction.
        for (uint64_t seed = 0; seed < 20; ++seed) {
            Values v;
            drawnAndApplied(*t, in, seed, &v);
            for (const auto& m : v["freq_masks"])
                QVERIFY(m[1].get<int>() <= int(0.15 * 257) &&
                        m[0].get<int>() + m[1].get<int>() <= 257);
            for (const auto& m : v["time_masks"])
                QVERIFY(m[1].get<int64_t>() > 0 && m[0].get<int64_t>() >= 0);
        }
        QVERIFY_THROWS_EXCEPTION(Error, create("audio.spectrogram_mask", {{"n_fft", 510}}));
    }
};

QTEST_GUILESS_MAIN(TestAudioReference)
#include "tst_audio_reference.moc"

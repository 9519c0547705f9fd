// The RandAugment and SpecAugment presets: every document loads, RandAugment is one
// policy.randaugment step that applies n ops (drawn with replacement) at magnitude m and records
// them, SpecAugment has mF frequency and
// mT time masks of the policy's sizes, bad arguments are refused by name, and the CLI prints
// documents that load.
#include "core/catalog/builtin.h"
#include "core/catalog/presets.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"

#include <QProcess>
#include <QtTest>

#include <cmath>
#include <map>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

cv::Mat noiseImage(int rows, int cols, int lo, int hi) {
    cv::Mat image(rows, cols, CV_8UC3);
    cv::randu(image, lo, hi + 1);
    return image;
}

Sample imageSample(const cv::Mat& image) {
    return ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
}

// torchvision's RandAugment op list.
const std::set<std::string> kRandAugmentOps = {
    "Identity", "ShearX",   "ShearY",    "TranslateX", "TranslateY", "Rotate",       "Brightness",
    "Color",    "Contrast", "Sharpness", "Posterize",  "Solarize",   "AutoContrast", "Equalize"};

// The policy.randaugment step's parameters.
const json& raParams(const json& doc) {
    return doc["steps"][0]["params"];
}

struct Policy {
    int mF, mT;
    double bandwidth, part;
};

// The mel-bin bandwidth fraction computed here on its own, not copied from the preset:
// f bins of the 80 over 0-8 kHz, in the logarithmic part of the mel scale.
double melFraction(int bins) {
    const double melTop = 2595.0 * std::log10(1.0 + 8000.0 / 700.0);
    const double ratio = std::pow(10.0, bins * melTop / 81.0 / 2595.0); // upper / lower edge
    return (ratio - 1.0) / std::sqrt(ratio);
}

} // namespace

class TestPresetsPolicies : public QObject {
    Q_OBJECT

    std::tuple<int, QString, QString> cli(const QStringList& args) {
        QProcess p;
        p.start(QStringLiteral(CLI_PATH), args);
        if (!p.waitForFinished(60000))
            return {-1, {}, {}};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void loads_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("modality");
        QTest::newRow("randaugment defaults") << "ra"
                                              << "{}"
                                              << "image";
        QTest::newRow("randaugment n1 m0") << "ra"
                                           << R"({"n":1,"m":0})"
                                           << "image";
        QTest::newRow("randaugment n14 m30") << "ra"
                                             << R"({"n":14,"m":30})"
                                             << "image";
        QTest::newRow("randaugment n3 m5 float ints") << "ra"
                                                      << R"({"n":3.0,"m":5})"
                                                      << "image";
        for (const char* policy : {"LB", "LD", "SM", "SS"})
            QTest::newRow(policy) << "sa" << policy << "audio";
    }
    void loads() {
        QFETCH(QString, kind);
        QFETCH(QString, args);
        QFETCH(QString, modality);
        const json doc = kind == QLatin1String("ra")
                             ? randAugmentPreset(json::parse(args.toStdString()))
                             : specAugmentPreset(args.toStdString());
        const Pipeline p = pipelineFromJson(doc);
        QCOMPARE(QString::fromUtf8(modalityName(p.modality())), modality);
        QVERIFY(p.stepCount() > 0);
    }

    void randAugmentDefaults() {
        const json doc = randAugmentPreset(json::object());
        QCOMPARE(doc["steps"].size(), size_t(1));
        QCOMPARE(doc["steps"][0]["transform"].get<std::string>(),
                 std::string("policy.randaugment"));
        QCOMPARE(raParams(doc)["num_ops"].get<int>(), 2);
        QCOMPARE(raParams(doc)["magnitude"].get<int>(), 9);
        QCOMPARE(raParams(doc)["num_magnitude_bins"].get<int>(), 31);
        QCOMPARE(raParams(doc)["interpolation"].get<std::string>(), std::string("nearest"));
    }

    // Over many seeds exactly n ops run, each of torchvision's list, with replacement (some
    // draw repeats an op when n > 1), every op drawn sometimes; Rotate turns by +-m degrees.
    void randAugmentAppliesExactlyN_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("m");
        QTest::newRow("n1 m9") << 1 << 9;
        QTest::newRow("n2 m9") << 2 << 9;
        QTest::newRow("n2 m0") << 2 << 0;
        QTest::newRow("n3 m20") << 3 << 20;
        QTest::newRow("n14 m30") << 14 << 30;
    }
    void randAugmentAppliesExactlyN() {
        QFETCH(int, n);
        QFETCH(int, m);
        const json doc = randAugmentPreset({{"n", n}, {"m", m}});
        const Pipeline p = pipelineFromJson(doc);
        QCOMPARE(p.stepCount(), size_t(1));
        const cv::Mat image = noiseImage(24, 32, 0, 255);
        std::set<std::string> seen;
        std::set<double> rotateAngles;
        bool repeated = false;
        for (uint64_t seed = 0; seed < 300; ++seed) {
            Sample s = imageSample(image);
            const RunResult r = p.run(s, seed);
            QCOMPARE(r.steps.size(), size_t(1));
            QVERIFY(r.steps[0].applied);
            const json& ops = r.steps[0].values["ops"];
            QCOMPARE(int(ops.size()), n);
            std::set<std::string> names;
            for (const json& op : ops) {
                const std::string name = op["op"].get<std::string>();
                QVERIFY2(kRandAugmentOps.count(name), name.c_str());
                names.insert(name);
                if (op.contains("bin"))
                    QCOMPARE(op["bin"].get<int>(), m);
                if (name == "Rotate")
                    rotateAngles.insert(op["magnitude"].get<double>());
            }
            repeated = repeated || int(names.size()) < n;
            seen.insert(names.begin(), names.end());
            QCOMPARE(std::get<ImageSample>(s).image.size(), image.size());
        }
        QCOMPARE(seen, kRandAugmentOps);
        QCOMPARE(repeated, n > 1);
        // The sign is random where torchvision draws it: both +m and -m degrees occur.
        if (m > 0)
            QCOMPARE(rotateAngles, (std::set<double>{-double(m), double(m)}));
        else
            QCOMPARE(rotateAngles, (std::set<double>{0.0}));
    }

    // m = 0: every magnitude op is at its neutral value and leaves an image whose levels avoid
    // white unchanged; only AutoContrast and Equalize (no magnitude) change it.
    void randAugmentZeroMagnitudeIsIdentityLike() {
        const Pipeline p = pipelineFromJson(randAugmentPreset({{"n", 1}, {"m", 0}}));
        const cv::Mat image = noiseImage(20, 20, 20, 200);
        std::set<std::string> seen;
        for (uint64_t seed = 0; seed < 200; ++seed) {
            Sample s = imageSample(image);
            const RunResult r = p.run(s, seed);
            const std::string name = r.steps[0].values["ops"][0]["op"].get<std::string>();
            seen.insert(name);
            const double diff = cv::norm(std::get<ImageSample>(s).image, image, cv::NORM_INF);
            if (name == "AutoContrast" || name == "Equalize")
                QVERIFY2(diff > 0, name.c_str());
            else
                QVERIFY2(diff == 0, (name + " changed a level by " + std::to_string(diff)).c_str());
        }
        QCOMPARE(seen, kRandAugmentOps);
    }

    void randAugmentBadArguments_data() {
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("where");
        QTest::newRow("n 0") << R"({"n":0})"
                             << "n";
        QTest::newRow("n more than the ops") << R"({"n":15})"
                                             << "n";
        QTest::newRow("n fractional") << R"({"n":2.5})"
                                      << "n";
        QTest::newRow("n bool") << R"({"n":true})"
                                << "n";
        QTest::newRow("m negative") << R"({"m":-1})"
                                    << "m";
        QTest::newRow("m 31") << R"({"m":31})"
                              << "m";
        QTest::newRow("m string") << R"({"m":"9"})"
                                  << "m";
        QTest::newRow("m null") << R"({"m":null})"
                                << "m";
        QTest::newRow("unknown key") << R"({"n":2,"magnitude":9})"
                                     << "magnitude";
        QTest::newRow("array") << "[2, 9]"
                               << "randaugment";
        QTest::newRow("number") << "2"
                                << "randaugment";
    }
    void randAugmentBadArguments() {
        QFETCH(QString, args);
        QFETCH(QString, where);
        try {
            randAugmentPreset(json::parse(args.toStdString()));
            QFAIL("accepted");
        } catch (const PipelineError& e) {
            QCOMPARE(QString::fromStdString(e.where()), where);
            QVERIFY(!e.reason().empty());
        }
    }

    void specAugmentMasks_data() {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<int>("mF");
        QTest::addColumn<int>("mT");
        QTest::addColumn<int>("F");
        QTest::addColumn<double>("part"); // min(p, T * 10 ms / 10 s)
        QTest::newRow("LB") << "LB" << 1 << 1 << 27 << 0.1;
        QTest::newRow("LD") << "LD" << 2 << 2 << 27 << 0.1;
        QTest::newRow("SM") << "SM" << 2 << 2 << 15 << 0.07;
        QTest::newRow("SS") << "SS" << 2 << 2 << 27 << 0.07;
    }
    void specAugmentMasks() {
        QFETCH(QString, policy);
        QFETCH(int, mF);
        QFETCH(int, mT);
        QFETCH(int, F);
        QFETCH(double, part);
        const json doc = specAugmentPreset(policy.toStdString());
        const Pipeline p = pipelineFromJson(doc);
        int bandStops = 0, timeMasks = 0;
        for (size_t i = 0; i < p.stepCount(); ++i) {
            const std::string id = p.stepInfo(i).id;
            bandStops += id == "audio.band_stop";
            timeMasks += id == "audio.time_mask";
        }
        QCOMPARE(bandStops, mF);
        QCOMPARE(timeMasks, mT);
        QCOMPARE(int(p.stepCount()), mF + mT);
        QVERIFY(doc["description"].get<std::string>().find("time warp") != std::string::npos);

        // Drawn on a 2 s, 16 kHz clip: every mask runs, within the policy's sizes, and the time
        // masks (run last) leave exact silence.
        const int rate = 16000, frames = 2 * rate;
        std::vector<float> wave(frames);
        for (int i = 0; i < frames; ++i)
            wave[size_t(i)] = float(0.5 * std::sin(2 * M_PI * 440.0 * i / rate));
        const double maxBandwidth = melFraction(F);
        for (uint64_t seed = 0; seed < 40; ++seed) {
            Sample s = AudioSample{{wave}, rate, ""};
            const RunResult r = p.run(s, seed);
            const auto& out = std::get<AudioSample>(s).channels[0];
            QCOMPARE(int64_t(out.size()), int64_t(frames));
            for (const StepRecord& step : r.steps) {
                QVERIFY(step.applied);
                if (step.id == "audio.band_stop") {
                    const double bw = step.values["bandwidth_fraction"].get<double>();
                    QVERIFY(bw >= 0.01 && bw <= maxBandwidth + 1e-6);
                    const double centre = step.values["center_hz"].get<double>();
                    QVERIFY(centre >= 100 - 1e-6 && centre <= 7600 + 1e-6);
                } else {
                    const int64_t start = step.values["start_frame"].get<int64_t>();
                    const int64_t len = step.values["mask_frames"].get<int64_t>();
                    QVERIFY(len >= 0 && len <= std::llround(part * frames));
                    for (int64_t i = start; i < start + len; ++i)
                        QCOMPARE(out[size_t(i)], 0.0f);
                }
            }
        }
        // The bandwidth limit follows F: 27 mel bins are about 0.86 of the centre, 15 about 0.47.
        const json& bandStop = doc["steps"][0]["params"];
        QVERIFY(std::abs(bandStop["bandwidth_fraction"][1].get<double>() - maxBandwidth) < 1e-6);
    }

    void specAugmentUnknownPolicy() {
        for (const char* bad : {"", "ld", "LX", "None"}) {
            try {
                specAugmentPreset(bad);
                QFAIL("accepted");
            } catch (const PipelineError& e) {
                QCOMPARE(e.where(), std::string("policy"));
                QVERIFY(e.reason().find("LB, LD, SM, SS") != std::string::npos);
            }
        }
    }

    void cliPrintsDocumentsThatLoad() {
        QVERIFY2(QFileInfo::exists(QStringLiteral(CLI_PATH)), CLI_PATH);
        {
            const auto [code, out, err] =
                cli({QStringLiteral("preset"), QStringLiteral("randaugment"),
                     QStringLiteral(R"({"n":3,"m":12})")});
            QCOMPARE(code, 0);
            const json doc = json::parse(out.toStdString());
            const Pipeline p = pipelineFromJson(doc);
            QCOMPARE(p.toJson()["steps"][0]["params"]["num_ops"].get<int>(), 3);
            QCOMPARE(raParams(doc)["magnitude"].get<int>(), 12);
        }
        {
            const auto [code, out, err] =
                cli({QStringLiteral("preset"), QStringLiteral("randaugment")});
            QCOMPARE(code, 0);
            const json doc = json::parse(out.toStdString());
            pipelineFromJson(doc);
            QCOMPARE(raParams(doc)["num_ops"].get<int>(), 2);
            QCOMPARE(raParams(doc)["magnitude"].get<int>(), 9);
        }
        {
            const auto [code, out, err] =
                cli({QStringLiteral("preset"), QStringLiteral("randaugment"),
                     QStringLiteral(R"({"m":31})")});
            QCOMPARE(code, 1);
            QVERIFY2(err.contains(QStringLiteral("m: expected an integer within [0, 30]")),
                     qPrintable(err));
        }
        {
            const auto [code, out, err] =
                cli({QStringLiteral("preset"), QStringLiteral("specaugment"),
                     QStringLiteral("--policy"), QStringLiteral("LD")});
            QCOMPARE(code, 0);
            const Pipeline p = pipelineFromJson(json::parse(out.toStdString()));
            QCOMPARE(p.modality(), Modality::Audio);
            QCOMPARE(p.stepCount(), size_t(4));
        }
        {
            const auto [code, out, err] =
                cli({QStringLiteral("preset"), QStringLiteral("specaugment"),
                     QStringLiteral("--policy"), QStringLiteral("XX")});
            QCOMPARE(code, 1);
            QVERIFY2(err.contains(QStringLiteral("policy: unknown SpecAugment policy 'XX'")),
                     qPrintable(err));
        }
    }
};

QTEST_GUILESS_MAIN(TestPresetsPolicies)
#include "tst_presets_policies.moc"

// The RandAugment and SpecAugment presets: every document loads, RandAugment applies exactly n
// different ops with parameters that grow with the magnitude, SpecAugment has mF frequency and
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

QString q(const json& j) {
    return QString::fromStdString(j.dump());
}

cv::Mat noiseImage(int rows, int cols, int lo, int hi) {
    cv::Mat image(rows, cols, CV_8UC3);
    cv::randu(image, lo, hi + 1);
    return image;
}

Sample imageSample(const cv::Mat& image) {
    return ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
}

// The leaf steps of each child of RandAugment's some_of group: leaf index -> op index.
std::vector<size_t> leafOps(const json& doc) {
    std::vector<size_t> out;
    const json& group = doc["steps"][0]["some_of"];
    for (size_t op = 0; op < group.size(); ++op) {
        const size_t leaves = group[op].contains("one_of") ? group[op]["one_of"].size() : 1;
        out.insert(out.end(), leaves, op);
    }
    return out;
}

// The parameters of op `op` (its + variant when it has two).
json opParams(const json& doc, size_t op) {
    const json& child = doc["steps"][0]["some_of"][op];
    return child.contains("one_of") ? child["one_of"][0]["params"] : child["params"];
}

enum Op : size_t {
    Identity,
    ShearX,
    ShearY,
    TranslateX,
    TranslateY,
    Rotate,
    Brightness,
    Color,
    Contrast,
    Sharpness,
    Posterize,
    Solarize,
    AutoContrast,
    Equalize,
    OpCount
};

// A range parameter written as a number or [v, v]: its value.
double scalar(const json& v) {
    return v.is_array() ? v[0].get<double>() : v.get<double>();
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
        QCOMPARE(q(doc["steps"][0]["n"]), q({2, 2}));
        QCOMPARE(doc["steps"][0]["some_of"].size(), size_t(OpCount));
        QCOMPARE(scalar(opParams(doc, Rotate)["degrees"]), 9.0);
    }

    // Over many seeds exactly n leaves run, from n different ops; every op is drawn sometimes.
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
        const std::vector<size_t> ops = leafOps(doc);
        QCOMPARE(p.stepCount(), ops.size());
        const cv::Mat image = noiseImage(24, 32, 0, 255);
        std::set<size_t> seen;
        std::set<double> rotateAngles;
        for (uint64_t seed = 0; seed < 300; ++seed) {
            Sample s = imageSample(image);
            const RunResult r = p.run(s, seed);
            QCOMPARE(r.steps.size(), ops.size());
            std::set<size_t> applied;
            int count = 0;
            for (size_t i = 0; i < r.steps.size(); ++i) {
                if (!r.steps[i].applied)
                    continue;
                ++count;
                applied.insert(ops[i]);
                if (ops[i] == Rotate)
                    rotateAngles.insert(r.steps[i].values["angle"].get<double>());
            }
            QCOMPARE(count, n);
            QCOMPARE(int(applied.size()), n); // n different ops
            seen.insert(applied.begin(), applied.end());
            QCOMPARE(std::get<ImageSample>(s).image.size(), image.size());
        }
        QCOMPARE(seen.size(), size_t(OpCount));
        // The sign is random where torchvision draws it: both +m and -m degrees occur.
        if (m > 0)
            QCOMPARE(rotateAngles, (std::set<double>{-double(m), double(m)}));
        else
            QCOMPARE(rotateAngles, std::set<double>{0.0});
    }

    // Every magnitude-driven parameter moves one way as m grows, and reaches torchvision's
    // values at m = 30.
    void randAugmentMagnitudeMonotonic() {
        json previous;
        for (int m = 0; m <= 30; ++m) {
            const json doc = randAugmentPreset({{"n", 2}, {"m", m}});
            json now = {
                {"shear_x", scalar(opParams(doc, ShearX)["shear_x"])},
                {"shear_y", scalar(opParams(doc, ShearY)["shear_y"])},
                {"translate_x", scalar(opParams(doc, TranslateX)["translate_x"])},
                {"translate_y", scalar(opParams(doc, TranslateY)["translate_y"])},
                {"rotate", scalar(opParams(doc, Rotate)["degrees"])},
                {"brightness", scalar(opParams(doc, Brightness)["brightness"])},
                {"saturation", scalar(opParams(doc, Color)["saturation"])},
                {"contrast", scalar(opParams(doc, Contrast)["contrast"])},
                {"sharpen", scalar(opParams(doc, Sharpness)["alpha"])},
                {"bits", -scalar(opParams(doc, Posterize)["bits"])},          // fewer bits
                {"threshold", -scalar(opParams(doc, Solarize)["threshold"])}, // lower threshold
            };
            if (m > 0) {
                const json& blur = doc["steps"][0]["some_of"][Sharpness]["one_of"][1];
                QCOMPARE(blur["transform"].get<std::string>(), std::string("image.gaussian_blur"));
                now["blur"] = scalar(blur["params"]["sigma"]);
            }
            if (!previous.is_null())
                for (const auto& [key, v] : now.items()) {
                    if (!previous.contains(key))
                        continue;
                    const bool stepped = key == "bits"; // posterize moves in whole bits
                    if (stepped ? v.get<double>() < previous[key].get<double>()
                                : v.get<double>() <= previous[key].get<double>())
                        QFAIL(qPrintable(QStringLiteral("%1 does not grow from m=%2 to m=%3")
                                             .arg(QString::fromStdString(key))
                                             .arg(m - 1)
                                             .arg(m)));
                }
            previous = now;
        }
        const json top = randAugmentPreset({{"m", 30}});
        QCOMPARE(scalar(opParams(top, Rotate)["degrees"]), 30.0);
        QVERIFY(std::abs(scalar(opParams(top, ShearX)["shear_x"]) - std::atan(0.3) * 180 / M_PI) <
                1e-6);
        QVERIFY(std::abs(scalar(opParams(top, TranslateX)["translate_x"]) - 150.0 / 331.0) < 1e-6);
        QVERIFY(std::abs(scalar(opParams(top, Brightness)["brightness"]) - 1.9) < 1e-9);
        QCOMPARE(scalar(opParams(top, Posterize)["bits"]), 4.0);
        QCOMPARE(scalar(opParams(top, Solarize)["threshold"]), 0.0);
        // The - variants mirror the + ones.
        const json& rot = top["steps"][0]["some_of"][Rotate]["one_of"];
        QCOMPARE(scalar(rot[1]["params"]["degrees"]), -30.0);
        const json& bri = top["steps"][0]["some_of"][Brightness]["one_of"];
        QVERIFY(std::abs(scalar(bri[1]["params"]["brightness"]) - 0.1) < 1e-9);
    }

    // Drawn values, not only the document: rotating at m=30 turns further than at m=5.
    void randAugmentDrawnRotationGrowsWithM() {
        auto largestAngle = [](int m) {
            const json doc = randAugmentPreset({{"n", 14}, {"m", m}});
            const Pipeline p = pipelineFromJson(doc);
            const std::vector<size_t> ops = leafOps(doc);
            Sample s = imageSample(noiseImage(16, 16, 0, 255));
            const RunResult r = p.run(s, 7);
            for (size_t i = 0; i < r.steps.size(); ++i)
                if (ops[i] == Rotate && r.steps[i].applied)
                    return std::abs(r.steps[i].values["angle"].get<double>());
            return -1.0;
        };
        QCOMPARE(largestAngle(5), 5.0);
        QCOMPARE(largestAngle(30), 30.0);
    }

    // m = 0: every magnitude op is at its neutral value, without a sign to draw, and leaves an
    // image whose levels avoid white unchanged; only AutoContrast and Equalize (no magnitude)
    // change it.
    void randAugmentZeroMagnitudeIsIdentityLike() {
        const json doc = randAugmentPreset({{"n", 2}, {"m", 0}});
        for (const json& child : doc["steps"][0]["some_of"])
            QVERIFY(!child.contains("one_of"));
        QCOMPARE(scalar(opParams(doc, Rotate)["degrees"]), 0.0);
        QCOMPARE(scalar(opParams(doc, ShearX)["shear_x"]), 0.0);
        QCOMPARE(scalar(opParams(doc, TranslateY)["translate_y"]), 0.0);
        QCOMPARE(scalar(opParams(doc, Brightness)["brightness"]), 1.0);
        QCOMPARE(scalar(opParams(doc, Sharpness)["alpha"]), 0.0);
        QCOMPARE(scalar(opParams(doc, Posterize)["bits"]), 8.0);
        QCOMPARE(scalar(opParams(doc, Solarize)["threshold"]), 255.0);

        const Pipeline p = pipelineFromJson(doc);
        const cv::Mat image = noiseImage(20, 20, 20, 200);
        for (size_t leaf = 0; leaf < p.stepCount(); ++leaf) {
            const std::string id = p.stepInfo(leaf).id;
            Sample s = imageSample(image);
            p.runStepAlone(leaf, s, 3);
            const double diff = cv::norm(std::get<ImageSample>(s).image, image, cv::NORM_INF);
            if (id == "image.auto_contrast" || id == "image.equalize")
                QVERIFY2(diff > 0, id.c_str());
            else
                QVERIFY2(diff <= 1.0, (id + " changed a level by " + std::to_string(diff)).c_str());
        }
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
        if (!QFileInfo::exists(QStringLiteral(CLI_PATH)))
            QSKIP("augstudio-cli is not built");
        {
            const auto [code, out, err] =
                cli({QStringLiteral("preset"), QStringLiteral("randaugment"),
                     QStringLiteral(R"({"n":3,"m":12})")});
            QCOMPARE(code, 0);
            const json doc = json::parse(out.toStdString());
            const Pipeline p = pipelineFromJson(doc);
            QCOMPARE(q(p.toJson()["steps"][0]["n"]), q({3, 3}));
            QCOMPARE(scalar(opParams(doc, Rotate)["degrees"]), 12.0);
        }
        {
            const auto [code, out, err] =
                cli({QStringLiteral("preset"), QStringLiteral("randaugment")});
            QCOMPARE(code, 0);
            const json doc = json::parse(out.toStdString());
            pipelineFromJson(doc);
            QCOMPARE(q(doc["steps"][0]["n"]), q({2, 2}));
            QCOMPARE(scalar(opParams(doc, Rotate)["degrees"]), 9.0);
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

// The published policies as catalog transforms (policy.randaugment, policy.trivialaugment,
// policy.autoaugment, policy.augmix): torchvision 0.14's magnitude bins, each op's pixels on
// small images worked out by hand, targets moving with the geometric ops, the AutoAugment
// tables and probabilities, AugMix's weights, replay giving the same bytes, and bad
// parameters and values refused by name. (tests/python/test_policies.py compares the ops
// and the drawn frequencies with torchvision itself.)
#include "core/catalog/builtin.h"
#include "core/pipeline/pipeline.h"
#include "core/transforms/policy/autoaugment.h"
#include "core/transforms/policy/policyops.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <cmath>
#include <map>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

Pipeline policyPipeline(const std::string& id, const json& params = json::object()) {
    return pipelineFromJson({{"version", 1},
                             {"modality", "image"},
                             {"steps", {{{"transform", id}, {"p", 1.0}, {"params", params}}}}});
}

cv::Mat noiseImage(int rows, int cols, int type, uint64_t seed) {
    cv::Mat image(rows, cols, type);
    cv::RNG rng(seed);
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
    return image;
}

ImageSample sampleOf(const cv::Mat& image) {
    ImageSample s;
    s.image = image.clone();
    return s;
}

const std::vector<policy::OpSpace>& spaceNamed(const QString& name) {
    static const std::vector<policy::OpSpace> augmix = policy::augMixSpace(true);
    if (name == QLatin1String("ra"))
        return policy::randAugmentSpace();
    if (name == QLatin1String("ta"))
        return policy::trivialAugmentWideSpace();
    if (name == QLatin1String("aa"))
        return policy::autoAugmentSpace();
    return augmix;
}

cv::Mat applied(const cv::Mat& image, const std::string& op, double magnitude,
                int interpolation = cv::INTER_NEAREST, double fill = 0) {
    ImageSample s = sampleOf(image);
    policy::applyOp(s, op, magnitude, {interpolation, fill}, "op");
    return s.image;
}

QStringList names(std::initializer_list<const char*> list) {
    QStringList out;
    for (const char* s : list)
        out << QString::fromUtf8(s);
    return out;
}

} // namespace

class TestPolicyTransforms : public QObject {
    Q_OBJECT

private slots:
    void registered_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("params");
        QTest::newRow("randaugment")
            << "policy.randaugment"
            << names({"num_ops", "magnitude", "num_magnitude_bins", "interpolation", "fill"});
        QTest::newRow("trivialaugment")
            << "policy.trivialaugment" << names({"num_magnitude_bins", "interpolation", "fill"});
        QTest::newRow("autoaugment")
            << "policy.autoaugment" << names({"policy", "interpolation", "fill"});
        QTest::newRow("augmix") << "policy.augmix"
                                << names({"severity", "width", "depth", "alpha", "all_ops",
                                          "interpolation", "fill"});
    }
    void registered() {
        QFETCH(QString, id);
        QFETCH(QStringList, params);
        const TransformInfo* info = builtinRegistry().find(id.toStdString());
        QVERIFY(info);
        QCOMPARE(info->modality, Modality::Image);
        QCOMPARE(info->defaultP, 1.0);
        QStringList names;
        for (const ParamSpec& p : info->params)
            names << QString::fromStdString(p.name);
        QCOMPARE(names, params);
    }

    // torchvision 0.14's bins (torch.linspace in float32, posterize rounded half to even).
    void magnitudes_data() {
        QTest::addColumn<QString>("space");
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("bin");
        QTest::addColumn<int>("bins");
        QTest::addColumn<double>("expected");
        QTest::newRow("ra rotate 9") << "ra"
                                     << "Rotate" << 9 << 31 << 9.0;
        QTest::newRow("ra rotate 30") << "ra"
                                      << "Rotate" << 30 << 31 << 30.0;
        QTest::newRow("ra shear 30") << "ra"
                                     << "ShearX" << 30 << 31 << double(0.3f);
        QTest::newRow("ra translate 30 of 331") << "ra"
                                                << "TranslateX" << 30 << 31 << 150.0;
        QTest::newRow("ra translate y 15 of 200")
            << "ra"
            << "TranslateY" << 15 << 31 << double(150.0f / 331.0f * 100.0f);
        QTest::newRow("ra brightness 30") << "ra"
                                          << "Brightness" << 30 << 31 << double(0.9f);
        QTest::newRow("ra posterize 0") << "ra"
                                        << "Posterize" << 0 << 31 << 8.0;
        QTest::newRow("ra posterize 15") << "ra"
                                         << "Posterize" << 15 << 31 << 6.0;
        QTest::newRow("ra posterize 30") << "ra"
                                         << "Posterize" << 30 << 31 << 4.0;
        QTest::newRow("ra solarize 0") << "ra"
                                       << "Solarize" << 0 << 31 << 255.0;
        QTest::newRow("ra solarize 30") << "ra"
                                        << "Solarize" << 30 << 31 << 0.0;
        QTest::newRow("ra identity") << "ra"
                                     << "Identity" << 5 << 31 << 0.0;
        QTest::newRow("ta rotate 30") << "ta"
                                      << "Rotate" << 30 << 31 << 135.0;
        QTest::newRow("ta translate 30") << "ta"
                                         << "TranslateX" << 30 << 31 << 32.0;
        QTest::newRow("ta shear 30") << "ta"
                                     << "ShearY" << 30 << 31 << double(0.99f);
        QTest::newRow("ta posterize 30") << "ta"
                                         << "Posterize" << 30 << 31 << 2.0;
        QTest::newRow("aa rotate 9 of 10") << "aa"
                                           << "Rotate" << 9 << 10 << 30.0;
        QTest::newRow("aa posterize 8 of 10") << "aa"
                                              << "Posterize" << 8 << 10 << 4.0;
        QTest::newRow("aa posterize 5 of 10") << "aa"
                                              << "Posterize" << 5 << 10 << 6.0;
        QTest::newRow("augmix posterize 9") << "augmix"
                                            << "Posterize" << 9 << 10 << 0.0;
        QTest::newRow("augmix translate 9 of 331")
            << "augmix"
            << "TranslateX" << 9 << 10 << double(float(331.0 / 3.0));
    }
    void magnitudes() {
        QFETCH(QString, space);
        QFETCH(QString, op);
        QFETCH(int, bin);
        QFETCH(int, bins);
        QFETCH(double, expected);
        const policy::OpSpace* found = policy::findOp(spaceNamed(space), op.toStdString());
        QVERIFY(found);
        const double got = policy::magnitudeOf(*found, bin, bins, 331, 200);
        QVERIFY2(std::abs(got - expected) <= 1e-5 * std::max(1.0, std::abs(expected)),
                 qPrintable(QStringLiteral("%1 != %2").arg(got, 0, 'g', 10).arg(expected)));
    }

    void spacesFollowTorchvision() {
        auto opNames = [](const std::vector<policy::OpSpace>& s) {
            QStringList out;
            for (const auto& op : s)
                out << QString::fromUtf8(op.name);
            return out;
        };
        const QStringList ra = names({"Identity", "ShearX", "ShearY", "TranslateX", "TranslateY",
                                      "Rotate", "Brightness", "Color", "Contrast", "Sharpness",
                                      "Posterize", "Solarize", "AutoContrast", "Equalize"});
        QCOMPARE(opNames(policy::randAugmentSpace()), ra);
        QCOMPARE(opNames(policy::trivialAugmentWideSpace()), ra);
        QStringList aa = ra.mid(1);
        aa << QStringLiteral("Invert");
        QCOMPARE(opNames(policy::autoAugmentSpace()), aa);
        QCOMPARE(opNames(policy::augMixSpace(false)),
                 (names({"ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate", "Posterize",
                         "Solarize", "AutoContrast", "Equalize"})));
        QCOMPARE(policy::augMixSpace(true).size(), size_t(13));
        for (const auto& op : policy::randAugmentSpace())
            QCOMPARE(op.signedOp, op.scale == policy::Scale::Linear);
    }

    // Point ops on an 8-bit grey ramp, values worked out from torchvision's formulas.
    void pointOps_data() {
        QTest::addColumn<QString>("op");
        QTest::addColumn<double>("magnitude");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("out");
        QTest::newRow("invert") << "Invert" << 0.0 << 10 << 245;
        QTest::newRow("solarize above") << "Solarize" << 128.0 << 200 << 55;
        QTest::newRow("solarize at threshold") << "Solarize" << 128.0 << 128 << 127;
        QTest::newRow("solarize below") << "Solarize" << 128.0 << 127 << 127;
        QTest::newRow("posterize 4") << "Posterize" << 4.0 << 0xAB << 0xA0;
        QTest::newRow("posterize 0") << "Posterize" << 0.0 << 0xFF << 0;
        QTest::newRow("brightness truncates") << "Brightness" << 0.5 << 101 << 151;
        QTest::newRow("brightness saturates") << "Brightness" << 0.9 << 200 << 255;
        QTest::newRow("brightness darker") << "Brightness" << -0.5 << 101 << 50;
        QTest::newRow("identity") << "Identity" << 0.0 << 77 << 77;
    }
    void pointOps() {
        QFETCH(QString, op);
        QFETCH(double, magnitude);
        QFETCH(int, in);
        QFETCH(int, out);
        const cv::Mat image(4, 5, CV_8UC1, cv::Scalar(in));
        const cv::Mat got = applied(image, op.toStdString(), magnitude);
        QCOMPARE(cv::countNonZero(got != out), 0);
    }

    // Contrast blends with the mean grey level; Color with each pixel's grey (BGR order:
    // grey = 0.2989 R + 0.587 G + 0.114 B, truncated); 1-channel Color is unchanged.
    void blendsWithGrey() {
        cv::Mat image(1, 2, CV_8UC3);
        image.at<cv::Vec3b>(0, 0) = {0, 0, 200}; // pure red: grey 59
        image.at<cv::Vec3b>(0, 1) = {100, 100, 100};
        const cv::Mat grey = applied(image, "Color", -1.0); // factor 0: the grey image
        QCOMPARE(grey.at<cv::Vec3b>(0, 0), cv::Vec3b(59, 59, 59));
        QCOMPARE(grey.at<cv::Vec3b>(0, 1), cv::Vec3b(99, 99, 99)); // 99.99 truncated
        const cv::Mat flat = applied(image, "Contrast", -1.0);     // factor 0: the mean grey
        QCOMPARE(flat.at<cv::Vec3b>(0, 0), cv::Vec3b(79, 79, 79)); // (59 + 99) / 2
        const cv::Mat single(3, 3, CV_8UC1, cv::Scalar(40));
        QCOMPARE(cv::norm(applied(single, "Color", 0.8), single, cv::NORM_INF), 0.0);
    }

    // Sharpness factor 0 is the rounded [1 1 1; 1 5 1; 1 1 1] / 13 blur inside, the border kept.
    void sharpnessKernel() {
        cv::Mat image(3, 3, CV_8UC1, cv::Scalar(0));
        image.at<uint8_t>(1, 1) = 130;
        const cv::Mat got = applied(image, "Sharpness", -1.0);
        QCOMPARE(int(got.at<uint8_t>(1, 1)), 50); // 130 * 5 / 13
        QCOMPARE(int(got.at<uint8_t>(0, 0)), 0);
        const cv::Mat sharper = applied(image, "Sharpness", 0.5); // 1.5 * 130 - 0.5 * 50
        QCOMPARE(int(sharper.at<uint8_t>(1, 1)), 170);
    }

    void autoContrastAndEqualize() {
        cv::Mat image(1, 3, CV_8UC1);
        image.at<uint8_t>(0, 0) = 50;
        image.at<uint8_t>(0, 1) = 100;
        image.at<uint8_t>(0, 2) = 150;
        const cv::Mat stretched = applied(image, "AutoContrast", 0);
        QCOMPARE(int(stretched.at<uint8_t>(0, 0)), 0);
        QCOMPARE(int(stretched.at<uint8_t>(0, 1)), 127); // 50 * 2.55 truncated
        QCOMPARE(int(stretched.at<uint8_t>(0, 2)), 255);
        // torchvision's equalize: step = (3 - 1) / 255 = 0 leaves a 3-pixel image unchanged.
        QCOMPARE(cv::norm(applied(image, "Equalize", 0), image, cv::NORM_INF), 0.0);
        // 1024 pixels, half 10 and half 20: step = 512 / 255 = 2, lut[10] = (0 + 1) / 2 = 0,
        // lut[20] = (512 + 1) / 2 = 256, clamped to 255.
        cv::Mat two(32, 32, CV_8UC1, cv::Scalar(10));
        two.rowRange(16, 32).setTo(20);
        const cv::Mat eq = applied(two, "Equalize", 0);
        QCOMPARE(int(eq.at<uint8_t>(0, 0)), 0);
        QCOMPARE(int(eq.at<uint8_t>(31, 0)), 255);
    }

    // 16-bit colour with alpha: the same formulas at 65535, alpha kept.
    void deepAndAlpha() {
        cv::Mat image(2, 2, CV_16UC4, cv::Scalar(1000, 2000, 3000, 4321));
        const cv::Mat inv = applied(image, "Invert", 0);
        QCOMPARE(inv.at<cv::Vec4w>(1, 1), cv::Vec4w(64535, 63535, 62535, 4321));
        const cv::Mat sol = applied(image, "Solarize", 7.0); // 7 * 257 = 1799
        QCOMPARE(sol.at<cv::Vec4w>(0, 0), cv::Vec4w(1000, 63535, 62535, 4321));
        cv::Mat f(2, 2, CV_32FC3, cv::Scalar(0.25, 0.5, 1.0));
        const cv::Mat bright = applied(f, "Brightness", 0.5);
        QCOMPARE(bright.at<cv::Vec3f>(0, 0), cv::Vec3f(0.375f, 0.75f, 1.0f));
    }

    // Geometry: translation by whole pixels (truncated), a quarter turn counter-clockwise about
    // the centre, shear about the top-left corner; the fill outside; boxes and keypoints move.
    void geometry() {
        const cv::Mat image = noiseImage(8, 8, CV_8UC1, 3);
        const cv::Mat moved = applied(image, "TranslateX", 2.7, cv::INTER_NEAREST, 9);
        QCOMPARE(cv::norm(moved.colRange(2, 8), image.colRange(0, 6), cv::NORM_INF), 0.0);
        QCOMPARE(cv::countNonZero(moved.colRange(0, 2) != 9), 0);
        const cv::Mat up = applied(image, "TranslateY", -3.0);
        QCOMPARE(cv::norm(up.rowRange(0, 5), image.rowRange(3, 8), cv::NORM_INF), 0.0);
        cv::Mat turned;
        cv::rotate(image, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
        QCOMPARE(cv::norm(applied(image, "Rotate", 90.0), turned, cv::NORM_INF), 0.0);
        // ShearX 2 about the top-left corner samples x + 2 (y + 0.5): row 0 from 1 px to the
        // right, row 1 from 3 px (torchvision's matrix, as PIL's (1, level, 0, 0, 1, 0)).
        const cv::Mat sheared = applied(image, "ShearX", 2.0);
        QCOMPARE(cv::norm(sheared.row(0).colRange(0, 7), image.row(0).colRange(1, 8), cv::NORM_INF),
                 0.0);
        QCOMPARE(cv::norm(sheared.row(1).colRange(0, 5), image.row(1).colRange(3, 8), cv::NORM_INF),
                 0.0);

        ImageSample s = sampleOf(image);
        s.boxes = {{2, 2, 6, 6, 1}};
        s.keypoints = {{3.5, 4.5}};
        s.mask = cv::Mat(8, 8, CV_8UC1, cv::Scalar(0));
        s.mask(cv::Rect(2, 2, 4, 4)).setTo(1);
        policy::applyOp(s, "TranslateX", 2.0, {cv::INTER_NEAREST, 0}, "op");
        QCOMPARE(s.boxes.size(), size_t(1));
        QCOMPARE(s.boxes[0].x1, 4.0);
        QCOMPARE(s.boxes[0].x2, 8.0);
        QCOMPARE(s.keypoints[0].x, 5.5);
        QCOMPARE(cv::countNonZero(s.mask), 16);
        QCOMPARE(int(s.mask.at<uint8_t>(2, 4)), 1);
    }

    // Every policy: same seed same bytes; replaying the recorded values gives the same bytes;
    // the recorded ops name torchvision ops.
    void replayGivesSameBytes_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("params");
        QTest::newRow("randaugment") << "policy.randaugment"
                                     << R"({"num_ops": 3})";
        QTest::newRow("trivialaugment") << "policy.trivialaugment"
                                        << "{}";
        QTest::newRow("autoaugment imagenet") << "policy.autoaugment"
                                              << R"({"policy":"imagenet"})";
        QTest::newRow("autoaugment svhn") << "policy.autoaugment"
                                          << R"({"policy":"svhn"})";
        QTest::newRow("augmix") << "policy.augmix"
                                << "{}";
        QTest::newRow("augmix nearest 4 chains") << "policy.augmix"
                                                 << R"({"width": 4, "interpolation": "nearest"})";
    }
    void replayGivesSameBytes() {
        QFETCH(QString, id);
        QFETCH(QString, params);
        const Pipeline p = policyPipeline(id.toStdString(), json::parse(params.toStdString()));
        const cv::Mat image = noiseImage(24, 32, CV_8UC3, 5);
        int changed = 0;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            Sample a = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            Sample b = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            Sample c = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            const RunResult ra = p.run(a, seed);
            const RunResult rb = p.run(b, seed);
            QCOMPARE(ra.stepsJson().dump(), rb.stepsJson().dump());
            p.replay(c, ra.steps);
            const cv::Mat& ia = std::get<ImageSample>(a).image;
            QCOMPARE(ia.type(), image.type());
            QCOMPARE(ia.size(), image.size());
            QCOMPARE(cv::norm(ia, std::get<ImageSample>(b).image, cv::NORM_INF), 0.0);
            QCOMPARE(cv::norm(ia, std::get<ImageSample>(c).image, cv::NORM_INF), 0.0);
            changed += cv::norm(ia, image, cv::NORM_INF) > 0;
        }
        QVERIFY(changed > 20);
    }

    // Depth, channels and size kept for every image type the catalog takes, tiny images too.
    void typesAndTinyImages_data() {
        QTest::addColumn<QString>("id");
        for (const char* id :
             {"policy.randaugment", "policy.trivialaugment", "policy.autoaugment", "policy.augmix"})
            QTest::newRow(id) << id;
    }
    void typesAndTinyImages() {
        QFETCH(QString, id);
        const Pipeline p = id == QLatin1String("policy.randaugment")
                               ? policyPipeline(id.toStdString(), {{"num_ops", 4}})
                               : policyPipeline(id.toStdString());
        for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC3, CV_32FC3})
            for (const cv::Size size : {cv::Size(1, 1), cv::Size(3, 2), cv::Size(40, 30)}) {
                cv::Mat image(size, type);
                cv::randu(image, 0, type == CV_32FC3 ? 1.0 : type == CV_16UC3 ? 65535.0 : 255.0);
                for (uint64_t seed = 0; seed < 30; ++seed) {
                    Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
                    p.run(s, seed);
                    const cv::Mat& out = std::get<ImageSample>(s).image;
                    QCOMPARE(out.type(), type);
                    QCOMPARE(out.size(), size);
                    if (type == CV_32FC3) {
                        double lo = 0, hi = 0;
                        cv::minMaxLoc(out.reshape(1), &lo, &hi);
                        QVERIFY(lo >= 0.0 && hi <= 1.0);
                    }
                }
            }
    }

    // AutoAugment draws one of the 25 sub-policies; an op of probability 1 always runs, one of
    // probability 0 never; the ops and bins are the table's.
    void autoAugmentTables() {
        for (const char* name : {"imagenet", "cifar10", "svhn"})
            QCOMPARE(AutoAugment::subPolicies(name).size(), size_t(25));
        const Pipeline p = policyPipeline("policy.autoaugment", {{"policy", "imagenet"}});
        const auto& table = AutoAugment::subPolicies("imagenet");
        std::set<int64_t> seen;
        const cv::Mat image = noiseImage(8, 8, CV_8UC3, 1);
        for (uint64_t seed = 0; seed < 600; ++seed) {
            Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            const json v = p.run(s, seed).steps[0].values;
            const int64_t id = v["sub_policy"].get<int64_t>();
            QVERIFY(id >= 0 && id < 25);
            seen.insert(id);
            const auto& sub = table[size_t(id)];
            const AutoAugment::PolicyStep steps[2] = {sub.first, sub.second};
            for (int i = 0; i < 2; ++i) {
                const json& op = v["ops"][i];
                QCOMPARE(op["op"].get<std::string>(), std::string(steps[i].op));
                if (steps[i].p == 1.0)
                    QVERIFY(op["applied"].get<bool>());
                if (steps[i].p == 0.0)
                    QVERIFY(!op["applied"].get<bool>());
                if (steps[i].bin >= 0)
                    QCOMPARE(op["bin"].get<int>(), steps[i].bin);
            }
        }
        QCOMPARE(seen.size(), size_t(25));
    }

    // AugMix: one weight for the original and one per chain, summing to 1; chain depths in
    // [lo, hi]; bins below severity; the mix of v and its inverse at 1/2 is 127 (truncated).
    void augMixWeightsAndMix() {
        const Pipeline p =
            policyPipeline("policy.augmix", {{"width", 3}, {"depth", {2, 3}}, {"severity", 2}});
        const cv::Mat image = noiseImage(16, 16, CV_8UC3, 2);
        std::set<int> depths;
        for (uint64_t seed = 0; seed < 100; ++seed) {
            Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            const json v = p.run(s, seed).steps[0].values;
            QCOMPARE(v["weights"].size(), size_t(4));
            double sum = 0;
            for (const json& w : v["weights"]) {
                QVERIFY(w.get<double>() >= 0);
                sum += w.get<double>();
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-9);
            for (const json& chain : v["chains"]) {
                depths.insert(int(chain.size()));
                for (const json& op : chain)
                    if (op.contains("bin"))
                        QVERIFY(op["bin"].get<int>() < 2);
            }
        }
        QCOMPARE(depths, (std::set<int>{2, 3}));

        const Pipeline one = policyPipeline("policy.augmix", {{"width", 1}});
        Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
        one.replay(s, {StepRecord{"policy.augmix",
                                  true,
                                  {{"weights", {0.5, 0.5}},
                                   {"chains", {{{{"op", "Invert"}, {"magnitude", 0}}}}}}}});
        QCOMPARE(cv::countNonZero(std::get<ImageSample>(s).image.reshape(1) != 127), 0);
    }

    void badParameters_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("where");
        QTest::newRow("magnitude beyond the bins") << "policy.randaugment"
                                                   << R"({"magnitude": 31})"
                                                   << "steps[0].params";
        QTest::newRow("too many ops") << "policy.randaugment"
                                      << R"({"num_ops": 15})"
                                      << "steps[0].params.num_ops";
        QTest::newRow("unknown policy") << "policy.autoaugment"
                                        << R"({"policy": "coco"})"
                                        << "steps[0].params.policy";
        QTest::newRow("bicubic") << "policy.trivialaugment"
                                 << R"({"interpolation": "cubic"})"
                                 << "steps[0].params.interpolation";
        QTest::newRow("severity 0") << "policy.augmix"
                                    << R"({"severity": 0})"
                                    << "steps[0].params.severity";
    }
    void badParameters() {
        QFETCH(QString, id);
        QFETCH(QString, params);
        QFETCH(QString, where);
        try {
            policyPipeline(id.toStdString(), json::parse(params.toStdString()));
            QFAIL("accepted");
        } catch (const PipelineError& e) {
            QCOMPARE(QString::fromStdString(e.where()), where);
        }
    }

    void badValuesOnReplay() {
        const Pipeline p = policyPipeline("policy.trivialaugment");
        Sample s = ImageSample{noiseImage(4, 4, CV_8UC1, 1), {}, {}, {}, 0.3, ""};
        try {
            p.replay(s, {StepRecord{"policy.trivialaugment",
                                    true,
                                    {{"ops", {{{"op", "Zoom"}, {"magnitude", 1}}}}}}});
            QFAIL("accepted");
        } catch (const PipelineError& e) {
            QCOMPARE(e.where(), std::string("values.ops[0]"));
            QVERIFY(e.reason().find("unknown op 'Zoom'") != std::string::npos);
        }
        try {
            p.replay(s, {StepRecord{"policy.trivialaugment",
                                    true,
                                    {{"ops", {{{"op", "Rotate"}, {"magnitude", "x"}}}}}}});
            QFAIL("accepted");
        } catch (const PipelineError& e) {
            QCOMPARE(e.where(), std::string("values.ops[0].magnitude"));
        }
    }
};

QTEST_GUILESS_MAIN(TestPolicyTransforms)
#include "tst_policy_transforms.moc"

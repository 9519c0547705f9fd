// The colour and pixel catalog: values per transform, identity parameters, depth and
// channel handling, determinism, and targets left alone.
#include "core/pipeline/pipeline.h"
#include "core/pipeline/registry.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/image/pixelops.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <cmath>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

const Registry& registry() {
    static const Registry r = [] {
        Registry reg;
        registerImagePixel(reg);
        return reg;
    }();
    return r;
}

// A photo-like test image: gradients, a bright block and texture, scaled to the depth.
cv::Mat photo(int type, int w = 64, int h = 48) {
    const int cn = CV_MAT_CN(type), depth = CV_MAT_DEPTH(type);
    cv::Mat eight(h, w, CV_8UC(cn));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < cn; ++c) {
                int v =
                    (x * 255 / std::max(1, w - 1) + y * 3 + c * 50 + ((x * 7 + y * 13) % 17) * 3);
                if (x > w / 2 && y > h / 2)
                    v = 230 + c;
                if (c == 3)
                    v = 100 + (x % 5); // a distinctive alpha
                eight.ptr<uint8_t>(y)[x * cn + c] = uint8_t(v % 256);
            }
    if (depth == CV_8U)
        return eight;
    cv::Mat out;
    eight.convertTo(out, type, depth == CV_16U ? 257.0 : 1.0 / 255.0);
    return out;
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    for (int y = 0; y < a.rows; ++y)
        if (std::memcmp(a.ptr(y), b.ptr(y), a.cols * a.elemSize()) != 0)
            return false;
    return true;
}

json doc(const std::string& id, json params, uint64_t seed = 5) {
    return {{"version", 1},
            {"modality", "image"},
            {"seed", seed},
            {"steps", {{{"transform", id}, {"p", 1.0}, {"params", std::move(params)}}}}};
}

// Runs one step with p 1 on a copy of `image` and returns the result and the drawn values.
std::pair<cv::Mat, json> run(const std::string& id, const cv::Mat& image,
                             json params = json::object(), uint64_t seed = 11) {
    const Pipeline p = Pipeline::fromJson(doc(id, std::move(params)), registry());
    Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
    const RunResult r = p.run(s, seed);
    return {std::get<ImageSample>(s).image, r.steps.at(0).values};
}

// Applies given values (no drawing) through the transform of `id`.
cv::Mat applyValues(const std::string& id, const cv::Mat& image, const json& values,
                    json params = json::object()) {
    const TransformInfo* info = registry().find(id);
    if (!info)
        throw std::runtime_error("no transform " + id);
    auto t = info->create(validateParams(info->params, params, "params"));
    Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
    t->apply(s, Values::fromJson(values));
    return std::get<ImageSample>(s).image;
}

QString typeName(int type) {
    const int depth = CV_MAT_DEPTH(type);
    return QStringLiteral("%1C%2")
        .arg(depth == CV_8U    ? QStringLiteral("8U")
             : depth == CV_16U ? QStringLiteral("16U")
                               : QStringLiteral("32F"))
        .arg(CV_MAT_CN(type));
}

double maxAbsDiff(const cv::Mat& a, const cv::Mat& b) {
    return cv::norm(a, b, cv::NORM_INF);
}

} // namespace

class TestImagePixel : public QObject {
    Q_OBJECT
private slots:
    void catalogIsComplete() {
        const char* ids[] = {"image.brightness_contrast",
                             "image.color_jitter",
                             "image.hue_saturation_value",
                             "image.rgb_shift",
                             "image.channel_shift",
                             "image.gamma",
                             "image.clahe",
                             "image.equalize",
                             "image.auto_contrast",
                             "image.invert",
                             "image.to_gray",
                             "image.channel_shuffle",
                             "image.posterize",
                             "image.solarize",
                             "image.sharpen",
                             "image.emboss",
                             "image.gaussian_blur",
                             "image.median_blur",
                             "image.motion_blur",
                             "image.defocus",
                             "image.gaussian_noise",
                             "image.iso_noise",
                             "image.salt_pepper",
                             "image.jpeg_compression",
                             "image.downscale",
                             "image.coarse_dropout",
                             "image.random_erasing",
                             "image.grid_dropout",
                             "image.fog",
                             "image.rain",
                             "image.shadow",
                             "image.sun_flare",
                             "image.snow",
                             "image.normalize",
                             "image.blur",
                             "image.unsharp_mask",
                             "image.to_sepia",
                             "image.channel_dropout",
                             "image.multiplicative_noise",
                             "image.additive_noise",
                             "image.shot_noise",
                             "image.pixel_dropout",
                             "image.fancy_pca",
                             "image.random_tone_curve",
                             "image.morphological",
                             "image.xy_masking",
                             "image.time_masking",
                             "image.frequency_masking",
                             "image.chromatic_aberration",
                             "image.zoom_blur",
                             "image.glass_blur",
                             "image.ringing_overshoot",
                             "image.illumination",
                             "image.planckian_jitter",
                             "image.superpixels",
                             "image.advanced_blur",
                             "image.plasma_brightness_contrast",
                             "image.plasma_shadow",
                             "image.he_stain",
                             "image.text_image",
                             "image.random_gravel",
                             "image.spatter"};
        for (const char* id : ids) {
            const TransformInfo* t = registry().find(id);
            QVERIFY2(t, id);
            QCOMPARE(t->kind, std::string("pixel"));
            QVERIFY(!t->summary.empty());
            for (const auto& p : t->params) {
                QVERIFY2(!p.help.empty(), (std::string(id) + "." + p.name).c_str());
                QVERIFY2(!p.defaultValue.is_null(), (std::string(id) + "." + p.name).c_str());
            }
        }
        // Every pixel transform is listed above (the mixing ones register beside them).
        size_t pixel = 0;
        for (const TransformInfo* t : registry().list(Modality::Image))
            pixel += t->kind == "pixel";
        QCOMPARE(pixel, std::size(ids));
    }

    // Every transform, every depth and channel count: type and size kept, same seed same
    // bytes, replay gives the same bytes, targets untouched, alpha untouched.
    void invariants_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("type");
        for (const TransformInfo* t : registry().list(Modality::Image))
            for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC1, CV_16UC3, CV_32FC3, CV_32FC4})
                QTest::addRow("%s %s", t->id.c_str(), qPrintable(typeName(type)))
                    << QString::fromStdString(t->id) << type;
    }
    void invariants() {
        QFETCH(QString, id);
        QFETCH(int, type);
        const std::string tid = id.toStdString();
        const Pipeline p = Pipeline::fromJson(doc(tid, json::object()), registry());
        const cv::Mat image = photo(type);
        ImageSample in{image.clone(),
                       cv::Mat(image.size(), CV_8UC1, cv::Scalar(3)),
                       {{1, 2, 30, 40, 7}},
                       {{5.5, 6.5}},
                       0.3,
                       "cat"};
        for (uint64_t seed : {1u, 2u, 3u}) {
            Sample a = cloneSample(in), b = cloneSample(in);
            const RunResult ra = p.run(a, seed), rb = p.run(b, seed);
            const auto& ia = std::get<ImageSample>(a);
            const auto& ib = std::get<ImageSample>(b);
            QVERIFY(sameBytes(ia.image, ib.image));
            QCOMPARE(ra.stepsJson(), rb.stepsJson());
            QCOMPARE(ia.image.size(), image.size());
            QCOMPARE(ia.image.channels(), image.channels());
            QCOMPARE(ia.image.depth(), tid == "image.normalize" ? CV_32F : image.depth());
            QVERIFY(sameBytes(ia.mask, in.mask));
            QCOMPARE(ia.boxes.size(), size_t(1));
            QCOMPARE(ia.boxes[0].x2, 30.0);
            QCOMPARE(ia.boxes[0].classId, 7);
            QCOMPARE(ia.keypoints.size(), size_t(1));
            QCOMPARE(ia.keypoints[0].x, 5.5);
            QCOMPARE(ia.label, std::string("cat"));
            if (image.channels() == 4 && tid != "image.normalize") {
                cv::Mat alphaIn, alphaOut;
                cv::extractChannel(image, alphaIn, 3);
                cv::extractChannel(ia.image, alphaOut, 3);
                QVERIFY2(sameBytes(alphaIn, alphaOut), "alpha changed");
            }
            // Replaying the recorded values gives the same bytes.
            Sample c = cloneSample(in);
            p.replay(c, ra.steps);
            QVERIFY(sameBytes(std::get<ImageSample>(c).image, ia.image));
            // Drawn values read back from their JSON unchanged.
            QVERIFY(Values::fromJson(json::parse(ra.steps[0].values.dump())) == ra.steps[0].values);
        }
    }

    void tinyImagesDoNotCrash_data() { invariants_data(); }
    void tinyImagesDoNotCrash() {
        QFETCH(QString, id);
        QFETCH(int, type);
        for (cv::Size size : {cv::Size(1, 1), cv::Size(2, 1), cv::Size(1, 3)}) {
            const auto [out, values] = run(id.toStdString(), photo(type, size.width, size.height));
            QCOMPARE(out.size(), size);
            QCOMPARE(out.channels(), CV_MAT_CN(type));
        }
    }

    // Identity parameters give the input back exactly, at every depth.
    void identityParameters_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("params");
        QTest::addColumn<int>("type");
        const std::pair<const char*, json> rows[] = {
            {"image.brightness_contrast", {{"brightness", 0}, {"contrast", 0}}},
            {"image.color_jitter",
             {{"brightness", 1}, {"contrast", 1}, {"saturation", 1}, {"hue", 0}}},
            {"image.hue_saturation_value", {{"hue_shift", 0}, {"sat_shift", 0}, {"val_shift", 0}}},
            {"image.rgb_shift", {{"r_shift", 0}, {"g_shift", 0}, {"b_shift", 0}}},
            {"image.channel_shift", {{"intensity", 0}}},
            {"image.gamma", {{"gamma", 100}}},
            {"image.posterize", {{"bits", 8}}},
            {"image.solarize", {{"threshold", 256}}},
            {"image.sharpen", {{"alpha", 0}}},
            {"image.emboss", {{"alpha", 0}}},
            {"image.gaussian_blur", {{"kernel", 1}}},
            {"image.median_blur", {{"kernel", 1}}},
            {"image.motion_blur", {{"kernel", 1}}},
            {"image.defocus", {{"radius", 0}}},
            {"image.gaussian_noise", {{"std", 0}, {"mean", 0}}},
            {"image.iso_noise", {{"intensity", 0}}},
            {"image.salt_pepper", {{"amount", 0}}},
            {"image.downscale", {{"scale", 1}}},
            {"image.coarse_dropout", {{"holes", 0}}},
            {"image.fog", {{"fog_coef", 0}}},
            {"image.shadow", {{"num_shadows", 0}}},
            {"image.blur", {{"kernel", 1}}},
            {"image.unsharp_mask", {{"alpha", 0}}},
            {"image.channel_dropout", {{"channels", 0}}},
            {"image.multiplicative_noise", {{"multiplier", 1}}},
            {"image.multiplicative_noise", {{"multiplier", 1}, {"elementwise", true}}},
            {"image.additive_noise", {{"uniform_range", 0}}},
            {"image.additive_noise",
             {{"noise_type", "gaussian"}, {"spatial_mode", "per_pixel"}, {"std", 0}}},
            {"image.shot_noise", {{"scale", 0}}},
            {"image.pixel_dropout", {{"dropout_prob", 0}}},
            {"image.fancy_pca", {{"alpha", 0}}},
            {"image.morphological", {{"size", 1}}},
            {"image.xy_masking", {{"num_masks_x", 0}, {"num_masks_y", 0}}},
            {"image.time_masking", {{"time_mask_param", 0}}},
            {"image.frequency_masking", {{"freq_mask_param", 0}}},
            {"image.chromatic_aberration",
             {{"primary_distortion", 0}, {"secondary_distortion", 0}}},
            {"image.zoom_blur", {{"max_factor", 1}}},
            {"image.glass_blur", {{"sigma", 0}, {"iterations", 0}}},
            {"image.ringing_overshoot", {{"kernel", 1}}},
            {"image.illumination", {{"intensity", 0}}},
            {"image.planckian_jitter", {{"temperature", 6500}}},
            {"image.superpixels", {{"p_replace", 0}}},
            {"image.advanced_blur", {{"kernel", 1}}},
            {"image.plasma_brightness_contrast", {{"brightness", 0}, {"contrast", 0}}},
            {"image.plasma_shadow", {{"intensity", 0}}},
        };
        for (const auto& [id, params] : rows)
            for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC3, CV_32FC3})
                QTest::addRow("%s %s %s", id, params.dump().c_str(), qPrintable(typeName(type)))
                    << QString::fromUtf8(id) << QString::fromStdString(params.dump()) << type;
    }
    void identityParameters() {
        QFETCH(QString, id);
        QFETCH(QString, params);
        QFETCH(int, type);
        const cv::Mat image = photo(type);
        const auto [out, values] = run(id.toStdString(), image, json::parse(params.toStdString()));
        QVERIFY2(sameBytes(out, image), values.dump().c_str());
    }

    void invert() {
        const cv::Mat a8 = photo(CV_8UC3), a16 = photo(CV_16UC1), af = photo(CV_32FC3);
        QVERIFY(sameBytes(run("image.invert", a8).first, cv::Scalar::all(255) - a8));
        cv::Mat expected16 = cv::Scalar::all(65535) - a16;
        QVERIFY(sameBytes(run("image.invert", a16).first, expected16));
        QVERIFY(maxAbsDiff(run("image.invert", af).first, cv::Scalar::all(1.0) - af) < 1e-6);
        // 4 channels: colour inverted, alpha kept.
        const cv::Mat a4 = photo(CV_8UC4);
        const cv::Mat out = run("image.invert", a4).first;
        QCOMPARE(out.at<cv::Vec4b>(3, 5)[0], uint8_t(255 - a4.at<cv::Vec4b>(3, 5)[0]));
        QCOMPARE(out.at<cv::Vec4b>(3, 5)[3], a4.at<cv::Vec4b>(3, 5)[3]);
    }

    void posterizeKeepsTopBits() {
        const cv::Mat a = photo(CV_8UC3);
        const auto [out, v] = run("image.posterize", a, {{"bits", 4}});
        QCOMPARE(v["bits"].get<int>(), 4);
        cv::Mat expected;
        cv::bitwise_and(a, cv::Scalar::all(0xF0), expected);
        QVERIFY(sameBytes(out, expected));
        const cv::Mat a16 = photo(CV_16UC3);
        cv::bitwise_and(a16, cv::Scalar::all(0xE000), expected);
        QVERIFY(sameBytes(run("image.posterize", a16, {{"bits", 3}}).first, expected));
    }

    void solarizeInvertsAboveThresholdOnly() {
        const cv::Mat a = photo(CV_8UC1);
        const cv::Mat out = run("image.solarize", a, {{"threshold", 128}}).first;
        for (int y = 0; y < a.rows; ++y)
            for (int x = 0; x < a.cols; ++x) {
                const int v = a.at<uint8_t>(y, x);
                QCOMPARE(int(out.at<uint8_t>(y, x)), v >= 128 ? 255 - v : v);
            }
        const cv::Mat a16 = photo(CV_16UC1);
        const cv::Mat o16 = run("image.solarize", a16, {{"threshold", 128}}).first;
        const int t16 = 128 * 257;
        for (int x = 0; x < a16.cols; ++x) {
            const int v = a16.at<uint16_t>(7, x);
            QCOMPARE(int(o16.at<uint16_t>(7, x)), v >= t16 ? 65535 - v : v);
        }
    }

    void gammaCurve() {
        const cv::Mat a = photo(CV_8UC3);
        const cv::Mat out = run("image.gamma", a, {{"gamma", 200}}).first;
        for (int x = 0; x < a.cols; ++x) {
            const double v = a.at<cv::Vec3b>(10, x)[1];
            QCOMPARE(int(out.at<cv::Vec3b>(10, x)[1]),
                     int(cv::saturate_cast<uint8_t>(255.0 * std::pow(v / 255.0, 2.0))));
        }
        const cv::Mat af = photo(CV_32FC1);
        const cv::Mat of = run("image.gamma", af, {{"gamma", 50}}).first;
        QVERIFY(std::abs(of.at<float>(5, 9) - std::sqrt(af.at<float>(5, 9))) < 1e-5);
    }

    void brightnessContrastValues() {
        const cv::Mat a = photo(CV_8UC3);
        const auto [out, v] =
            run("image.brightness_contrast", a, {{"brightness", 0.1}, {"contrast", 0.0}});
        QCOMPARE(v["brightness"].get<double>(), 0.1);
        QCOMPARE(v["contrast"].get<double>(), 0.0);
        cv::Mat expected;
        a.convertTo(expected, CV_8U, 1.0, 25.5);
        QVERIFY(sameBytes(out, expected));
        const cv::Mat a16 = photo(CV_16UC1);
        const cv::Mat o16 =
            run("image.brightness_contrast", a16, {{"brightness", 0.0}, {"contrast", -0.5}}).first;
        a16.convertTo(expected, CV_16U, 0.5);
        QVERIFY(sameBytes(o16, expected));
        // Drawn values lie in their ranges.
        for (uint64_t seed = 0; seed < 20; ++seed) {
            const json d = run("image.brightness_contrast", a, json::object(), seed).second;
            QVERIFY(std::abs(d["brightness"].get<double>()) <= 0.2);
            QVERIFY(std::abs(d["contrast"].get<double>()) <= 0.2);
        }
    }

    void toGrayGivesEqualChannels() {
        for (int type : {CV_8UC3, CV_16UC3, CV_32FC3, CV_8UC4}) {
            const cv::Mat a = photo(type);
            const cv::Mat out = run("image.to_gray", a).first;
            QCOMPARE(out.type(), type);
            std::vector<cv::Mat> planes;
            cv::split(out, planes);
            QCOMPARE(cv::norm(planes[0], planes[1], cv::NORM_INF), 0.0);
            QCOMPARE(cv::norm(planes[0], planes[2], cv::NORM_INF), 0.0);
            cv::Mat gray;
            cv::cvtColor(a, gray, a.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
            QVERIFY(sameBytes(planes[0], gray));
        }
    }

    void gaussianNoiseStdMatchesDrawn() {
        const cv::Mat flat(256, 256, CV_8UC3, cv::Scalar::all(128));
        const auto [out, v] = run("image.gaussian_noise", flat, {{"std", {0.03, 0.06}}});
        const double drawn = v["std"].get<double>();
        QVERIFY(drawn >= 0.03 && drawn <= 0.06);
        QVERIFY(v.contains("seed"));
        cv::Mat diff;
        out.convertTo(diff, CV_64F);
        diff -= cv::Scalar::all(128);
        cv::Scalar mean, sd;
        cv::meanStdDev(diff.reshape(1), mean, sd);
        QVERIFY2(std::abs(sd[0] - drawn * 255) < 0.05 * drawn * 255,
                 qPrintable(QStringLiteral("measured %1, drawn %2").arg(sd[0]).arg(drawn * 255)));
        QVERIFY(std::abs(mean[0]) < 0.5);
        // Float: same rule on the [0, 1] scale.
        const cv::Mat flatF(256, 256, CV_32FC1, cv::Scalar(0.5));
        const auto [outF, vF] = run("image.gaussian_noise", flatF, {{"std", 0.05}});
        cv::meanStdDev(outF, mean, sd);
        QVERIFY(std::abs(sd[0] - 0.05) < 0.0025);
        // Replaying the values with the same seed gives the same noise; another seed differs.
        json other = v;
        QVERIFY(sameBytes(applyValues("image.gaussian_noise", flat, v), out));
        other["seed"] = v["seed"].get<uint64_t>() + 1;
        QVERIFY(!sameBytes(applyValues("image.gaussian_noise", flat, other), out));
    }

    void equalizeSpreadsNarrowHistogram() {
        for (int type : {CV_8UC1, CV_16UC1, CV_32FC1, CV_8UC3}) {
            cv::Mat narrow8(64, 64, CV_8UC(CV_MAT_CN(type)));
            for (int y = 0; y < 64; ++y)
                for (int x = 0; x < 64 * CV_MAT_CN(type); ++x)
                    narrow8.ptr<uint8_t>(y)[x] = uint8_t(100 + (x + y) % 21);
            cv::Mat narrow;
            const double top = CV_MAT_DEPTH(type) == CV_8U    ? 255
                               : CV_MAT_DEPTH(type) == CV_16U ? 65535
                                                              : 1;
            narrow8.convertTo(narrow, type, top / 255.0);
            const cv::Mat out = run("image.equalize", narrow).first;
            double lo, hi;
            cv::minMaxLoc(out.reshape(1), &lo, &hi);
            QVERIFY2(lo == 0 && hi == top, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));
        }
    }

    void autoContrastStretches() {
        cv::Mat a(8, 8, CV_8UC3);
        for (int i = 0; i < 64; ++i)
            a.at<cv::Vec3b>(i / 8, i % 8) = cv::Vec3b(uint8_t(50 + i), uint8_t(100 + i), 77);
        const cv::Mat out = run("image.auto_contrast", a).first;
        QCOMPARE(int(out.at<cv::Vec3b>(0, 0)[0]), 0);
        QCOMPARE(int(out.at<cv::Vec3b>(7, 7)[0]), 255);
        QCOMPARE(int(out.at<cv::Vec3b>(7, 7)[1]), 255);
        QCOMPARE(int(out.at<cv::Vec3b>(3, 3)[2]), 77); // a flat channel is left alone
    }

    void normalizeFormula() {
        const cv::Mat a = photo(CV_8UC3);
        const json params = {
            {"mean", {0.1, 0.2, 0.3}}, {"std", {0.5, 0.25, 2.0}}, {"max_pixel_value", 255}};
        const auto [out, v] = run("image.normalize", a, params);
        QCOMPARE(out.type(), CV_32FC3);
        // Lists are R, G, B; the image is B, G, R.
        const double mean[3] = {0.3, 0.2, 0.1}, sd[3] = {2.0, 0.25, 0.5};
        for (int c = 0; c < 3; ++c) {
            const double x = a.at<cv::Vec3b>(9, 13)[c];
            QVERIFY(std::abs(out.at<cv::Vec3f>(9, 13)[c] - (x / 255.0 - mean[c]) / sd[c]) < 1e-5);
        }
        const cv::Mat a16 = photo(CV_16UC1);
        const cv::Mat o16 =
            run("image.normalize", a16, {{"mean", {0}}, {"std", {1}}, {"max_pixel_value", 65535}})
                .first;
        QVERIFY(std::abs(o16.at<float>(4, 4) - a16.at<uint16_t>(4, 4) / 65535.0) < 1e-6);
        // A wrong list length is refused at the parameter's path.
        try {
            Pipeline::fromJson(doc("image.normalize", {{"mean", {0.1, 0.2}}}), registry());
            QFAIL("accepted 2 means");
        } catch (const PipelineError& e) {
            QVERIFY2(std::string(e.what()).find("steps[0].params") == 0, e.what());
        }
    }

    void jpegChangesPixelsKeepsShape() {
        for (int type : {CV_8UC3, CV_8UC1, CV_16UC3, CV_32FC4}) {
            // A smooth image, so quality 20 leaves it recognisable.
            cv::Mat a;
            cv::GaussianBlur(photo(type), a, cv::Size(9, 9), 3);
            const auto [out, v] = run("image.jpeg_compression", a, {{"quality", 20}});
            QCOMPARE(v["quality"].get<int>(), 20);
            QCOMPARE(out.type(), a.type());
            QCOMPARE(out.size(), a.size());
            QVERIFY(!sameBytes(out, a));
            // Close to the original on average: artefacts, not garbage.
            const double top = CV_MAT_DEPTH(type) == CV_16U   ? 65535
                               : CV_MAT_DEPTH(type) == CV_32F ? 1
                                                              : 255;
            const double meanError =
                cv::norm(out, a, cv::NORM_L1) / double(a.total() * a.channels());
            QVERIFY2(meanError < 0.03 * top, qPrintable(QString::number(meanError)));
        }
    }

    void coarseDropoutFillsHolesOnly() {
        const cv::Mat a = photo(CV_8UC3, 80, 60);
        const auto [out, v] = run("image.coarse_dropout", a, {{"holes", {3, 5}}, {"fill", 7}});
        const json& holes = v["holes"];
        QVERIFY(holes.size() >= 3 && holes.size() <= 5);
        cv::Mat inHole = cv::Mat::zeros(a.size(), CV_8U);
        for (const auto& h : holes) {
            const cv::Rect r(h[0].get<int>(), h[1].get<int>(), h[2].get<int>(), h[3].get<int>());
            QVERIFY((r & cv::Rect(0, 0, a.cols, a.rows)) == r);
            inHole(r).setTo(1);
        }
        for (int y = 0; y < a.rows; ++y)
            for (int x = 0; x < a.cols; ++x) {
                const cv::Vec3b expected =
                    inHole.at<uint8_t>(y, x) ? cv::Vec3b(7, 7, 7) : a.at<cv::Vec3b>(y, x);
                QCOMPARE(out.at<cv::Vec3b>(y, x), expected);
            }
    }

    void randomErasingErasesOneRectangle() {
        const cv::Mat a = photo(CV_8UC3, 100, 80);
        const auto [out, v] = run("image.random_erasing", a, {{"fill", 0}});
        const cv::Rect r(v["x"].get<int>(), v["y"].get<int>(), v["w"].get<int>(),
                         v["h"].get<int>());
        QVERIFY(r.area() > 0);
        const double share = double(r.area()) / (100 * 80);
        QVERIFY(share >= 0.015 && share <= 0.35);
        QCOMPARE(cv::countNonZero(out(r).reshape(1)), 0);
        cv::Mat outside = out.clone(), original = a.clone();
        outside(r).setTo(0);
        original(r).setTo(0);
        QVERIFY(sameBytes(outside, original));
    }

    void gridDropoutMakesGrid() {
        const cv::Mat a(100, 100, CV_8UC1, cv::Scalar(200));
        const auto [out, v] =
            run("image.grid_dropout", a, {{"unit", 0.2}, {"ratio", 0.5}, {"random_offset", false}});
        QCOMPARE(v["unit"].get<int>(), 20);
        QCOMPARE(v["hole"].get<int>(), 10);
        QCOMPARE(int(out.at<uint8_t>(5, 5)), 0);
        QCOMPARE(int(out.at<uint8_t>(15, 15)), 200);
        QCOMPARE(int(out.at<uint8_t>(25, 45)), 0);
        QCOMPARE(cv::countNonZero(out), 10000 - 25 * 100);
    }

    void colourShiftsAndShuffle() {
        const cv::Mat a = photo(CV_8UC3);
        const cv::Mat rgb =
            run("image.rgb_shift", a, {{"r_shift", 10}, {"g_shift", -5}, {"b_shift", 0}}).first;
        cv::Mat expected;
        cv::add(a, cv::Scalar(0, -5, 10), expected);
        QVERIFY(sameBytes(rgb, expected));
        // Keras channel shift: one intensity, clipped to the image's own [min, max].
        double lo, hi;
        cv::minMaxLoc(a.reshape(1), &lo, &hi);
        const cv::Mat shifted = run("image.channel_shift", a, {{"intensity", 40}}).first;
        for (int x = 0; x < a.cols; ++x) {
            const int v = a.at<cv::Vec3b>(2, x)[0];
            QCOMPARE(int(shifted.at<cv::Vec3b>(2, x)[0]), int(std::min(hi, v + 40.0)));
        }
        // Channel shuffle: the drawn order says where each channel comes from.
        for (uint64_t seed = 0; seed < 6; ++seed) {
            const auto [out, v] = run("image.channel_shuffle", a, json::object(), seed);
            const auto order = v["order"].get<std::vector<int>>();
            QCOMPARE(order.size(), size_t(3));
            for (int c = 0; c < 3; ++c) {
                cv::Mat src, dst;
                cv::extractChannel(a, src, order[size_t(c)]);
                cv::extractChannel(out, dst, c);
                QVERIFY(sameBytes(src, dst));
            }
        }
    }

    void hueSaturationOnGreyIsNoOp() {
        const cv::Mat g = photo(CV_8UC1);
        QVERIFY(sameBytes(run("image.hue_saturation_value", g,
                              {{"hue_shift", 30}, {"sat_shift", 40}, {"val_shift", 0}})
                              .first,
                          g));
        QVERIFY(
            sameBytes(run("image.color_jitter", g,
                          {{"brightness", 1}, {"contrast", 1}, {"saturation", 0.2}, {"hue", 0.3}})
                          .first,
                      g));
        // On colour: a hue shift of 90 steps (180 deg) maps pure blue to yellow.
        const cv::Mat blue(4, 4, CV_8UC3, cv::Scalar(255, 0, 0));
        const cv::Mat out = run("image.hue_saturation_value", blue,
                                {{"hue_shift", 90}, {"sat_shift", 0}, {"val_shift", 0}})
                                .first;
        QCOMPARE(out.at<cv::Vec3b>(1, 1), cv::Vec3b(0, 255, 255));
    }

    void colorJitterDrawsOrderAndFactors() {
        const cv::Mat a = photo(CV_8UC3);
        const auto [out, v] =
            run("image.color_jitter", a,
                {{"brightness", {0.5, 1.5}}, {"contrast", 1}, {"saturation", 1}, {"hue", 0}});
        auto order = v["order"].get<std::vector<std::string>>();
        std::sort(order.begin(), order.end());
        QCOMPARE(order, (std::vector<std::string>{"brightness", "contrast", "hue", "saturation"}));
        const double b = v["brightness"].get<double>();
        QVERIFY(b >= 0.5 && b <= 1.5);
        cv::Mat expected;
        a.convertTo(expected, CV_8U, b);
        QVERIFY(sameBytes(out, expected));
        // Orders differ between seeds (the order is drawn).
        std::set<std::string> seen;
        for (uint64_t seed = 0; seed < 30; ++seed)
            seen.insert(run("image.color_jitter", a, json::object(), seed).second["order"].dump());
        QVERIFY(seen.size() > 5);
    }

    void saltPepperAmount() {
        const cv::Mat grey(200, 200, CV_8UC3, cv::Scalar::all(128));
        const auto [out, v] =
            run("image.salt_pepper", grey, {{"amount", 0.1}, {"salt_vs_pepper", 0.5}});
        cv::Mat g;
        cv::extractChannel(out, g, 0);
        const int salt = cv::countNonZero(g == 255), pepper = cv::countNonZero(g == 0);
        QVERIFY(std::abs(salt + pepper - 4000) < 300);
        QVERIFY(std::abs(salt - pepper) < 300);
    }

    void blursSmooth() {
        const cv::Mat a = photo(CV_8UC3);
        for (const char* id :
             {"image.gaussian_blur", "image.median_blur", "image.motion_blur", "image.defocus"}) {
            const auto [out, v] = run(id, a);
            QVERIFY2(!sameBytes(out, a), id);
            // Smoothing lowers the high-frequency energy.
            cv::Mat la, lo;
            cv::Laplacian(a, la, CV_32F);
            cv::Laplacian(out, lo, CV_32F);
            QVERIFY2(cv::norm(lo) < cv::norm(la), id);
        }
        const cv::Mat g = run("image.gaussian_blur", a, {{"kernel", 5}, {"sigma", 1.5}}).first;
        cv::Mat expected;
        cv::GaussianBlur(a, expected, cv::Size(5, 5), 1.5, 1.5, cv::BORDER_REFLECT_101);
        QVERIFY(sameBytes(g, expected));
        const auto [m, mv] = run("image.median_blur", a, {{"kernel", {3, 7}}});
        QCOMPARE(mv["kernel"].get<int>() % 2, 1);
    }

    void weatherKeepsGreyGreyAndBrightensOrDarkens() {
        const cv::Mat grey(60, 80, CV_8UC3, cv::Scalar::all(90));
        auto channelsEqual = [](const cv::Mat& m) {
            std::vector<cv::Mat> p;
            cv::split(m, p);
            return cv::norm(p[0], p[1], cv::NORM_INF) <= 1 &&
                   cv::norm(p[0], p[2], cv::NORM_INF) <= 1;
        };
        // Fog whitens, without a colour cast.
        const cv::Mat fog = run("image.fog", grey, {{"fog_coef", 0.8}}).first;
        QVERIFY(channelsEqual(fog));
        QVERIFY(cv::mean(fog)[0] > 110);
        // Shadows darken inside their polygons only.
        const auto [shadow, sv] =
            run("image.shadow", grey, {{"num_shadows", 1}, {"intensity", 0.5}});
        QVERIFY(channelsEqual(shadow));
        // Inside the drawn polygon (filled here from the recorded corners) every level is
        // 90 * (1 - 0.5) = 45; outside it stays 90.
        QCOMPARE(sv["shadows"].size(), size_t(1));
        QCOMPARE(sv["shadows"][0]["intensity"].get<double>(), 0.5);
        std::vector<cv::Point> corners;
        for (const auto& pt : sv["shadows"][0]["points"])
            corners.emplace_back(pt[0].get<int>(), pt[1].get<int>());
        QCOMPARE(corners.size(), size_t(5));
        for (const cv::Point& c : corners) // in the default roi, the lower half
            QVERIFY(c.x >= 0 && c.x <= 80 && c.y >= 30 && c.y <= 60);
        cv::Mat inside = cv::Mat::zeros(grey.size(), CV_8U);
        cv::fillPoly(inside, std::vector<std::vector<cv::Point>>{corners}, cv::Scalar(255));
        const int shaded = cv::countNonZero(inside);
        QVERIFY2(shaded > 20 && shaded < 60 * 80 / 2, qPrintable(QString::number(shaded)));
        for (int y = 0; y < grey.rows; ++y)
            for (int x = 0; x < grey.cols; ++x) {
                const int expected = inside.at<uint8_t>(y, x) ? 45 : 90;
                const cv::Vec3b px = shadow.at<cv::Vec3b>(y, x);
                QVERIFY2(px[0] == expected && px[1] == expected && px[2] == expected,
                         qPrintable(QStringLiteral("(%1, %2): %3, expected %4")
                                        .arg(x)
                                        .arg(y)
                                        .arg(px[0])
                                        .arg(expected)));
            }
        // Two shadows: where they overlap the darkening compounds (90 * 0.5 * 0.5).
        const auto [two, tv] = run("image.shadow", grey, {{"num_shadows", 2}, {"intensity", 0.5}});
        cv::Mat count = cv::Mat::zeros(grey.size(), CV_8U);
        for (const auto& sh : tv["shadows"]) {
            std::vector<cv::Point> pts;
            for (const auto& pt : sh["points"])
                pts.emplace_back(pt[0].get<int>(), pt[1].get<int>());
            cv::Mat m = cv::Mat::zeros(grey.size(), CV_8U);
            cv::fillPoly(m, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(1));
            count += m;
        }
        for (int y = 0; y < grey.rows; ++y)
            for (int x = 0; x < grey.cols; ++x) {
                const int n = count.at<uint8_t>(y, x);
                const int expected = n == 0 ? 90 : n == 1 ? 45 : 22; // 22.5 rounds to even
                QCOMPARE(int(two.at<cv::Vec3b>(y, x)[0]), expected);
            }
        // Snow brightens levels under its threshold; rain darkens the scene.
        QVERIFY(cv::mean(run("image.snow", grey, {{"snow_point", 0.3}}).first)[0] > 150);
        QVERIFY(cv::mean(run("image.rain", grey, {{"density", 0.0}}).first)[0] < 70);
        // The sun flare brightens around its drawn source.
        const auto [flare, fv] = run("image.sun_flare", grey);
        const cv::Point src(int(fv["x"].get<double>()), int(fv["y"].get<double>()));
        QVERIFY(flare.at<cv::Vec3b>(std::min(src.y, 59), std::min(src.x, 79))[0] > 200);
    }

    // The 8-bit 3-channel table path (pixel::lookUp) and multiplicative_noise's table built
    // from cv::multiply give OpenCV's bytes, on whole images and on rows with gaps.
    void tableOpsKeepOpenCvBytes() {
        cv::RNG rng(3);
        cv::Mat big(61, 83, CV_8UC3), table(1, 256, CV_8UC3);
        rng.fill(big, cv::RNG::UNIFORM, 0, 256);
        rng.fill(table, cv::RNG::UNIFORM, 0, 256);
        for (const cv::Mat& image : {big, big(cv::Rect(3, 2, 71, 50))}) {
            cv::Mat ours = image.clone(), theirs = image.clone();
            if (image.isSubmatrix()) { // the same gaps as the source rows
                ours = big.clone()(cv::Rect(3, 2, 71, 50));
                theirs = big.clone()(cv::Rect(3, 2, 71, 50));
            }
            QCOMPARE(ours.isContinuous(), image.isContinuous());
            pixel::lookUp(ours, table);
            cv::LUT(theirs, table, theirs);
            QVERIFY(sameBytes(ours, theirs));
            QVERIFY(!sameBytes(ours, image));
        }
        for (const json& factors : {json{1.07, 0.93, 2.5}, json{0.5}, json{1.5, 0.25, 0.125}}) {
            const cv::Mat out = applyValues("image.multiplicative_noise", big,
                                            {{"multipliers", factors}}, {{"per_channel", true}});
            const double f0 = factors[0].get<double>();
            const cv::Scalar scale(f0, factors.size() > 1 ? factors[1].get<double>() : f0,
                                   factors.size() > 2 ? factors[2].get<double>() : f0);
            cv::Mat expected;
            cv::multiply(big, scale, expected);
            QVERIFY(sameBytes(out, expected));
        }
    }

    void badParametersRefused() {
        try {
            Pipeline::fromJson(doc("image.gamma", {{"gamma", {120, 80}}}), registry());
            QFAIL("accepted a reversed range");
        } catch (const PipelineError& e) {
            QVERIFY2(std::string(e.what()).find("steps[0].params.gamma") == 0, e.what());
        }
        try {
            Pipeline::fromJson(doc("image.shadow", {{"roi", {0.5, 0, 0.1, 1}}}), registry());
            QFAIL("accepted a reversed roi");
        } catch (const PipelineError& e) {
            QVERIFY2(std::string(e.what()).find("steps[0].params") == 0, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestImagePixel)
#include "tst_image_pixel.moc"

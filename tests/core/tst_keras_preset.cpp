// The Keras ImageDataGenerator preset: every argument maps to the right step and range,
// bad arguments are refused by name, and the document loads and runs.
#include "core/catalog/builtin.h"
#include "core/catalog/presets.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/registry.h"
#include "core/util/error.h"

#include <QtTest>

#include <cmath>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

// Numbers compare within 1e-9, arrays element by element, everything else exactly.
bool near(const json& a, const json& b) {
    if (a.is_number() && b.is_number())
        return std::abs(a.get<double>() - b.get<double>()) < 1e-9;
    if (a.is_array() && b.is_array()) {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (!near(a[i], b[i]))
                return false;
        return true;
    }
    return a == b;
}

QString q(const json& j) {
    return QString::fromStdString(j.dump());
}

} // namespace

class TestKerasPreset : public QObject {
    Q_OBJECT
private slots:
    // kwargs -> (JSON pointer into the document, expected value), one row per expectation.
    void mapping_data() {
        QTest::addColumn<QString>("kwargs");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, json kwargs, const char* pointer, json expected) {
            QTest::newRow(name) << q(kwargs) << QString::fromUtf8(pointer) << q(expected);
        };
        row("rotation step", {{"rotation_range", 20}}, "/steps/0/transform", "image.keras_affine");
        row("rotation p 1", {{"rotation_range", 20}}, "/steps/0/p", 1.0);
        row("rotation range", {{"rotation_range", 20}}, "/steps/0/params/rotate", {-20, 20});
        row("rotation only: no shift", {{"rotation_range", 20}}, "/steps/0/params/translate_x", 0);
        row("rotation only: no zoom", {{"rotation_range", 20}}, "/steps/0/params/zoom", {1, 1});
        row("rotation only: default fill nearest", {{"rotation_range", 20}},
            "/steps/0/params/border_mode", "replicate");
        row("one step only", {{"rotation_range", 20}}, "/steps/1", nullptr);
        row("width fraction", {{"width_shift_range", 0.2}}, "/steps/0/params/translate_x",
            {-0.2, 0.2});
        row("width fraction: no pixels", {{"width_shift_range", 0.2}},
            "/steps/0/params/translate_px_x", 0);
        row("height fraction", {{"height_shift_range", 0.1}}, "/steps/0/params/translate_y",
            {-0.1, 0.1});
        row("width int pixels", {{"width_shift_range", 10}}, "/steps/0/params/translate_px_x",
            {-9, 9});
        row("width int: no fraction", {{"width_shift_range", 10}}, "/steps/0/params/translate_x",
            0);
        row("height int pixels", {{"height_shift_range", 4}}, "/steps/0/params/translate_px_y",
            {-3, 3});
        row("width float >= 1 pixels", {{"width_shift_range", 12.0}},
            "/steps/0/params/translate_px_x", {-12, 12});
        row("shear", {{"shear_range", 15}}, "/steps/0/params/shear", {-15, 15});
        row("shear: one angle, no tan shear axes", {{"shear_range", 15}}, "/steps/0/params/shear_x",
            nullptr);
        // Keras draws zx, zy uniformly in [1 - z, 1 + z] (not the content scale 1 / z).
        row("zoom float", {{"zoom_range", 0.2}}, "/steps/0/params/zoom", {0.8, 1.2});
        row("zoom: no keep_ratio (always independent)", {{"zoom_range", 0.2}},
            "/steps/0/params/keep_ratio", nullptr);
        row("zoom pair", {{"zoom_range", {0.5, 2.0}}}, "/steps/0/params/zoom", {0.5, 2.0});
        row("fill constant", {{"rotation_range", 5}, {"fill_mode", "constant"}},
            "/steps/0/params/border_mode", "constant");
        row("fill nearest", {{"rotation_range", 5}, {"fill_mode", "nearest"}},
            "/steps/0/params/border_mode", "replicate");
        row("fill reflect", {{"rotation_range", 5}, {"fill_mode", "reflect"}},
            "/steps/0/params/border_mode", "reflect");
        row("fill wrap", {{"rotation_range", 5}, {"fill_mode", "wrap"}},
            "/steps/0/params/border_mode", "wrap");
        row("cval", {{"rotation_range", 5}, {"fill_mode", "constant"}, {"cval", 7}},
            "/steps/0/params/fill", 7);
        row("channel shift step", {{"channel_shift_range", 30}}, "/steps/0/transform",
            "image.channel_shift");
        row("channel shift range", {{"channel_shift_range", 30}}, "/steps/0/params/intensity",
            {-30, 30});
        row("channel shift p 1", {{"channel_shift_range", 30}}, "/steps/0/p", 1.0);
        row("hflip", {{"horizontal_flip", true}}, "/steps/0/transform", "image.hflip");
        row("hflip p", {{"horizontal_flip", true}}, "/steps/0/p", 0.5);
        row("vflip", {{"vertical_flip", true}}, "/steps/0/transform", "image.vflip");
        row("no flip when false", {{"horizontal_flip", false}}, "/steps/0", nullptr);
        row("brightness step", {{"brightness_range", {0.5, 1.5}}}, "/steps/0/transform",
            "image.color_jitter");
        row("brightness range", {{"brightness_range", {0.5, 1.5}}}, "/steps/0/params/brightness",
            {0.5, 1.5});
        row("brightness only", {{"brightness_range", {0.5, 1.5}}}, "/steps/0/params/saturation",
            1.0);
        row("brightness: no hue", {{"brightness_range", {0.5, 1.5}}}, "/steps/0/params/hue", 0.0);
        row("rescale step", {{"rescale", 1.0 / 255}}, "/steps/0/transform", "image.normalize");
        row("rescale max", {{"rescale", 1.0 / 255}}, "/steps/0/params/max_pixel_value", 255.0);
        row("rescale mean", {{"rescale", 1.0 / 255}}, "/steps/0/params/mean", {0.0});
        row("rescale std", {{"rescale", 1.0 / 255}}, "/steps/0/params/std", {1.0});
        row("rescale p", {{"rescale", 1.0 / 255}}, "/steps/0/p", 1.0);
        row("rescale null", {{"rescale", nullptr}}, "/steps/0", nullptr);
        row("featurewise center", {{"featurewise_center", true}}, "/featurewise/center", true);
        row("featurewise std", {{"featurewise_std_normalization", true}},
            "/featurewise/std_normalization", true);
        row("version", json::object(), "/version", 1);
        row("modality", json::object(), "/modality", "image");
        row("Keras order: geometry, channel shift, flips, brightness, rescale",
            {{"rescale", 0.5},
             {"brightness_range", {0.9, 1.1}},
             {"vertical_flip", true},
             {"horizontal_flip", true},
             {"channel_shift_range", 10},
             {"zoom_range", 0.1}},
            "/steps", nullptr); // checked below by ids
        row("shift list: weighted one_of", {{"width_shift_range", {0, 2}}}, "/steps/0/weights",
            {0.25, 0.5, 0.25}); // -2, 0, +2
        row("shift list values", {{"width_shift_range", {0, 2}}},
            "/steps/0/one_of/2/params/translate_px_x", 2);
        row("shift list of fractions", {{"height_shift_range", {0.1}}},
            "/steps/0/one_of/1/params/translate_y", 0.1);
    }
    void mapping() {
        QFETCH(QString, kwargs);
        QFETCH(QString, pointer);
        QFETCH(QString, expected);
        const json doc = kerasPreset(json::parse(kwargs.toStdString()));
        const json want = json::parse(expected.toStdString());
        const json::json_pointer ptr(pointer.toStdString());
        if (pointer == QStringLiteral("/steps") && want.is_null()) {
            std::vector<std::string> ids;
            for (const auto& s : doc["steps"])
                ids.push_back(s["transform"].get<std::string>());
            QCOMPARE(ids, (std::vector<std::string>{"image.keras_affine", "image.channel_shift",
                                                    "image.hflip", "image.vflip",
                                                    "image.color_jitter", "image.normalize"}));
            return;
        }
        if (want.is_null()) {
            QVERIFY2(!doc.contains(ptr), qPrintable(q(doc)));
            return;
        }
        QVERIFY2(doc.contains(ptr), qPrintable(q(doc)));
        QVERIFY2(near(doc[ptr], want), qPrintable(q(doc[ptr]) + QStringLiteral(" != ") + expected));
    }

    void badArguments_data() {
        QTest::addColumn<QString>("kwargs");
        QTest::addColumn<QString>("error");
        auto row = [](const char* name, json kwargs, const char* error) {
            QTest::newRow(name) << q(kwargs) << QString::fromUtf8(error);
        };
        row("not an object", json::array({1}), "keras: expected a JSON object");
        row("unknown", {{"zca_whitening", true}},
            "zca_whitening: unsupported ImageDataGenerator argument");
        row("typo", {{"rotation", 10}}, "rotation: unsupported");
        row("rotation string", {{"rotation_range", "20"}},
            "rotation_range: expected a non-negative number");
        row("rotation negative", {{"rotation_range", -5}}, "rotation_range: expected");
        row("width string", {{"width_shift_range", "0.2"}}, "width_shift_range: expected");
        row("width list of strings", {{"width_shift_range", {"a"}}}, "width_shift_range: expected");
        row("height bool", {{"height_shift_range", true}}, "height_shift_range: expected");
        row("shear list", {{"shear_range", {1, 2}}}, "shear_range: expected");
        row("zoom reversed", {{"zoom_range", {2, 1}}}, "zoom_range: expected");
        row("zoom too big", {{"zoom_range", 1.5}}, "zoom_range: expected");
        row("zoom three", {{"zoom_range", {0.5, 1, 2}}}, "zoom_range: expected");
        row("channel shift string", {{"channel_shift_range", "x"}},
            "channel_shift_range: expected");
        row("brightness number", {{"brightness_range", 0.5}},
            "brightness_range: expected [lo, hi]");
        row("brightness reversed", {{"brightness_range", {1.5, 0.5}}},
            "brightness_range: expected");
        row("fill mode unknown", {{"fill_mode", "mirror"}},
            "fill_mode: expected one of constant, nearest, reflect, wrap");
        row("fill mode number", {{"fill_mode", 1}}, "fill_mode: expected");
        row("cval string", {{"cval", "black"}}, "cval: expected a number");
        row("hflip number", {{"horizontal_flip", 1}}, "horizontal_flip: expected true or false");
        row("vflip string", {{"vertical_flip", "yes"}}, "vertical_flip: expected true or false");
        row("rescale negative", {{"rescale", -1}}, "rescale: expected a positive number");
        row("rescale string", {{"rescale", "1/255"}}, "rescale: expected");
        row("featurewise number", {{"featurewise_center", 1}},
            "featurewise_center: expected true or false");
        row("featurewise std string", {{"featurewise_std_normalization", "no"}},
            "featurewise_std_normalization: expected");
    }
    void badArguments() {
        QFETCH(QString, kwargs);
        QFETCH(QString, error);
        try {
            kerasPreset(json::parse(kwargs.toStdString()));
            QFAIL("accepted bad kwargs");
        } catch (const PipelineError& e) {
            QVERIFY2(QString::fromStdString(e.what()).startsWith(error), e.what());
        }
    }

    void loadsAndRuns_data() {
        QTest::addColumn<QString>("kwargs");
        QTest::newRow("readme") << q({{"rotation_range", 20},
                                      {"width_shift_range", 0.2},
                                      {"height_shift_range", 0.2},
                                      {"horizontal_flip", true}});
        QTest::newRow("everything") << q({{"rotation_range", 10},
                                          {"width_shift_range", 5},
                                          {"height_shift_range", 0.1},
                                          {"shear_range", 8},
                                          {"zoom_range", {0.8, 1.25}},
                                          {"channel_shift_range", 20},
                                          {"brightness_range", {0.7, 1.3}},
                                          {"fill_mode", "constant"},
                                          {"cval", 128},
                                          {"horizontal_flip", true},
                                          {"vertical_flip", true},
                                          {"rescale", 1.0 / 255},
                                          {"featurewise_center", true},
                                          {"featurewise_std_normalization", true}});
        QTest::newRow("shift lists") << q({{"width_shift_range", {-2, 0, 2}},
                                           {"height_shift_range", {0.1, 0.2}},
                                           {"fill_mode", "wrap"}});
        QTest::newRow("empty") << q(json::object());
    }
    void loadsAndRuns() {
        QFETCH(QString, kwargs);
        const json doc = kerasPreset(json::parse(kwargs.toStdString()));
        const Pipeline p = pipelineFromJson(doc);
        QCOMPARE(p.modality(), Modality::Image);
        if (doc.contains("featurewise"))
            QCOMPARE(p.toJson()["featurewise"], doc["featurewise"]);
        cv::Mat image(40, 60, CV_8UC3);
        cv::randu(image, 0, 255);
        for (uint64_t seed = 0; seed < 5; ++seed) {
            Sample a = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            Sample b = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            const RunResult ra = p.run(a, seed), rb = p.run(b, seed);
            QCOMPARE(ra.stepsJson(), rb.stepsJson());
            const cv::Mat& ia = std::get<ImageSample>(a).image;
            QCOMPARE(ia.size(), image.size());
            QCOMPARE(cv::norm(ia, std::get<ImageSample>(b).image, cv::NORM_INF), 0.0);
        }
    }

    void drawnValuesFollowKeras() {
        const Pipeline p = pipelineFromJson(kerasPreset({{"rotation_range", 20},
                                                         {"width_shift_range", 3},
                                                         {"zoom_range", 0.2},
                                                         {"rescale", 0.5}}));
        cv::Mat image(30, 30, CV_8UC1, cv::Scalar(100));
        bool zoomDiffers = false;
        for (uint64_t seed = 0; seed < 50; ++seed) {
            Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            const RunResult r = p.run(s, seed);
            QCOMPARE(r.steps.size(), size_t(2));
            QVERIFY(r.steps[0].applied); // p 1: Keras always transforms
            const json& v = r.steps[0].values;
            QVERIFY(std::abs(v["theta"].get<double>()) <= 20);
            const double tx = v["tx"].get<double>();
            QVERIFY(tx == std::round(tx) && std::abs(tx) <= 2); // Keras int 3: {-2, ..., 2}
            QVERIFY(v["zx"].get<double>() >= 0.8 && v["zx"].get<double>() <= 1.2);
            QVERIFY(v["zy"].get<double>() >= 0.8 && v["zy"].get<double>() <= 1.2);
            zoomDiffers = zoomDiffers || v["zx"] != v["zy"];
            // rescale 0.5: the output is float, every level halved.
            const cv::Mat& out = std::get<ImageSample>(s).image;
            QCOMPARE(out.depth(), CV_32F);
        }
        QVERIFY(zoomDiffers);
    }
    // Keras's zx, zy are uniform in [1 - z, 1 + z]: half the draws below 1, mean 1 (the old
    // 1 / z draw put 55% below 1 and its mean of the factor above 1).
    void zoomIsDrawnUniformlyAsKerasDoes() {
        const Pipeline p = pipelineFromJson(kerasPreset({{"zoom_range", 0.5}}));
        cv::Mat image(8, 8, CV_8UC1, cv::Scalar(0));
        double sum = 0;
        int below = 0;
        const int n = 4000;
        for (uint64_t seed = 0; seed < uint64_t(n) / 2; ++seed) {
            Sample s = ImageSample{image.clone(), {}, {}, {}, 0.3, ""};
            const RunResult r = p.run(s, seed);
            const json& v = r.steps[0].values;
            for (const char* axis : {"zx", "zy"}) {
                const double z = v[axis].get<double>();
                QVERIFY(z >= 0.5 && z <= 1.5);
                sum += z;
                below += z < 1.0;
            }
        }
        QVERIFY2(std::abs(sum / n - 1.0) < 0.02, qPrintable(QString::number(sum / n)));
        QVERIFY2(std::abs(double(below) / n - 0.5) < 0.03, qPrintable(QString::number(below)));
    }

    // Where image.keras_affine moves one bright dot: Keras samples the input at
    // centre + M (output - centre), M = rotation . shift . shear [[1, -sin], [0, cos]] . zoom.
    void kerasAffineMovesPointsAsKeras_data() {
        QTest::addColumn<QString>("values");
        QTest::addColumn<double>("dx"); // dot at the centre plus (dx, dy) in the input
        QTest::addColumn<double>("dy");
        QTest::addColumn<double>("ex"); // lands at the centre plus (ex, ey)
        QTest::addColumn<double>("ey");
        auto row = [](const char* name, json v, double dx, double dy, double ex, double ey) {
            json all = {{"theta", 0}, {"tx", 0}, {"ty", 0}, {"shear", 0}, {"zx", 1}, {"zy", 1}};
            all.update(v);
            QTest::newRow(name) << q(all) << dx << dy << ex << ey;
        };
        // Shear 30: x' = x + tan(s) y / ... and y' = y / cos(s): the tan shear would leave y.
        const double s = 30 * CV_PI / 180;
        row("shear 30", {{"shear", 30}}, 0, 20, std::sin(s) * 20 / std::cos(s), 20 / std::cos(s));
        row("shear -20 on x only", {{"shear", -20}}, 15, 0, 15, 0);
        row("zoom x 2 halves x", {{"zx", 2.0}}, 20, 10, 10, 10);
        row("zoom y 0.5 doubles y", {{"zy", 0.5}}, 4, 10, 4, 20);
        row("tx 5 moves content left", {{"tx", 5.0}}, 0, 0, -5, 0);
        row("ty -3 moves content down", {{"ty", -3.0}}, 0, 0, 0, 3);
        row("theta 90 counter-clockwise", {{"theta", 90}}, 20, 0, 0, -20);
        // Keras composes rotation . shift: the input is R (output + t).
        row("rotation then shift", {{"theta", 90}, {"tx", 10.0}}, 20, 0, -10, -20);
    }
    void kerasAffineMovesPointsAsKeras() {
        QFETCH(QString, values);
        QFETCH(double, dx);
        QFETCH(double, dy);
        QFETCH(double, ex);
        QFETCH(double, ey);
        const json doc = {{"version", 1},
                          {"modality", "image"},
                          {"steps",
                           {{{"transform", "image.keras_affine"},
                             {"p", 1.0},
                             {"params", {{"border_mode", "constant"}}}}}}};
        const Pipeline p = pipelineFromJson(doc);
        cv::Mat image(101, 101, CV_32FC1, cv::Scalar(0));
        const double c = 50;
        cv::circle(image, cv::Point(int(c + dx), int(c + dy)), 2, cv::Scalar(1), cv::FILLED);
        Sample sample = ImageSample{image, {}, {}, {}, 0.3, ""};
        p.replay(sample, {StepRecord{"image.keras_affine", true,
                                     Values::fromJson(json::parse(values.toStdString()))}});
        const cv::Moments m = cv::moments(std::get<ImageSample>(sample).image);
        QVERIFY(m.m00 > 1);
        QVERIFY2(
            std::abs(m.m10 / m.m00 - (c + ex)) < 0.3 && std::abs(m.m01 / m.m00 - (c + ey)) < 0.3,
            qPrintable(
                QStringLiteral("landed at %1, %2").arg(m.m10 / m.m00 - c).arg(m.m01 / m.m00 - c)));
    }

    // Python keyword syntax, dict(...), dict literals and JSON, read as literals.
    void parsesPythonArguments_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* text, json expected) {
            QTest::newRow(text) << QString::fromUtf8(text) << q(expected);
        };
        row("rotation_range=20, width_shift_range=0.2, height_shift_range=0.2, "
            "horizontal_flip=True",
            {{"rotation_range", 20},
             {"width_shift_range", 0.2},
             {"height_shift_range", 0.2},
             {"horizontal_flip", true}});
        row("dict(zoom_range=(0.8, 1.2), fill_mode='nearest', brightness_range=None,)",
            {{"zoom_range", {0.8, 1.2}}, {"fill_mode", "nearest"}, {"brightness_range", nullptr}});
        row("{'rescale': 1./255, \"cval\": -0, 'vertical_flip': False}",
            {{"rescale", 1.0 / 255}, {"cval", 0}, {"vertical_flip", false}});
        row("fill_mode='True (None)', rotation_range=5",
            {{"fill_mode", "True (None)"}, {"rotation_range", 5}});
        row("{\"rotation_range\": 20, \"horizontal_flip\": true, \"zoom_range\": [0.9, 1.1]}",
            {{"rotation_range", 20}, {"horizontal_flip", true}, {"zoom_range", {0.9, 1.1}}});
        row("  width_shift_range = [-2, 0, 2] ,height_shift_range=1e-1 ",
            {{"width_shift_range", {-2, 0, 2}}, {"height_shift_range", 0.1}});
        row("", json::object());
    }
    void parsesPythonArguments() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const json got = parseKerasArguments(text.toStdString());
        QCOMPARE(QString::fromStdString(got.dump()),
                 QString::fromStdString(json::parse(expected.toStdString()).dump()));
    }
    void intsStayInts() {
        // width_shift_range=10 is pixels in Keras; 10. is a float (also pixels, >= 1) and
        // 0.5 a fraction: the preset tells them apart by the JSON type.
        QVERIFY(
            parseKerasArguments("width_shift_range=10")["width_shift_range"].is_number_integer());
        QVERIFY(
            parseKerasArguments("width_shift_range=10.")["width_shift_range"].is_number_float());
    }
    void refusesBadArguments_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        auto row = [](const char* text, const char* message) {
            QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(message);
        };
        row("rotation_range=", "keras arguments: at character 16: expected an argument name");
        row("rotation_range=20 horizontal_flip=True", "expected ',' between arguments");
        row("rotation_range=np.pi", "'np' is not a literal");
        row("fill_mode='nearest", "unterminated string");
        row("zoom_range=0.2, zoom_range=0.3", "argument 'zoom_range' given twice");
        row("rescale=1/0", "division by zero");
        row("{1: 2}", "dictionary keys must be strings");
        row("20", "expected an argument name");
    }
    void refusesBadArguments() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            parseKerasArguments(text.toStdString());
            QFAIL("accepted");
        } catch (const PipelineError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(message), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestKerasPreset)
#include "tst_keras_preset.moc"

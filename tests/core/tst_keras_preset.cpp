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
        row("rotation step", {{"rotation_range", 20}}, "/steps/0/transform", "image.affine");
        row("rotation p 1", {{"rotation_range", 20}}, "/steps/0/p", 1.0);
        row("rotation range", {{"rotation_range", 20}}, "/steps/0/params/rotate", {-20, 20});
        row("rotation only: no shift", {{"rotation_range", 20}}, "/steps/0/params/translate_x", 0);
        row("rotation only: no zoom", {{"rotation_range", 20}}, "/steps/0/params/scale", {1, 1});
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
        row("shear", {{"shear_range", 15}}, "/steps/0/params/shear_x", {-15, 15});
        row("shear: y untouched", {{"shear_range", 15}}, "/steps/0/params/shear_y", 0);
        row("zoom float", {{"zoom_range", 0.2}}, "/steps/0/params/scale", {1.0 / 1.2, 1.0 / 0.8});
        row("zoom independent axes", {{"zoom_range", 0.2}}, "/steps/0/params/keep_ratio", false);
        row("zoom pair", {{"zoom_range", {0.5, 2.0}}}, "/steps/0/params/scale", {0.5, 2.0});
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
            QCOMPARE(ids, (std::vector<std::string>{"image.affine", "image.channel_shift",
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
        if (!builtinRegistry().find("image.affine"))
            QSKIP("image.affine is not in the catalog yet (the geometry catalog adds it)");
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
        if (!builtinRegistry().find("image.affine"))
            QSKIP("image.affine is not in the catalog yet (the geometry catalog adds it)");
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
            QVERIFY(std::abs(v["angle"].get<double>()) <= 20);
            const double tx = v["tx_px"].get<double>();
            QVERIFY(tx == std::round(tx) && std::abs(tx) <= 2); // Keras int 3: {-2, ..., 2}
            QVERIFY(v["scale_x"].get<double>() >= 1 / 1.2 - 1e-9 &&
                    v["scale_x"].get<double>() <= 1 / 0.8 + 1e-9);
            zoomDiffers = zoomDiffers || v["scale_x"] != v["scale_y"];
            // rescale 0.5: the output is float, every level halved.
            const cv::Mat& out = std::get<ImageSample>(s).image;
            QCOMPARE(out.depth(), CV_32F);
        }
        QVERIFY(zoomDiffers);
    }
};

QTEST_GUILESS_MAIN(TestKerasPreset)
#include "tst_keras_preset.moc"

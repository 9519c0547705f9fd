// Albumentations pipeline files: a table of documents as Albumentations 1.3 and 2.x write
// them (to_dict / save, JSON and YAML) with the pipeline each converts to; the reverse loads
// back to the same pipeline; transforms without an equivalent are listed in one error or
// left out with a warning each.
#include "core/catalog/builtin.h"
#include "core/interop/albumentations.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;

using augstudio::testfiles::readText;
using augstudio::testfiles::writeText;

Q_DECLARE_METATYPE(std::string)

namespace {

// A to_dict() document of `version` around the transforms.
json albu(const std::string& version, json transforms, json extra = json::object()) {
    json compose = {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", transforms}};
    for (auto& [k, v] : extra.items())
        compose[k] = v;
    return {{"__version__", version}, {"transform", compose}};
}

// The loaded steps of a pipeline document (defaults filled in), for comparing.
json loadedSteps(const json& steps) {
    return pipelineFromJson({{"version", 1}, {"modality", "image"}, {"steps", steps}})
        .toJson()["steps"];
}

std::pair<int, std::string> runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(CLI_PATH), args);
    p.waitForFinished(60000);
    return {p.exitCode(), p.readAllStandardError().toStdString()};
}

} // namespace

class TestInteropAlbumentations : public QObject {
    Q_OBJECT
private slots:
    void import_data() {
        QTest::addColumn<std::string>("document");
        QTest::addColumn<std::string>("expected"); // steps, as our pipeline file writes them
        auto row = [](const char* name, const json& doc, const json& steps) {
            QTest::newRow(name) << doc.dump() << steps.dump();
        };
        row("1.3 flips, full class names, always_apply",
            albu("1.3.1",
                 {{{"__class_fullname__", "albumentations.augmentations.transforms.HorizontalFlip"},
                   {"always_apply", false},
                   {"p", 0.5}},
                  {{"__class_fullname__", "VerticalFlip"}, {"always_apply", true}, {"p", 0.1}}}),
            {{{"transform", "image.hflip"}, {"p", 0.5}},
             {{"transform", "image.vflip"}, {"p", 1.0}}});
        row("ShiftScaleRotate: offsets, OpenCV enums",
            albu("1.3.1", {{{"__class_fullname__", "ShiftScaleRotate"},
                            {"p", 0.7},
                            {"shift_limit_x", {-0.0625, 0.0625}},
                            {"shift_limit_y", {-0.1, 0.05}},
                            {"scale_limit", {-0.1, 0.1}},
                            {"rotate_limit", {-15, 15}},
                            {"interpolation", 1},
                            {"border_mode", 4},
                            {"value", nullptr}}}),
            {{{"transform", "image.shift_scale_rotate"},
              {"p", 0.7},
              {"params",
               {{"shift_x", {-0.0625, 0.0625}},
                {"shift_y", {-0.1, 0.05}},
                {"scale", {0.9, 1.1}},
                {"rotate", {-15, 15}},
                {"interpolation", "linear"},
                {"border_mode", "reflect_101"}}}}});
        // 1.3 defaults to reflect_101, 2.x to a constant border: a file that leaves it out
        // gets the default of the version that wrote it.
        row("ShiftScaleRotate 2.x default border, shift_limit for both axes",
            albu("2.0.5",
                 {{{"__class_fullname__", "ShiftScaleRotate"}, {"p", 0.5}, {"shift_limit", 0.1}}}),
            {{{"transform", "image.shift_scale_rotate"},
              {"p", 0.5},
              {"params",
               {{"shift_x", {-0.1, 0.1}},
                {"shift_y", {-0.1, 0.1}},
                {"scale", {0.9, 1.1}},
                {"rotate", {-45, 45}},
                {"border_mode", "constant"}}}}});
        row("ShiftScaleRotate 1.3 default border",
            albu("1.3.1", {{{"__class_fullname__", "ShiftScaleRotate"}, {"p", 0.5}}}),
            {{{"transform", "image.shift_scale_rotate"},
              {"p", 0.5},
              {"params", {{"border_mode", "reflect_101"}}}}});
        row("RandomFog 1.3 lower/upper and 2.x range",
            albu("1.3.1", {{{"__class_fullname__", "RandomFog"},
                            {"p", 0.3},
                            {"fog_coef_lower", 0.2},
                            {"fog_coef_upper", 0.6},
                            {"alpha_coef", 0.08}},
                           {{"__class_fullname__", "RandomFog"},
                            {"p", 0.3},
                            {"fog_coef_range", {0.1, 0.4}}}}),
            {{{"transform", "image.fog"}, {"p", 0.3}, {"params", {{"fog_coef", {0.2, 0.6}}}}},
             {{"transform", "image.fog"}, {"p", 0.3}, {"params", {{"fog_coef", {0.1, 0.4}}}}}});
        row("colour classes without parameters, Posterize and Solarize from one number",
            albu("1.3.1",
                 {{{"__class_fullname__", "ChannelShuffle"}, {"p", 0.5}},
                  {{"__class_fullname__", "InvertImg"}, {"p", 0.2}},
                  {{"__class_fullname__", "ToSepia"}, {"p", 0.1}},
                  {{"__class_fullname__", "Posterize"}, {"p", 0.5}, {"num_bits", 4}},
                  {{"__class_fullname__", "Solarize"}, {"p", 0.5}, {"threshold", 100}},
                  {{"__class_fullname__", "RandomGamma"}, {"p", 0.5}, {"gamma_limit", {70, 130}}},
                  {{"__class_fullname__", "RGBShift"},
                   {"p", 0.5},
                   {"r_shift_limit", 10},
                   {"g_shift_limit", {-5, 15}},
                   {"b_shift_limit", 0}}}),
            {{{"transform", "image.channel_shuffle"}, {"p", 0.5}},
             {{"transform", "image.invert"}, {"p", 0.2}},
             {{"transform", "image.to_sepia"}, {"p", 0.1}},
             {{"transform", "image.posterize"}, {"p", 0.5}, {"params", {{"bits", {4, 4}}}}},
             {{"transform", "image.solarize"}, {"p", 0.5}, {"params", {{"threshold", {100, 100}}}}},
             {{"transform", "image.gamma"}, {"p", 0.5}, {"params", {{"gamma", {70, 130}}}}},
             {{"transform", "image.rgb_shift"},
              {"p", 0.5},
              {"params", {{"r_shift", {-10, 10}}, {"g_shift", {-5, 15}}, {"b_shift", {0, 0}}}}}});
        row("Solarize 2.x: threshold as a fraction of the largest value",
            albu("2.0.5", {{{"__class_fullname__", "Solarize"},
                            {"p", 0.5},
                            {"threshold_range", {0.4, 0.6}}}}),
            {{{"transform", "image.solarize"},
              {"p", 0.5},
              {"params", {{"threshold", {102, 153}}}}}});
        row("weather: RandomSnow, RandomRain drop colour as a grey level",
            albu("1.3.1", {{{"__class_fullname__", "RandomSnow"},
                            {"p", 0.5},
                            {"snow_point_lower", 0.2},
                            {"snow_point_upper", 0.4},
                            {"brightness_coeff", 2.0}},
                           {{"__class_fullname__", "RandomRain"},
                            {"p", 0.5},
                            {"slant_lower", -5},
                            {"slant_upper", 5},
                            {"drop_color", {180, 190, 200}},
                            {"blur_value", 5}}}),
            {{{"transform", "image.snow"},
              {"p", 0.5},
              {"params", {{"snow_point", {0.2, 0.4}}, {"brightness", 2.0}}}},
             {{"transform", "image.rain"},
              {"p", 0.5},
              {"params",
               {{"slant", {-5, 5}},
                {"drop_level", 190.0},
                {"blur", 5},
                {"drop_length", 20},
                {"drop_width", 1},
                {"brightness", 0.7}}}}});
        row("Downscale 1.3: interpolation given per direction",
            albu("1.3.1", {{{"__class_fullname__", "Downscale"},
                            {"p", 0.5},
                            {"scale_min", 0.3},
                            {"scale_max", 0.6},
                            {"interpolation", {{"downscale", 3}, {"upscale", 1}}}}}),
            {{{"transform", "image.downscale"},
              {"p", 0.5},
              {"params",
               {{"scale", {0.3, 0.6}},
                {"interpolation_down", "area"},
                {"interpolation_up", "linear"}}}}});
        row("geometry: SafeRotate, RandomScale (offset from 1), PadIfNeeded, LongestMaxSize",
            albu("1.3.1", {{{"__class_fullname__", "SafeRotate"},
                            {"p", 0.5},
                            {"limit", 30},
                            {"border_mode", 0},
                            {"value", 0}},
                           {{"__class_fullname__", "RandomScale"},
                            {"p", 0.5},
                            {"scale_limit", 0.2},
                            {"interpolation", 2}},
                           {{"__class_fullname__", "PadIfNeeded"},
                            {"p", 1.0},
                            {"min_height", 300},
                            {"min_width", 400},
                            {"border_mode", 1},
                            {"position", "top_left"}},
                           {{"__class_fullname__", "LongestMaxSize"},
                            {"p", 1.0},
                            {"max_size", 640},
                            {"interpolation", 3}}}),
            {{{"transform", "image.safe_rotate"},
              {"p", 0.5},
              {"params", {{"degrees", {-30, 30}}, {"border_mode", "constant"}, {"fill", 0}}}},
             {{"transform", "image.random_scale"},
              {"p", 0.5},
              {"params", {{"scale", {0.8, 1.2}}, {"interpolation", "cubic"}}}},
             {{"transform", "image.pad_if_needed"},
              {"p", 1.0},
              {"params",
               {{"min_height", 300},
                {"min_width", 400},
                {"border_mode", "replicate"},
                {"position", "top_left"}}}},
             {{"transform", "image.longest_max_size"},
              {"p", 1.0},
              {"params", {{"max_size", 640}, {"interpolation", "area"}}}}});
        row("RandomBrightnessContrast, one number meaning [-x, x]",
            albu("2.0.5", {{{"__class_fullname__", "RandomBrightnessContrast"},
                            {"p", 0.5},
                            {"brightness_limit", 0.3},
                            {"contrast_limit", {-0.1, 0.2}}}}),
            {{{"transform", "image.brightness_contrast"},
              {"p", 0.5},
              {"params", {{"brightness", {-0.3, 0.3}}, {"contrast", {-0.1, 0.2}}}}}});
        row("CoarseDropout 1.3 (fractions)",
            albu("1.3.1", {{{"__class_fullname__", "CoarseDropout"},
                            {"p", 0.5},
                            {"max_holes", 6},
                            {"min_holes", 2},
                            {"max_height", 0.2},
                            {"min_height", 0.1},
                            {"max_width", 0.25},
                            {"min_width", 0.05},
                            {"fill_value", 0}}}),
            {{{"transform", "image.coarse_dropout"},
              {"p", 0.5},
              {"params",
               {{"holes", {2, 6}},
                {"hole_height", {0.1, 0.2}},
                {"hole_width", {0.05, 0.25}},
                {"fill", 0}}}}});
        row("CoarseDropout 2.x",
            albu("2.0.5",
                 {{{"__class_fullname__", "CoarseDropout"},
                   {"p", 1.0},
                   {"num_holes_range", {1, 3}},
                   {"hole_height_range", {0.1, 0.3}},
                   {"hole_width_range", {0.1, 0.2}}}},
                 {{"seed", 137}}),
            {{{"transform", "image.coarse_dropout"},
              {"p", 1.0},
              {"params",
               {{"holes", {1, 3}}, {"hole_height", {0.1, 0.3}}, {"hole_width", {0.1, 0.2}}}}}});
        row("nested OneOf, SomeOf and Sequential",
            albu("1.3.1",
                 {{{"__class_fullname__", "OneOf"},
                   {"p", 0.3},
                   {"transforms",
                    {{{"__class_fullname__", "Blur"}, {"blur_limit", 5}, {"p", 1.0}},
                     {{"__class_fullname__", "MedianBlur"}, {"blur_limit", {3, 5}}, {"p", 1.0}}}}},
                  {{"__class_fullname__", "SomeOf"},
                   {"n", 2},
                   {"p", 1.0},
                   {"transforms",
                    {{{"__class_fullname__", "ToGray"}, {"p", 1.0}},
                     {{"__class_fullname__", "Sequential"},
                      {"p", 0.5},
                      {"transforms", {{{"__class_fullname__", "Transpose"}, {"p", 1.0}}}}},
                     {{"__class_fullname__", "RandomRotate90"}, {"p", 1.0}}}}}}),
            {{{"one_of",
               {{{"transform", "image.blur"}, {"p", 1.0}, {"params", {{"kernel", {3, 5}}}}},
                {{"transform", "image.median_blur"},
                 {"p", 1.0},
                 {"params", {{"kernel", {3, 5}}}}}}},
              {"p", 0.3}},
             {{"some_of",
               {{{"transform", "image.to_gray"}, {"p", 1.0}},
                {{"sequence", {{{"transform", "image.transpose"}, {"p", 1.0}}}}, {"p", 0.5}},
                {{"transform", "image.rotate90"}, {"p", 1.0}}}},
              {"p", 1.0},
              {"n", {2, 2}}}});
        row("GaussNoise 1.3 variance and 2.x std_range",
            albu("1.3.1",
                 {{{"__class_fullname__", "GaussNoise"}, {"p", 0.4}, {"var_limit", {0, 2601}}},
                  {{"__class_fullname__", "GaussNoise"}, {"p", 0.4}, {"std_range", {0.1, 0.2}}}}),
            {{{"transform", "image.gaussian_noise"}, {"p", 0.4}, {"params", {{"std", {0.0, 0.2}}}}},
             {{"transform", "image.gaussian_noise"},
              {"p", 0.4},
              {"params", {{"std", {0.1, 0.2}}}}}});
        row("RandomResizedCrop 1.3 height/width and 2.x size",
            albu("2.0.5",
                 {{{"__class_fullname__", "RandomResizedCrop"},
                   {"p", 1.0},
                   {"height", 64},
                   {"width", 96},
                   {"scale", {0.5, 1.0}},
                   {"interpolation", 2}},
                  {{"__class_fullname__", "RandomResizedCrop"}, {"p", 1.0}, {"size", {32, 48}}}}),
            {{{"transform", "image.random_resized_crop"},
              {"p", 1.0},
              {"params",
               {{"height", 64},
                {"width", 96},
                {"scale", {0.5, 1.0}},
                {"ratio", {0.75, 4.0 / 3.0}},
                {"interpolation", "cubic"}}}},
             {{"transform", "image.random_resized_crop"},
              {"p", 1.0},
              {"params",
               {{"height", 32},
                {"width", 48},
                {"scale", {0.08, 1.0}},
                {"ratio", {0.75, 4.0 / 3.0}}}}}});
        row("HueSaturationValue, CLAHE, ImageCompression 1.3",
            albu("1.3.1", {{{"__class_fullname__", "HueSaturationValue"},
                            {"p", 0.5},
                            {"hue_shift_limit", 10},
                            {"sat_shift_limit", {-20, 20}},
                            {"val_shift_limit", 5}},
                           {{"__class_fullname__", "CLAHE"},
                            {"p", 0.5},
                            {"clip_limit", 3.0},
                            {"tile_grid_size", {4, 4}}},
                           {{"__class_fullname__", "ImageCompression"},
                            {"p", 0.5},
                            {"quality_lower", 60},
                            {"quality_upper", 90}}}),
            {{{"transform", "image.hue_saturation_value"},
              {"p", 0.5},
              {"params",
               {{"hue_shift", {-10, 10}}, {"sat_shift", {-20, 20}}, {"val_shift", {-5, 5}}}}},
             {{"transform", "image.clahe"},
              {"p", 0.5},
              {"params", {{"clip_limit", {1.0, 3.0}}, {"tile", 4}}}},
             {{"transform", "image.jpeg_compression"},
              {"p", 0.5},
              {"params", {{"quality", {60, 90}}}}}});
    }
    void import() {
        QFETCH(std::string, document);
        QFETCH(std::string, expected);
        const AlbumentationsImport got = importAlbumentations(json::parse(document), "a.json");
        QVERIFY(got.warnings.empty());
        const json loaded = pipelineFromJson(got.pipeline).toJson()["steps"];
        const json want = loadedSteps(json::parse(expected));
        QVERIFY2(loaded == want, (loaded.dump() + "\n  !=\n" + want.dump()).c_str());
    }

    void bboxParamsAndSeed() {
        const json doc = albu(
            "2.0.5", {{{"__class_fullname__", "HorizontalFlip"}, {"p", 0.5}}},
            {{"seed", 137},
             {"bbox_params",
              {{"format", "pascal_voc"}, {"min_visibility", 0.4}, {"label_fields", {"labels"}}}}});
        const json p = importAlbumentations(doc, "a.json").pipeline;
        QCOMPARE(p["min_visibility"].get<double>(), 0.4);
        QCOMPARE(p["seed"].get<uint64_t>(), uint64_t(137));
    }

    // Every transform without an equivalent, in one error; or left out, a warning each.
    void unknownTransforms() {
        const json doc =
            albu("1.3.1", {{{"__class_fullname__", "HorizontalFlip"}, {"p", 0.5}},
                           {{"__class_fullname__", "Lambda"}, {"p", 0.5}},
                           {{"__class_fullname__", "OneOf"},
                            {"p", 0.5},
                            {"transforms", {{{"__class_fullname__", "TemplateMatchingX"}}}}},
                           {{"__class_fullname__", "CoarseDropout"},
                            {"max_holes", 8},
                            {"max_height", 8},
                            {"max_width", 8}}});
        try {
            importAlbumentations(doc, "in.json");
            QFAIL("no error");
        } catch (const PipelineError& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("in.json: 3 transform(s) cannot be converted") == 0, m.c_str());
            QVERIFY2(m.find("transform.transforms[1]: Lambda (no conversion") != std::string::npos,
                     m.c_str());
            QVERIFY2(m.find("transform.transforms[2].transforms[0]: TemplateMatchingX") !=
                         std::string::npos,
                     m.c_str());
            QVERIFY2(m.find("CoarseDropout.max_height: sizes in pixels have no equivalent") !=
                         std::string::npos,
                     m.c_str());
        }
        const AlbumentationsImport skipped = importAlbumentations(doc, "in.json", true);
        QCOMPARE(skipped.warnings.size(), size_t(3));
        QCOMPARE(skipped.pipeline["steps"].size(), size_t(1)); // the flip; the emptied one_of goes
    }

    // Our pipeline to Albumentations and back gives the same pipeline.
    void roundTrip() {
        const json steps = {
            {{"transform", "image.hflip"}, {"p", 0.5}},
            {{"transform", "image.shift_scale_rotate"},
             {"p", 0.7},
             {"params",
              {{"rotate", {-10, 10}},
               {"scale", {0.8, 1.2}},
               {"shift_x", {-0.1, 0.1}},
               {"shift_y", {-0.05, 0.05}},
               {"border_mode", "reflect_101"}}}},
            // A constant black border: Affine, which both versions read with it.
            {{"transform", "image.affine"},
             {"p", 0.3},
             {"params",
              {{"rotate", {-5, 5}},
               {"shear_x", {-3, 3}},
               {"keep_ratio", false},
               {"translate_y", {-0.05, 0.05}}}}},
            {{"transform", "image.channel_shuffle"}, {"p", 0.1}},
            {{"transform", "image.sharpen"}, {"p", 0.2}},
            {{"transform", "image.rgb_shift"}, {"p", 0.2}},
            {{"transform", "image.posterize"}, {"p", 0.2}},
            {{"transform", "image.random_grid_shuffle"}, {"p", 0.2}, {"params", {{"rows", 2}}}},
            {{"transform", "image.safe_rotate"}, {"p", 0.2}},
            {{"transform", "image.random_scale"}, {"p", 0.2}},
            {{"one_of",
              {{{"transform", "image.gaussian_blur"}, {"p", 1.0}, {"params", {{"kernel", {3, 5}}}}},
               {{"transform", "image.median_blur"}, {"p", 1.0}}}},
             {"p", 0.4}},
            {{"transform", "image.brightness_contrast"}, {"p", 1.0}},
            {{"transform", "image.clahe"}, {"p", 0.2}},
            {{"transform", "image.normalize"}, {"p", 1.0}}};
        const json ours =
            pipelineFromJson({{"version", 1}, {"modality", "image"}, {"steps", steps}}).toJson();
        const json a = exportAlbumentations(ours, "p.json");
        QCOMPARE(a["transform"]["transforms"][1]["__class_fullname__"].get<std::string>(),
                 std::string("ShiftScaleRotate"));
        QVERIFY(std::abs(a["transform"]["transforms"][1]["scale_limit"][0].get<double>() + 0.2) <
                1e-12);
        QCOMPARE(a["transform"]["transforms"][1]["border_mode"].get<int>(), 4);
        QCOMPARE(a["transform"]["transforms"][2]["__class_fullname__"].get<std::string>(),
                 std::string("Affine"));
        QVERIFY(!a["transform"]["transforms"][2].contains("mode")); // 2.x would not read it
        QCOMPARE(a["transform"]["transforms"][7]["grid"], json({2, 3}));
        const json back = pipelineFromJson(importAlbumentations(a, "a.json").pipeline).toJson();
        QVERIFY2(back["steps"] == ours["steps"],
                 (back["steps"].dump() + "\n!=\n" + ours["steps"].dump()).c_str());
        try {
            exportAlbumentations(pipelineFromJson({{"version", 1},
                                                   {"modality", "image"},
                                                   {"steps", {{{"transform", "image.he_stain"}}}}})
                                     .toJson(),
                                 "p.json");
            QFAIL("no error");
        } catch (const PipelineError& e) {
            QVERIFY2(std::string(e.what()).find("steps[0]: image.he_stain") != std::string::npos,
                     e.what());
        }
    }

    // The CLI: YAML in, the pipeline out; --to python writes A.from_dict of the JSON.
    void cli() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        writeText(base / "a.yaml", "__version__: 1.3.1\ntransform:\n  __class_fullname__: Compose\n"
                                   "  p: 1.0\n  transforms:\n  - __class_fullname__: Rotate\n"
                                   "    always_apply: false\n    p: 0.6\n    limit: [-30, 30]\n"
                                   "    border_mode: 0\n    interpolation: 0\n"
                                   "  - __class_fullname__: Lambda\n    p: 0.5\n");
        const QString yaml = QString::fromStdString((base / "a.yaml").string());
        const QString out = QString::fromStdString((base / "p.augpipe.json").string());
        auto r = runCli({QStringLiteral("convert"), QStringLiteral("--from"),
                         QStringLiteral("albumentations"), yaml, out});
        QCOMPARE(r.first, 1);
        QVERIFY2(r.second.find("Lambda (no conversion") != std::string::npos, r.second.c_str());
        r = runCli({QStringLiteral("convert"), QStringLiteral("--from"),
                    QStringLiteral("albumentations"), yaml, out, QStringLiteral("--skip-unknown")});
        QVERIFY2(r.first == 0, r.second.c_str());
        QVERIFY2(r.second.find("warning: ") != std::string::npos &&
                     r.second.find("Lambda") != std::string::npos,
                 r.second.c_str());
        const json p = json::parse(readText(base / "p.augpipe.json"));
        QCOMPARE(p["steps"].size(), size_t(1));
        QCOMPARE(p["steps"][0]["transform"].get<std::string>(), std::string("image.rotate"));
        QCOMPARE(p["steps"][0]["params"]["degrees"], json({-30.0, 30.0}));
        QCOMPARE(p["steps"][0]["params"]["border_mode"].get<std::string>(),
                 std::string("constant"));
        QCOMPARE(p["steps"][0]["params"]["interpolation"].get<std::string>(),
                 std::string("nearest"));
        const QString py = QString::fromStdString((base / "p.py").string());
        r = runCli(
            {QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("python"), out, py});
        QVERIFY2(r.first == 0, r.second.c_str());
        const std::string code = readText(base / "p.py");
        QVERIFY(code.find("import albumentations as A") != std::string::npos);
        QVERIFY(code.find("transform = A.from_dict(PIPELINE)") != std::string::npos);
        QVERIFY(code.find("\"__class_fullname__\": \"Rotate\"") != std::string::npos);
        // The embedded JSON is the --to albumentations file.
        const QString aj = QString::fromStdString((base / "back.json").string());
        r = runCli({QStringLiteral("convert"), QStringLiteral("--to"),
                    QStringLiteral("albumentations"), out, aj});
        QVERIFY2(r.first == 0, r.second.c_str());
        const std::string start = "json.loads(\"\"\"\n", end = "\n\"\"\")";
        const size_t from = code.find(start) + start.size();
        QCOMPARE(json::parse(code.substr(from, code.find(end) - from)),
                 json::parse(readText(base / "back.json")));
    }
};

QTEST_GUILESS_MAIN(TestInteropAlbumentations)
#include "tst_interop_albumentations.moc"

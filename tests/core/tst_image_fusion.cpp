// Fused execution: runs of matrix steps as one warp, runs of 8-bit table steps as one
// lookup table. Same draws and records as step by step; table chains byte-exact; warp chains
// within interpolation error of step by step and closer to the exact composite; boxes,
// masks and keypoints through the same composite; "fuse": false is step by step.
#include "core/pipeline/pipeline.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <cmath>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

const Registry& imageRegistry() {
    static const Registry r = [] {
        Registry reg;
        registerImageTransforms(reg);
        return reg;
    }();
    return r;
}

Pipeline pipelineOf(const json& steps, bool fuse, uint64_t seed = 11) {
    return Pipeline::fromJson(
        {{"version", 1}, {"modality", "image"}, {"seed", seed}, {"fuse", fuse}, {"steps", steps}},
        imageRegistry());
}

json step(const std::string& id, const json& params = json::object(), double p = 1.0) {
    return {{"transform", id}, {"p", p}, {"params", params}};
}

// A smooth texture with detail at several scales, defined everywhere so the exact composite
// can be evaluated at any source position: levels in [20, 235].
double texture(double x, double y, int channel) {
    const double c = channel * 0.7;
    return 127.5 + 40 * std::sin(x / 23.0 + c) * std::cos(y / 31.0 - c) +
           30 * std::sin((x + 2 * y) / 13.0 + c) + 25 * std::cos((3 * x - y) / 41.0) +
           10 * std::sin(x * y / 4000.0);
}

// The texture sampled at pixel centres (pixel i at i, OpenCV's convention).
cv::Mat texturedImage(int w, int h, int channels, int depth = CV_8U) {
    cv::Mat m(h, w, CV_64FC(channels));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c)
                m.ptr<double>(y)[x * channels + c] = texture(x, y, c);
    cv::Mat out;
    const double scale = depth == CV_8U ? 1.0 : depth == CV_16U ? 257.0 : 1.0 / 255.0;
    m.convertTo(out, CV_MAKETYPE(depth, channels), scale);
    return out;
}

Sample imageSample(const cv::Mat& image) {
    ImageSample s;
    s.image = image.clone();
    return s;
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

json recordsOf(const RunResult& r) {
    return r.stepsJson();
}

// The six-step pipeline of the benchmarks: a table step between warps (it moves behind
// them: one warp, then one table).
json sixSteps() {
    return json::array({
        step("image.rotate", {{"degrees", {-15, 15}}}),
        step("image.hflip"),
        step("image.brightness_contrast"),
        step("image.affine", {{"rotate", {0, 0}},
                              {"scale", {0.9, 1.1}},
                              {"translate_x", {-0.1, 0.1}},
                              {"translate_y", {-0.1, 0.1}}}),
        step("image.perspective"),
        step("image.resize", {{"width", 224}, {"height", 224}}),
    });
}

// Each step rebuilt from the registry: the composite matrix the fused run applies, from the
// recorded values, for the exact reference.
cv::Matx33d compositeOf(const json& steps, const json& records, cv::Size& size) {
    cv::Matx33d m = cv::Matx33d::eye();
    for (size_t i = 0; i < steps.size(); ++i) {
        if (!records[i].at("applied").get<bool>())
            continue;
        const TransformInfo* info =
            imageRegistry().find(steps[i].at("transform").get<std::string>());
        const auto t = info->create(validateParams(info->params, steps[i].at("params"), "p"));
        WarpStep w;
        if (!t->warpOf(Values::fromJson(records[i].at("values")), size, w))
            return {};
        m = w.matrix * m;
        size = w.size;
    }
    return m;
}

double psnr(const cv::Mat& a, const cv::Mat& b, const cv::Mat& where) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    d.convertTo(d, CV_64F);
    d = d.mul(d);
    const double mse = cv::mean(d, where)[0];
    return 10 * std::log10(255.0 * 255.0 / std::max(mse, 1e-12));
}

} // namespace

class TestImageFusion : public QObject {
    Q_OBJECT
private slots:
    void planListsRuns();
    void fuseRoundTripsAndIsChecked();
    void recordsAndReplayAreTheSame();
    void tableChainsAreByteExact_data();
    void tableChainsAreByteExact();
    void singleStepsAreStepByStep_data();
    void singleStepsAreStepByStep();
    void warpChainsAgreeWithStepByStep();
    void fusedIsCloserToTheExactComposite();
    void wholePixelChainsAreExact();
    void targetsFollowTheComposite();
    void groupsJoinTheRun();
    void reducedRunsAreTheFullRunReduced_data();
    void reducedRunsAreTheFullRunReduced();
    void reducedRunsRefuseOtherSteps();
    void tablesMoveBehindWarps();
};

void TestImageFusion::planListsRuns() {
    const Pipeline fused = pipelineOf(sixSteps(), true);
    std::vector<std::string> ids;
    for (size_t i = 0; i < fused.stepCount(); ++i)
        ids.push_back(fused.stepInfo(i).id);
    QCOMPARE(fused.fusionPlan().describe(ids),
             std::string("warp(image.rotate image.hflip image.affine image.perspective "
                         "image.resize) table(image.brightness_contrast)"));
    QCOMPARE(fused.fusionPlan().toJson()[0], json({{"apply", "warp"}, {"steps", {0, 1, 3, 4, 5}}}));
    QCOMPARE(fused.fusionPlan().toJson()[1], json({{"apply", "table"}, {"steps", {2}}}));
    const Pipeline plain = pipelineOf(sixSteps(), false);
    QCOMPARE(plain.fusionPlan().runs.size(), size_t(6));
    const Pipeline blur =
        pipelineOf({step("image.rotate"), step("image.gaussian_blur"), step("image.vflip")}, true);
    QCOMPARE(blur.fusionPlan().describe({"r", "b", "v"}), std::string("warp(r) step(b) warp(v)"));
}

void TestImageFusion::fuseRoundTripsAndIsChecked() {
    const json doc = {{"version", 1}, {"modality", "image"}, {"steps", {step("image.hflip")}}};
    const Pipeline byDefault = Pipeline::fromJson(doc, imageRegistry());
    QVERIFY(byDefault.fused());
    QCOMPARE(byDefault.toJson().at("fuse"), json(true));
    json off = doc;
    off["fuse"] = false;
    const Pipeline stepwise = Pipeline::fromJson(off, imageRegistry());
    QVERIFY(!stepwise.fused());
    QVERIFY(!Pipeline::fromJson(stepwise.toJson(), imageRegistry()).fused());
    json bad = doc;
    bad["fuse"] = "yes";
    try {
        Pipeline::fromJson(bad, imageRegistry());
        QFAIL("a string fuse was accepted");
    } catch (const PipelineError& e) {
        QCOMPARE(e.where(), std::string("fuse"));
    }
}

void TestImageFusion::recordsAndReplayAreTheSame() {
    const json steps = sixSteps();
    const cv::Mat photo = texturedImage(256, 192, 3);
    const Pipeline fused = pipelineOf(steps, true), plain = pipelineOf(steps, false);
    for (uint64_t seed : {1u, 2u, 3u}) {
        Sample a = imageSample(photo), b = imageSample(photo);
        const RunResult ra = fused.run(a, seed), rb = plain.run(b, seed);
        QCOMPARE(recordsOf(ra), recordsOf(rb)); // draws do not depend on fusion
        Sample c = imageSample(photo);
        fused.replay(c, ra.steps);
        QVERIFY(sameBytes(std::get<ImageSample>(c).image, std::get<ImageSample>(a).image));
        Sample d = imageSample(photo);
        plain.replay(d, rb.steps);
        QVERIFY(sameBytes(std::get<ImageSample>(d).image, std::get<ImageSample>(b).image));
    }
}

void TestImageFusion::tableChainsAreByteExact_data() {
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("channels");
    for (int depth : {CV_8U, CV_16U, CV_32F})
        for (int channels : {1, 3, 4})
            QTest::addRow("%s x%d",
                          depth == CV_8U    ? "8-bit"
                          : depth == CV_16U ? "16-bit"
                                            : "float",
                          channels)
                << depth << channels;
}

void TestImageFusion::tableChainsAreByteExact() {
    QFETCH(int, depth);
    QFETCH(int, channels);
    // Every table step, with ranges wide enough that each changes most levels.
    const json steps = json::array({
        step("image.brightness_contrast", {{"brightness", {-0.3, 0.3}}, {"contrast", {-0.4, 0.6}}}),
        step("image.gamma", {{"gamma", {60, 150}}}),
        step("image.solarize"),
        step("image.posterize"),
        step("image.invert", json::object(), 0.5),
        step("image.rgb_shift"),
        step("image.brightness_contrast"),
    });
    const Pipeline fused = pipelineOf(steps, true), plain = pipelineOf(steps, false);
    QCOMPARE(fused.fusionPlan().runs.size(), size_t(1));
    // Every level of every channel occurs: a ramp over the rows plus the texture.
    cv::Mat photo = texturedImage(96, 64, channels, depth);
    if (depth == CV_8U)
        for (int x = 0; x < 96; ++x)
            for (int c = 0; c < channels; ++c)
                photo.ptr<uint8_t>(0)[x * channels + c] = uint8_t((x * 8 + c * 3) % 256),
                                                     photo.ptr<uint8_t>(1)[x * channels + c] =
                                                         uint8_t((x * 8 + 4 + c) % 256);
    for (uint64_t seed = 0; seed < 12; ++seed) {
        Sample a = imageSample(photo), b = imageSample(photo);
        fused.run(a, seed);
        plain.run(b, seed);
        const cv::Mat& fa = std::get<ImageSample>(a).image;
        QVERIFY2(sameBytes(fa, std::get<ImageSample>(b).image),
                 ("seed " + std::to_string(seed)).c_str());
        QVERIFY(!sameBytes(fa, photo));
    }
}

void TestImageFusion::singleStepsAreStepByStep_data() {
    QTest::addColumn<QString>("id");
    for (const char* id : {"image.rotate", "image.affine", "image.perspective", "image.hflip",
                           "image.shift_scale_rotate", "image.resize", "image.random_crop",
                           "image.pad", "image.brightness_contrast"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

void TestImageFusion::singleStepsAreStepByStep() {
    QFETCH(QString, id);
    json params = json::object();
    if (id == QLatin1String("image.random_crop"))
        params = {{"width", 100}, {"height", 70}};
    // One fused step between two that change nothing (rotation by 0, resize to the same
    // size): the bytes of running it alone.
    const json steps =
        json::array({step("image.rotate", {{"degrees", {0, 0}}}), step(id.toStdString(), params),
                     step("image.resize", {{"width", 130}, {"height", 90}}, 0.0)});
    const cv::Mat photo = texturedImage(130, 90, 3);
    for (uint64_t seed : {4u, 5u}) {
        Sample a = imageSample(photo), b = imageSample(photo);
        pipelineOf(steps, true).run(a, seed);
        pipelineOf(steps, false).run(b, seed);
        QVERIFY(sameBytes(std::get<ImageSample>(a).image, std::get<ImageSample>(b).image));
    }
}

void TestImageFusion::warpChainsAgreeWithStepByStep() {
    const json steps = sixSteps();
    const cv::Mat photo = texturedImage(512, 512, 3);
    const Pipeline fused = pipelineOf(steps, true), plain = pipelineOf(steps, false);
    for (uint64_t seed : {1u, 7u, 9u}) {
        Sample a = imageSample(photo), b = imageSample(photo);
        fused.run(a, seed);
        plain.run(b, seed);
        const cv::Mat& fa = std::get<ImageSample>(a).image;
        const cv::Mat& pb = std::get<ImageSample>(b).image;
        QCOMPARE(fa.size(), cv::Size(224, 224));
        QCOMPARE(pb.size(), cv::Size(224, 224));
        QVERIFY(!sameBytes(fa, pb)); // one interpolation instead of four
        // Away from the borders (the central half), where both saw image content.
        const cv::Rect inner(56, 56, 112, 112);
        cv::Mat d;
        cv::absdiff(fa(inner), pb(inner), d);
        const double meanAbs = cv::mean(d.reshape(1))[0];
        QVERIFY2(meanAbs <= 1.0, std::to_string(meanAbs).c_str());
    }
}

void TestImageFusion::fusedIsCloserToTheExactComposite() {
    // No brightness step here: the reference is the texture itself through the composite.
    const json steps = json::array(
        {step("image.rotate", {{"degrees", {-15, 15}}}), step("image.hflip"),
         step("image.affine", {{"rotate", {0, 0}}, {"scale", {0.9, 1.1}}}),
         step("image.perspective"), step("image.resize", {{"width", 224}, {"height", 224}})});
    const cv::Mat photo = texturedImage(512, 512, 1);
    const Pipeline fused = pipelineOf(steps, true), plain = pipelineOf(steps, false);
    for (uint64_t seed : {2u, 3u, 8u}) {
        Sample a = imageSample(photo), b = imageSample(photo);
        const RunResult r = fused.run(a, seed);
        plain.run(b, seed);
        cv::Size size = photo.size();
        const cv::Matx33d m = compositeOf(steps, recordsOf(r), size);
        QCOMPARE(size, cv::Size(224, 224));
        // The exact result: each output pixel centre mapped back to the source and the
        // texture evaluated there; only where that lies well inside the source.
        const cv::Matx33d inv = m.inv();
        cv::Mat exact(size, CV_8U), inside(size, CV_8U, cv::Scalar(0));
        for (int y = 0; y < size.height; ++y)
            for (int x = 0; x < size.width; ++x) {
                const cv::Vec3d s = inv * cv::Vec3d(x, y, 1);
                const double sx = s[0] / s[2], sy = s[1] / s[2];
                exact.at<uint8_t>(y, x) = cv::saturate_cast<uint8_t>(texture(sx, sy, 0));
                inside.at<uint8_t>(y, x) =
                    sx > 8 && sy > 8 && sx < photo.cols - 9 && sy < photo.rows - 9 ? 255 : 0;
            }
        QVERIFY(cv::countNonZero(inside) > size.area() / 2);
        const double pf = psnr(std::get<ImageSample>(a).image, exact, inside);
        const double pp = psnr(std::get<ImageSample>(b).image, exact, inside);
        QVERIFY2(pf > pp + 1.0, (std::to_string(pf) + " vs " + std::to_string(pp)).c_str());
    }
}

void TestImageFusion::wholePixelChainsAreExact() {
    // Flips, transposes, quarter turns, crops and pads: one whole-pixel map, exactly the
    // bytes of step by step (nothing is interpolated either way).
    const json steps = json::array(
        {step("image.hflip"), step("image.rotate90"), step("image.vflip"), step("image.transpose"),
         step("image.pad", {{"top", {0, 9}}, {"left", {3, 3}}, {"border_mode", "reflect_101"}}),
         step("image.random_crop", {{"width", 70}, {"height", 60}}), step("image.hflip")});
    const Pipeline fused = pipelineOf(steps, true), plain = pipelineOf(steps, false);
    const cv::Mat photo = texturedImage(90, 75, 3);
    for (uint64_t seed = 0; seed < 6; ++seed) {
        Sample a = imageSample(photo), b = imageSample(photo);
        std::get<ImageSample>(a).mask = texturedImage(90, 75, 1);
        std::get<ImageSample>(b).mask = texturedImage(90, 75, 1);
        fused.run(a, seed);
        plain.run(b, seed);
        QVERIFY(sameBytes(std::get<ImageSample>(a).image, std::get<ImageSample>(b).image));
        QVERIFY(sameBytes(std::get<ImageSample>(a).mask, std::get<ImageSample>(b).mask));
    }
}

void TestImageFusion::targetsFollowTheComposite() {
    const json axisAligned =
        json::array({step("image.hflip"),
                     step("image.affine",
                          {{"rotate", {0, 0}}, {"scale", {0.9, 1.0}}, {"border_mode", "constant"}}),
                     step("image.resize", {{"width", 200}, {"height", 150}})});
    const json rotated =
        json::array({step("image.rotate", {{"degrees", {-20, 20}}}), step("image.vflip"),
                     step("image.resize", {{"width", 180}, {"height", 120}})});
    const cv::Mat photo = texturedImage(240, 180, 3);
    cv::Mat mask(180, 240, CV_8U, cv::Scalar(0));
    cv::circle(mask, {120, 90}, 40, cv::Scalar(3), cv::FILLED);
    cv::rectangle(mask, {60, 50, 30, 20}, cv::Scalar(7), cv::FILLED);
    auto make = [&] {
        ImageSample s;
        s.image = photo.clone();
        s.mask = mask.clone();
        s.boxes = {{90, 60, 150, 120, 1}, {60, 50, 90, 70, 2}};
        s.keypoints = {{120, 90}, {61.5, 50.25}, {100, 130}};
        return Sample(std::move(s));
    };
    for (const json* steps : {&axisAligned, &rotated})
        for (uint64_t seed : {1u, 2u}) {
            Sample a = make(), b = make();
            pipelineOf(*steps, true).run(a, seed);
            pipelineOf(*steps, false).run(b, seed);
            const ImageSample& fa = std::get<ImageSample>(a);
            const ImageSample& pb = std::get<ImageSample>(b);
            QCOMPARE(fa.keypoints.size(), pb.keypoints.size());
            for (size_t k = 0; k < fa.keypoints.size(); ++k) {
                QVERIFY(std::abs(fa.keypoints[k].x - pb.keypoints[k].x) < 1e-6);
                QVERIFY(std::abs(fa.keypoints[k].y - pb.keypoints[k].y) < 1e-6);
            }
            QCOMPARE(fa.boxes.size(), size_t(2));
            QCOMPARE(pb.boxes.size(), size_t(2));
            for (size_t k = 0; k < 2; ++k) {
                const BoundingBox &f = fa.boxes[k], &p = pb.boxes[k];
                QCOMPARE(f.classId, p.classId);
                if (steps == &axisAligned) { // the same box
                    QVERIFY(std::abs(f.x1 - p.x1) < 1e-6 && std::abs(f.x2 - p.x2) < 1e-6);
                    QVERIFY(std::abs(f.y1 - p.y1) < 1e-6 && std::abs(f.y2 - p.y2) < 1e-6);
                } else { // the rotated corners' box: never larger than step by step's
                    QVERIFY(f.x1 >= p.x1 - 1e-6 && f.x2 <= p.x2 + 1e-6);
                    QVERIFY(f.y1 >= p.y1 - 1e-6 && f.y2 <= p.y2 + 1e-6);
                    QVERIFY(f.area() > 0.8 * p.area());
                }
            }
            // The mask (nearest): the same labels, differing only along label edges.
            QCOMPARE(fa.mask.size(), pb.mask.size());
            const double differing = cv::countNonZero(fa.mask != pb.mask);
            QVERIFY2(differing < 0.01 * fa.mask.total(), std::to_string(differing).c_str());
            // Each label's area: the same up to its outline (a few pixels per edge pixel).
            for (int label : {3, 7}) {
                const int f = cv::countNonZero(fa.mask == label);
                const int p = cv::countNonZero(pb.mask == label);
                QVERIFY2(std::abs(f - p) <= 4 * std::sqrt(double(p)),
                         (std::to_string(f) + " vs " + std::to_string(p)).c_str());
            }
        }
}

void TestImageFusion::groupsJoinTheRun() {
    // A OneOf's pick joins the surrounding run; the records still match step by step.
    const json steps = json::array(
        {step("image.rotate", {{"degrees", {5, 10}}}),
         json{{"one_of", {step("image.hflip"), step("image.vflip")}}},
         json{{"some_of", {step("image.gamma"), step("image.solarize"), step("image.invert")}},
              {"n", {2, 2}}},
         step("image.resize", {{"width", 64}, {"height", 48}})});
    const Pipeline fused = pipelineOf(steps, true), plain = pipelineOf(steps, false);
    const cv::Mat photo = texturedImage(128, 96, 3);
    for (uint64_t seed = 0; seed < 4; ++seed) {
        Sample a = imageSample(photo), b = imageSample(photo);
        const RunResult ra = fused.run(a, seed), rb = plain.run(b, seed);
        QCOMPARE(recordsOf(ra), recordsOf(rb));
        cv::Mat d;
        cv::absdiff(std::get<ImageSample>(a).image, std::get<ImageSample>(b).image, d);
        QVERIFY(cv::mean(d(cv::Rect(16, 12, 32, 24)).reshape(1))[0] <= 3.0);
    }
}

// A level step between two rotations: one warp, then the table on its output, so the
// second rotation's black corners go through the table too (step by step they stay black).
void TestImageFusion::tablesMoveBehindWarps() {
    const json steps = {
        step("image.rotate", {{"degrees", {10, 10}}}),
        step("image.brightness_contrast", {{"brightness", {0.4, 0.4}}, {"contrast", {0, 0}}}),
        step("image.rotate", {{"degrees", {20, 20}}})};
    const Pipeline fused = pipelineOf(steps, true), plain = pipelineOf(steps, false);
    QCOMPARE(fused.fusionPlan().describe({"r", "b", "r2"}), std::string("warp(r r2) table(b)"));
    const cv::Mat photo = texturedImage(256, 256, 3);
    Sample a = imageSample(photo), b = imageSample(photo);
    fused.run(a, 3);
    plain.run(b, 3);
    const cv::Mat& fa = std::get<ImageSample>(a).image;
    const cv::Mat& pb = std::get<ImageSample>(b).image;
    // The table of the step: what it makes of black.
    Sample black = imageSample(cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(0)));
    pipelineOf(json::array({steps[1]}), false).run(black, 3);
    const cv::Vec3b lifted = std::get<ImageSample>(black).image.at<cv::Vec3b>(0, 0);
    QVERIFY(lifted[0] > 90);
    QCOMPARE(fa.at<cv::Vec3b>(0, 0), lifted);
    QCOMPARE(pb.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 0));
    const cv::Rect inner(64, 64, 128, 128);
    cv::Mat d;
    cv::absdiff(fa(inner), pb(inner), d);
    const double meanAbs = cv::mean(d.reshape(1))[0];
    QVERIFY2(meanAbs <= 1.0, std::to_string(meanAbs).c_str());
}

QTEST_GUILESS_MAIN(TestImageFusion)
void TestImageFusion::reducedRunsAreTheFullRunReduced_data() {
    QTest::addColumn<QByteArray>("steps");
    QTest::addColumn<double>("scale");
    QTest::newRow("hflip rotate")
        << QByteArray::fromStdString(
               json::array({step("image.hflip"), step("image.rotate", {{"degrees", {-20, 20}}})})
                   .dump())
        << 0.25;
    QTest::newRow("six steps, a table between two warps")
        << QByteArray::fromStdString(sixSteps().dump()) << 0.3;
    QTest::newRow("flips only")
        << QByteArray::fromStdString(json::array({step("image.hflip"), step("image.vflip")}).dump())
        << 0.2;
    QTest::newRow("crop then gamma")
        << QByteArray::fromStdString(
               json::array({step("image.center_crop", {{"width", 600}, {"height", 400}}),
                            step("image.gamma")})
                   .dump())
        << 0.4;
}

// The studio's fit-zoom preview: a reduced run draws what the full run draws and gives the
// full output reduced, up to resampling; boxes land where the full run's land, scaled.
void TestImageFusion::reducedRunsAreTheFullRunReduced() {
    QFETCH(QByteArray, steps);
    QFETCH(double, scale);
    const Pipeline pipeline = pipelineOf(json::parse(steps.toStdString()), true);
    QVERIFY(pipeline.rendersReduced());
    const cv::Mat photo = texturedImage(960, 720, 3);
    for (uint64_t seed : {3u, 4u}) {
        ImageSample fullSample;
        fullSample.image = photo.clone();
        fullSample.boxes = {{300, 200, 600, 500, 1}};
        Sample full = fullSample;
        const RunResult fullRun = pipeline.run(full, seed);
        const ImageSample& f = std::get<ImageSample>(full);

        ImageSample reducedSample;
        const cv::Size inSize(int(std::lround(960 * scale)), int(std::lround(720 * scale)));
        cv::resize(photo, reducedSample.image, inSize, 0, 0, cv::INTER_AREA);
        const double sx = double(inSize.width) / 960, sy = double(inSize.height) / 720;
        reducedSample.boxes = {{300 * sx, 200 * sy, 600 * sx, 500 * sy, 1}};
        Sample reduced = reducedSample;
        cv::Size fullOutput;
        const RunResult reducedRun =
            pipeline.runReduced(reduced, {960, 720}, scale, seed, {}, &fullOutput);
        const ImageSample& r = std::get<ImageSample>(reduced);
        QCOMPARE(recordsOf(reducedRun), recordsOf(fullRun));
        QCOMPARE(fullOutput, f.image.size());
        const cv::Size outSize(int(std::lround(f.image.cols * scale)),
                               int(std::lround(f.image.rows * scale)));
        QCOMPARE(r.image.size(), outSize);
        cv::Mat want;
        cv::resize(f.image, want, outSize, 0, 0, cv::INTER_AREA);
        // Away from the image's border, where fill and edge pixels differ by resampling.
        cv::Mat inside(outSize, CV_8U, cv::Scalar(0));
        cv::rectangle(inside, {3, 3, outSize.width - 6, outSize.height - 6}, cv::Scalar(255),
                      cv::FILLED);
        cv::Mat rGray, wGray;
        cv::cvtColor(r.image, rGray, cv::COLOR_BGR2GRAY);
        cv::cvtColor(want, wGray, cv::COLOR_BGR2GRAY);
        const double p = psnr(rGray, wGray, inside);
        QVERIFY2(p > 30, std::to_string(p).c_str());
        QCOMPARE(r.boxes.size(), f.boxes.size());
        const double ox = double(outSize.width) / f.image.cols;
        const double oy = double(outSize.height) / f.image.rows;
        for (size_t k = 0; k < r.boxes.size(); ++k) {
            QVERIFY(std::abs(r.boxes[k].x1 - f.boxes[k].x1 * ox) < 0.5);
            QVERIFY(std::abs(r.boxes[k].x2 - f.boxes[k].x2 * ox) < 0.5);
            QVERIFY(std::abs(r.boxes[k].y1 - f.boxes[k].y1 * oy) < 0.5);
            QVERIFY(std::abs(r.boxes[k].y2 - f.boxes[k].y2 * oy) < 0.5);
        }
    }
}

void TestImageFusion::reducedRunsRefuseOtherSteps() {
    const Pipeline blur =
        pipelineOf(json::array({step("image.hflip"), step("image.gaussian_blur")}), true);
    QVERIFY(!blur.rendersReduced());
    QVERIFY(!pipelineOf(json::array({step("image.hflip")}), false).rendersReduced());
    Sample s = imageSample(texturedImage(40, 30, 3));
    QVERIFY_THROWS_EXCEPTION(PipelineError, blur.runReduced(s, {160, 120}, 0.25, 1, {}));
}

#include "tst_image_fusion.moc"

// The Albumentations-parity transforms: what each one does to pixels and targets, beyond the
// catalog-wide invariants (tst_image_invariants) and box/keypoint following
// (tst_image_geometry): sepia values, the eight D4 images, crops and pads that move pixels
// and boxes by the drawn window, boxes kept by the box-aware crops, noise statistics.
#include "core/pipeline/pipeline.h"
#include "core/transforms/image/anisotropicblur.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/transforms/image/lighting.h"
#include "core/transforms/image/plasma.h"
#include "core/util/error.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <cmath>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

const Registry& parityRegistry() {
    static const Registry r = [] {
        Registry reg;
        registerImageTransforms(reg);
        return reg;
    }();
    return r;
}

std::unique_ptr<Transform> makeTransform(const std::string& id, const json& params = {}) {
    const TransformInfo* info = parityRegistry().find(id);
    if (!info)
        throw std::runtime_error("no transform " + id);
    return info->create(
        validateParams(info->params, params.is_null() ? json::object() : params, "params"));
}

// Draws with `seed` and applies; returns the values.
Values runOnce(const Transform& t, ImageSample& s, uint64_t seed) {
    Rng rng(seed);
    Sample sample = s;
    const Values v = t.draw(rng, SampleInfo::of(sample));
    t.apply(sample, v);
    s = std::get<ImageSample>(sample);
    return v;
}

// Distinct values everywhere (so a moved pixel can be told apart), 3 channels.
cv::Mat numbered(int w, int h) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(uint8_t(x), uint8_t(y), uint8_t((x * 7 + y) % 251));
    return m;
}

bool equalMats(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() &&
           (a.empty() || cv::norm(a, b, cv::NORM_INF) == 0);
}

cv::Rect windowOf(const Values& v) {
    return {v["x"].get<int>(), v["y"].get<int>(), v["width"].get<int>(), v["height"].get<int>()};
}

// A white filled rectangle per box on black, so where the box went can be read off pixels.
ImageSample boxesSample(const std::vector<cv::Rect>& rects, cv::Size size = {200, 160}) {
    ImageSample s;
    s.image = cv::Mat(size, CV_8UC1, cv::Scalar(0));
    s.mask = cv::Mat(size, CV_8UC1, cv::Scalar(0));
    for (size_t i = 0; i < rects.size(); ++i) {
        s.image(rects[i]).setTo(255);
        s.mask(rects[i]).setTo(int(i) + 1);
        s.boxes.push_back({double(rects[i].x), double(rects[i].y), double(rects[i].br().x),
                           double(rects[i].br().y), int(i)});
    }
    return s;
}

bool boxInside(const BoundingBox& b, cv::Size size) {
    return b.x1 >= 0 && b.y1 >= 0 && b.x2 <= size.width && b.y2 <= size.height;
}

} // namespace

class TestImageParity : public QObject {
    Q_OBJECT
private slots:
    void catalogHasTheParityTransforms() {
        for (const char* id : {"image.blur",
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
                               "image.crop",
                               "image.pad",
                               "image.random_sized_crop",
                               "image.random_scale",
                               "image.shift_scale_rotate",
                               "image.safe_rotate",
                               "image.d4",
                               "image.random_crop_from_borders",
                               "image.bbox_safe_random_crop",
                               "image.at_least_one_bbox_random_crop",
                               "image.random_crop_near_bbox",
                               "image.random_sized_bbox_safe_crop",
                               "image.crop_non_empty_mask",
                               "image.xy_masking",
                               "image.time_masking",
                               "image.frequency_masking"}) {
            const TransformInfo* t = parityRegistry().find(id);
            QVERIFY2(t, id);
            QVERIFY(!t->summary.empty());
            for (const ParamSpec& p : t->params)
                QVERIFY2(!p.help.empty(), (std::string(id) + "." + p.name).c_str());
        }
    }

    void sepiaOfGreyIsTheSepiaMatrix_data() {
        QTest::addColumn<int>("grey");
        QTest::newRow("0") << 0;
        QTest::newRow("100") << 100;
        QTest::newRow("180") << 180; // red and green saturate
    }
    void sepiaOfGreyIsTheSepiaMatrix() {
        QFETCH(int, grey);
        ImageSample s;
        s.image = cv::Mat(3, 4, CV_8UC3, cv::Scalar::all(grey));
        runOnce(*makeTransform("image.to_sepia"), s, 1);
        const cv::Vec3b px = s.image.at<cv::Vec3b>(1, 2);
        // R' = (0.393 + 0.769 + 0.189) v, G' = (0.349 + 0.686 + 0.168) v, B' = (0.272 +
        // 0.534 + 0.131) v, in B, G, R order.
        // OpenCV's 8-bit colour transform works in 10-bit fixed point: within one level.
        QVERIFY(std::abs(px[2] - int(cv::saturate_cast<uint8_t>(1.351 * grey))) <= 1);
        QVERIFY(std::abs(px[1] - int(cv::saturate_cast<uint8_t>(1.203 * grey))) <= 1);
        QVERIFY(std::abs(px[0] - int(cv::saturate_cast<uint8_t>(0.937 * grey))) <= 1);
        // Float: the same proportions, clamped to white.
        ImageSample f;
        f.image = cv::Mat(2, 2, CV_32FC3, cv::Scalar::all(grey / 255.0));
        runOnce(*makeTransform("image.to_sepia"), f, 1);
        const cv::Vec3f pf = f.image.at<cv::Vec3f>(0, 0);
        QVERIFY(std::abs(pf[2] - std::min(1.0, 1.351 * grey / 255.0)) < 1e-4);
        QVERIFY(std::abs(pf[0] - 0.937 * grey / 255.0) < 1e-4);
    }

    void d4GivesEachOfTheEightImages() {
        const cv::Mat src = numbered(7, 5);
        std::vector<cv::Mat> group;
        for (int k = 0; k < 4; ++k) {
            cv::Mat r = src.clone();
            for (int i = 0; i < k; ++i)
                cv::rotate(r, r, cv::ROTATE_90_COUNTERCLOCKWISE);
            group.push_back(r);
            cv::Mat mirrored;
            cv::flip(r, mirrored, 1);
            group.push_back(mirrored);
        }
        const auto t = makeTransform("image.d4");
        std::set<std::string> elements;
        std::set<int> matched;
        for (uint64_t seed = 0; seed < 80; ++seed) {
            ImageSample s;
            s.image = src.clone();
            s.keypoints = {{0.5, 0.5}}; // the centre of pixel (0, 0)
            const Values v = runOnce(*t, s, seed);
            elements.insert(v["element"].get<std::string>());
            int which = -1;
            for (size_t i = 0; i < group.size(); ++i)
                if (equalMats(s.image, group[i]))
                    which = int(i);
            QVERIFY2(which >= 0, v.dump().c_str());
            matched.insert(which);
            // The keypoint sits on the pixel that holds the source's (0, 0) value.
            const cv::Point at(int(s.keypoints[0].x), int(s.keypoints[0].y));
            QCOMPARE(s.image.at<cv::Vec3b>(at), src.at<cv::Vec3b>(0, 0));
        }
        QCOMPARE(int(elements.size()), 8);
        QCOMPARE(int(matched.size()), 8);
    }

    void cropMovesPixelsAndBoxesByTheWindow() {
        ImageSample s = boxesSample({{50, 40, 60, 50}});
        s.image = numbered(200, 160);
        const cv::Mat before = s.image.clone();
        const auto t = makeTransform(
            "image.crop", {{"x_min", 30}, {"y_min", 20}, {"x_max", 150}, {"y_max", 120}});
        const Values v = runOnce(*t, s, 3);
        QCOMPARE(windowOf(v), cv::Rect(30, 20, 120, 100));
        QVERIFY(equalMats(s.image, before(cv::Rect(30, 20, 120, 100))));
        QCOMPARE(s.boxes.size(), size_t(1));
        QCOMPARE(s.boxes[0].x1, 20.0);
        QCOMPARE(s.boxes[0].y1, 20.0);
        QCOMPARE(s.boxes[0].x2, 80.0);
        QCOMPARE(s.boxes[0].y2, 70.0);
        QCOMPARE(int(s.mask.at<uint8_t>(20, 20)), 1);
        QCOMPARE(int(s.mask.at<uint8_t>(19, 20)), 0);
        // Beyond the image: clipped, or padded with pad_if_needed.
        ImageSample c = boxesSample({{0, 0, 10, 10}}, {50, 40});
        const Values clipped = runOnce(
            *makeTransform("image.crop", {{"x_min", 10}, {"x_max", 80}, {"y_max", 30}}), c, 0);
        QCOMPARE(windowOf(clipped), cv::Rect(10, 0, 40, 30));
        QCOMPARE(c.image.size(), cv::Size(40, 30));
        ImageSample p = boxesSample({{0, 0, 10, 10}}, {50, 40});
        runOnce(*makeTransform("image.crop", {{"x_min", 10},
                                              {"x_max", 80},
                                              {"y_max", 30},
                                              {"pad_if_needed", true},
                                              {"fill", 77}}),
                p, 0);
        QCOMPARE(p.image.size(), cv::Size(70, 30));
        QCOMPARE(int(p.image.at<uint8_t>(5, 60)), 77);
        // x_max <= x_min is refused when the step is built, naming the field.
        try {
            makeTransform("image.crop", {{"x_min", 10}, {"x_max", 10}});
            QFAIL("accepted an empty window");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.where()), QStringLiteral("x_max"));
        }
    }

    void padKeepsTheSourceAtTheOffset() {
        ImageSample s = boxesSample({{5, 6, 10, 8}}, {40, 30});
        s.image = numbered(40, 30);
        s.keypoints = {{7.5, 9.5}};
        const cv::Mat before = s.image.clone();
        const auto t = makeTransform(
            "image.pad",
            {{"top", {3, 9}}, {"bottom", 2}, {"left", {0, 12}}, {"right", 4}, {"fill", 9}});
        for (uint64_t seed = 0; seed < 5; ++seed) {
            ImageSample a = s;
            a.image = s.image.clone();
            a.mask = s.mask.clone();
            const Values v = runOnce(*t, a, seed);
            const int top = v["top"].get<int>(), left = v["left"].get<int>();
            QVERIFY(top >= 3 && top <= 9 && left >= 0 && left <= 12);
            QCOMPARE(a.image.size(), cv::Size(40 + left + 4, 30 + top + 2));
            QVERIFY(equalMats(a.image(cv::Rect(left, top, 40, 30)), before));
            QCOMPARE(a.image.at<cv::Vec3b>(0, 0), cv::Vec3b(9, 9, 9));
            QCOMPARE(a.image.at<cv::Vec3b>(a.image.rows - 1, a.image.cols - 1), cv::Vec3b(9, 9, 9));
            QCOMPARE(a.boxes[0].x1, 5.0 + left);
            QCOMPARE(a.boxes[0].y2, 14.0 + top);
            QCOMPARE(a.keypoints[0].x, 7.5 + left);
            QCOMPARE(int(a.mask.at<uint8_t>(6 + top, 5 + left)), 1);
            QCOMPARE(int(a.mask.at<uint8_t>(0, 0)), 0);
        }
    }

    void channelDropoutZeroesExactlyTheDrawnChannels() {
        const cv::Mat src = numbered(16, 12) + cv::Scalar::all(20);
        const auto t = makeTransform("image.channel_dropout", {{"channels", {1, 2}}});
        std::set<std::vector<int>> seen;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            ImageSample s;
            s.image = src.clone();
            const Values v = runOnce(*t, s, seed);
            const std::vector<int> dropped = v["channels"].get<std::vector<int>>();
            QVERIFY(!dropped.empty() && dropped.size() <= 2);
            seen.insert(dropped);
            for (int c = 0; c < 3; ++c) {
                cv::Mat in, out;
                cv::extractChannel(src, in, c);
                cv::extractChannel(s.image, out, c);
                const bool isDropped = std::count(dropped.begin(), dropped.end(), c) > 0;
                if (isDropped)
                    QCOMPARE(cv::countNonZero(out), 0);
                else
                    QVERIFY(equalMats(in, out));
            }
        }
        QVERIFY(seen.size() >= 5); // pairs and singles of different channels
        // Alpha is never dropped; a 1-channel image has nothing to drop.
        ImageSample g;
        g.image = cv::Mat(4, 4, CV_8UC1, cv::Scalar(50));
        runOnce(*makeTransform("image.channel_dropout", {{"channels", 3}}), g, 1);
        QCOMPARE(cv::countNonZero(g.image), 16);
        ImageSample four;
        four.image = cv::Mat(4, 4, CV_8UC4, cv::Scalar(10, 20, 30, 40));
        const Values v4 =
            runOnce(*makeTransform("image.channel_dropout", {{"channels", 3}}), four, 2);
        QCOMPARE(v4["channels"].size(), size_t(2));
        QCOMPARE(four.image.at<cv::Vec4b>(1, 1)[3], uint8_t(40));
    }

    void shiftScaleRotateIsOneOpenCvWarp() {
        const cv::Mat src = numbered(64, 48);
        const auto t = makeTransform("image.shift_scale_rotate");
        ImageSample s;
        s.image = src.clone();
        Sample sample = s;
        t->apply(sample, {{"angle", 30.0}, {"scale", 1.2}, {"dx", 0.1}, {"dy", -0.05}});
        cv::Matx23d m = cv::getRotationMatrix2D(cv::Point2f(31.5f, 23.5f), 30.0, 1.2);
        m(0, 2) += 6.4;
        m(1, 2) -= 2.4;
        cv::Mat expected;
        cv::warpAffine(src, expected, m, src.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
        QVERIFY(equalMats(std::get<ImageSample>(sample).image, expected));
    }

    void safeRotateKeepsTheWholeImage_data() {
        QTest::addColumn<double>("angle");
        QTest::newRow("30") << 30.0;
        QTest::newRow("-75") << -75.0;
        QTest::newRow("90") << 90.0;
    }
    void safeRotateKeepsTheWholeImage() {
        QFETCH(double, angle);
        ImageSample s;
        s.image = cv::Mat(60, 100, CV_8UC1, cv::Scalar(255));
        s.keypoints = {{0, 0}, {100, 0}, {0, 60}, {100, 60}};
        Sample sample = s;
        makeTransform("image.safe_rotate")->apply(sample, {{"angle", angle}});
        const ImageSample& out = std::get<ImageSample>(sample);
        QCOMPARE(out.image.size(), cv::Size(100, 60));
        // The rotated image touches all four sides: nothing was cut off, nothing left over.
        QVERIFY(cv::countNonZero(out.image.row(0)) > 0);
        QVERIFY(cv::countNonZero(out.image.row(59)) > 0);
        QVERIFY(cv::countNonZero(out.image.col(0)) > 0);
        QVERIFY(cv::countNonZero(out.image.col(99)) > 0);
        for (const Keypoint& k : out.keypoints)
            QVERIFY2(k.x >= -0.5 && k.x <= 100.5 && k.y >= -0.5 && k.y <= 60.5,
                     qPrintable(QStringLiteral("%1, %2").arg(k.x).arg(k.y)));
    }

    void bboxSafeCropsKeepEveryBoxWhole_data() {
        QTest::addColumn<QString>("id");
        QTest::newRow("crop") << QStringLiteral("image.bbox_safe_random_crop");
        QTest::newRow("sized") << QStringLiteral("image.random_sized_bbox_safe_crop");
    }
    void bboxSafeCropsKeepEveryBoxWhole() {
        QFETCH(QString, id);
        const bool sized = id.endsWith(QStringLiteral("sized_bbox_safe_crop"));
        const auto t = makeTransform(id.toStdString(), sized ? json{{"width", 100}, {"height", 100}}
                                                             : json::object());
        std::set<int> widths;
        for (uint64_t seed = 0; seed < 30; ++seed) {
            ImageSample s = boxesSample({{30, 20, 20, 30}, {120, 90, 40, 30}});
            s.minVisibility = 0.99;
            const Values v = runOnce(*t, s, seed);
            const cv::Rect w = windowOf(v);
            widths.insert(w.width);
            QVERIFY(w.x <= 30 && w.y <= 20 && w.br().x >= 160 && w.br().y >= 120);
            QVERIFY(w.x >= 0 && w.y >= 0 && w.br().x <= 200 && w.br().y <= 160);
            QCOMPARE(s.boxes.size(), size_t(2));
            // Each box is where its filled rectangle went.
            for (const BoundingBox& b : s.boxes) {
                cv::Mat label;
                cv::compare(s.mask, b.classId + 1, label, cv::CMP_EQ);
                const cv::Rect lit = cv::boundingRect(label);
                QVERIFY(std::abs(lit.x - b.x1) <= 1 && std::abs(lit.br().x - b.x2) <= 1);
                QVERIFY(std::abs(lit.y - b.y1) <= 1 && std::abs(lit.br().y - b.y2) <= 1);
            }
        }
        QVERIFY(widths.size() > 5); // the window is random, not the union every time
    }

    void atLeastOneBoxIsInTheWindow() {
        const auto t =
            makeTransform("image.at_least_one_bbox_random_crop", {{"width", 60}, {"height", 50}});
        std::set<int> kept;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            ImageSample s = boxesSample({{10, 10, 20, 20}, {150, 110, 30, 30}});
            s.minVisibility = 0.99;
            const Values v = runOnce(*t, s, seed);
            QCOMPARE(s.image.size(), cv::Size(60, 50));
            QVERIFY2(!s.boxes.empty(), v.dump().c_str());
            for (const BoundingBox& b : s.boxes) {
                QVERIFY(boxInside(b, s.image.size()));
                kept.insert(b.classId);
            }
        }
        QCOMPARE(int(kept.size()), 2); // either box may be the chosen one
    }

    void cropNearBoxStaysWithinTheShift() {
        const auto t = makeTransform("image.random_crop_near_bbox",
                                     {{"max_part_shift_x", 0.5}, {"max_part_shift_y", 0.25}});
        for (uint64_t seed = 0; seed < 30; ++seed) {
            ImageSample s = boxesSample({{80, 60, 40, 40}});
            const Values v = runOnce(*t, s, seed);
            const cv::Rect w = windowOf(v);
            QVERIFY2(w.x >= 60 && w.x <= 100 && w.br().x >= 100 && w.br().x <= 140,
                     v.dump().c_str());
            QVERIFY2(w.y >= 50 && w.y <= 70 && w.br().y >= 90 && w.br().y <= 110, v.dump().c_str());
            QCOMPARE(s.image.size(), w.size());
        }
        // Without boxes: the whole image.
        ImageSample none = boxesSample({});
        QCOMPARE(windowOf(runOnce(*t, none, 1)), cv::Rect(0, 0, 200, 160));
    }

    void cropNonEmptyMaskCoversALabelledPixel() {
        const auto t = makeTransform("image.crop_non_empty_mask",
                                     {{"width", 30}, {"height", 20}, {"ignore_values", {2}}});
        for (uint64_t seed = 0; seed < 30; ++seed) {
            ImageSample s = boxesSample({{150, 120, 3, 3}, {10, 10, 40, 40}}); // labels 1, 2
            runOnce(*t, s, seed);
            QCOMPARE(s.mask.size(), cv::Size(30, 20));
            cv::Mat one;
            cv::compare(s.mask, 1, one, cv::CMP_EQ);
            QVERIFY(cv::countNonZero(one) > 0); // label 2 is ignored: always label 1
        }
    }

    void randomSizedCropAndScaleSizes() {
        ImageSample s = boxesSample({{50, 50, 40, 40}});
        const Values v = runOnce(
            *makeTransform(
                "image.random_sized_crop",
                {{"crop_height", {60, 100}}, {"w2h_ratio", 1.5}, {"width", 64}, {"height", 32}}),
            s, 4);
        const cv::Rect w = windowOf(v);
        QVERIFY(w.height >= 60 && w.height <= 100);
        QCOMPARE(w.width, int(std::lround(w.height * 1.5)));
        QCOMPARE(s.image.size(), cv::Size(64, 32));
        ImageSample r = boxesSample({{50, 50, 40, 40}});
        const Values rv =
            runOnce(*makeTransform("image.random_scale", {{"scale", {0.5, 2}}}), r, 9);
        const double f = rv["scale"].get<double>();
        QCOMPARE(r.image.size(), cv::Size(int(std::lround(200 * f)), int(std::lround(160 * f))));
        QVERIFY(std::abs(r.boxes[0].x1 - 50 * r.image.cols / 200.0) < 1e-9);
    }

    void cropFromBordersStaysWithinTheFractions() {
        const auto t = makeTransform(
            "image.random_crop_from_borders",
            {{"crop_left", 0.2}, {"crop_right", 0.1}, {"crop_top", 0.5}, {"crop_bottom", 0}});
        for (uint64_t seed = 0; seed < 30; ++seed) {
            ImageSample s = boxesSample({}, {100, 80});
            const cv::Rect w = windowOf(runOnce(*t, s, seed));
            QVERIFY(w.x >= 0 && w.x <= 20 && w.br().x >= 90 && w.br().x <= 100);
            QVERIFY(w.y >= 0 && w.y <= 40 && w.br().y == 80);
        }
    }

    void unsharpMaskSteepensAnEdge() {
        ImageSample s;
        s.image = cv::Mat(20, 40, CV_8UC1, cv::Scalar(60));
        s.image.colRange(20, 40).setTo(180);
        Sample sample = s;
        makeTransform("image.unsharp_mask")
            ->apply(sample, {{"kernel", 5}, {"sigma", 0.0}, {"alpha", 0.5}});
        const cv::Mat& out = std::get<ImageSample>(sample).image;
        QVERIFY(out.at<uint8_t>(10, 19) < 60);     // undershoot on the dark side
        QVERIFY(out.at<uint8_t>(10, 20) > 180);    // overshoot on the bright side
        QCOMPARE(int(out.at<uint8_t>(10, 5)), 60); // flat areas untouched (below threshold)
    }

    void morphologicalGrowsOrShrinksABrightSpot() {
        ImageSample s;
        s.image = cv::Mat(21, 21, CV_8UC1, cv::Scalar(0));
        s.image.at<uint8_t>(10, 10) = 200;
        Sample grown = cloneSample(s);
        makeTransform("image.morphological")->apply(grown, {{"size", 5}});
        // A 5x5 ellipse: 21 pixels (OpenCV's discrete ellipse of that size).
        const cv::Mat element = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(5, 5));
        QCOMPARE(cv::countNonZero(std::get<ImageSample>(grown).image), cv::countNonZero(element));
        Sample shrunk = cloneSample(s);
        makeTransform("image.morphological", {{"operation", "erosion"}})
            ->apply(shrunk, {{"size", 3}});
        QCOMPARE(cv::countNonZero(std::get<ImageSample>(shrunk).image), 0);
    }

    void fancyPcaOfAGreyImageShiftsAllChannelsAlike() {
        ImageSample s;
        s.image = cv::Mat(16, 16, CV_8UC3);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 16; ++x)
                s.image.at<cv::Vec3b>(y, x) = cv::Vec3b::all(uint8_t(40 + x * 8));
        const cv::Mat before = s.image.clone();
        Sample sample = s;
        makeTransform("image.fancy_pca")->apply(sample, {{"alphas", {0.5, 0.0, 0.0}}});
        const cv::Mat& out = std::get<ImageSample>(sample).image;
        // Grey pixels vary along (1, 1, 1) only: the first component is that direction, its
        // eigenvalue is 3 * the per-channel variance; the shift is 0.5 * that, per channel
        // the component's 1/sqrt(3).
        double var = 0, mean = 0;
        for (int x = 0; x < 16; ++x)
            mean += (40 + x * 8) / 255.0 / 16;
        for (int x = 0; x < 16; ++x)
            var += std::pow((40 + x * 8) / 255.0 - mean, 2) * 16;
        var /= 16 * 16 - 1;
        const double shift = 0.5 * 3 * var / std::sqrt(3.0) * 255.0;
        const cv::Vec3b o = out.at<cv::Vec3b>(5, 5), b = before.at<cv::Vec3b>(5, 5);
        QCOMPARE(o[0], o[1]);
        QCOMPARE(o[1], o[2]);
        QVERIFY2(std::abs(std::abs(int(o[0]) - int(b[0])) - shift) <= 1.0,
                 qPrintable(QStringLiteral("%1 vs %2").arg(int(o[0]) - int(b[0])).arg(shift)));
    }

    void toneCurveFixesBlackAndWhite() {
        ImageSample s;
        s.image = cv::Mat(1, 256, CV_8UC1);
        for (int v = 0; v < 256; ++v)
            s.image.at<uint8_t>(0, v) = uint8_t(v);
        const cv::Mat ramp = s.image.clone();
        const auto t = makeTransform("image.random_tone_curve", {{"scale", 0.2}});
        Sample identity = cloneSample(s);
        t->apply(identity, {{"low_y", {1.0 / 3}}, {"high_y", {2.0 / 3}}});
        QVERIFY(equalMats(std::get<ImageSample>(identity).image, ramp));
        for (uint64_t seed = 0; seed < 10; ++seed) {
            ImageSample a = s;
            a.image = ramp.clone();
            const Values v = runOnce(*t, a, seed);
            QCOMPARE(int(a.image.at<uint8_t>(0, 0)), 0);
            QCOMPARE(int(a.image.at<uint8_t>(0, 255)), 255);
            const double low = v["low_y"][0].get<double>(), high = v["high_y"][0].get<double>();
            const double mid = 255 * (0.375 * low + 0.375 * high + 0.125);
            QVERIFY(std::abs(a.image.at<uint8_t>(0, 128) - mid) < 2.0);
        }
        // The default (0.25, 0.75) is an S curve: shadows darker, highlights brighter.
        Sample sCurve = cloneSample(s);
        t->apply(sCurve, {{"low_y", {0.25}}, {"high_y", {0.75}}});
        QVERIFY(std::get<ImageSample>(sCurve).image.at<uint8_t>(0, 50) < 50);
        QVERIFY(std::get<ImageSample>(sCurve).image.at<uint8_t>(0, 205) > 205);
    }

    void multiplicativeAndAdditiveNoiseValues() {
        const cv::Mat src = numbered(20, 10);
        ImageSample m;
        m.image = src.clone();
        Sample ms = m;
        makeTransform("image.multiplicative_noise", {{"per_channel", true}})
            ->apply(ms, {{"multipliers", {0.5, 1.0, 2.0}}});
        cv::Mat expected;
        cv::multiply(src, cv::Scalar(0.5, 1.0, 2.0), expected);
        QVERIFY(equalMats(std::get<ImageSample>(ms).image, expected));
        ImageSample a;
        a.image = src.clone();
        Sample as = a;
        makeTransform("image.additive_noise")
            ->apply(as, {{"a", 0}, {"b", 0}, {"scale", 0}, {"offsets", {0.1, -0.1, 0.0}}});
        cv::add(src, cv::Scalar(25.5, -25.5, 0), expected);
        QVERIFY(equalMats(std::get<ImageSample>(as).image, expected));
    }

    void additiveNoiseHasTheDrawnSpread_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<double>("expectedStd"); // fraction of white
        QTest::newRow("uniform") << QStringLiteral("uniform") << 0.2 / std::sqrt(12.0);
        QTest::newRow("gaussian") << QStringLiteral("gaussian") << 0.08;
        QTest::newRow("laplace") << QStringLiteral("laplace") << 0.08 * std::sqrt(2.0);
        // Beta(2, 2) on [-s, s]: variance (2s)^2 a b / ((a + b)^2 (a + b + 1)) = s^2 / 5.
        QTest::newRow("beta") << QStringLiteral("beta") << 0.2 / std::sqrt(5.0);
    }
    void additiveNoiseHasTheDrawnSpread() {
        QFETCH(QString, type);
        QFETCH(double, expectedStd);
        ImageSample s;
        s.image = cv::Mat(128, 128, CV_32FC3, cv::Scalar::all(0.5));
        const auto t = makeTransform("image.additive_noise", {{"noise_type", type.toStdString()},
                                                              {"spatial_mode", "shared"},
                                                              {"std", 0.08},
                                                              {"beta_alpha", 2},
                                                              {"beta_beta", 2},
                                                              {"beta_scale", 0.2}});
        runOnce(*t, s, 7);
        cv::Scalar mean, sd;
        cv::meanStdDev(s.image, mean, sd);
        QVERIFY2(std::abs(sd[0] - expectedStd) < 0.1 * expectedStd,
                 qPrintable(QStringLiteral("std %1").arg(sd[0])));
        QVERIFY(std::abs(mean[0] - 0.5) < 0.01);
        // shared: the same noise in every channel.
        cv::Mat b, r;
        cv::extractChannel(s.image, b, 0);
        cv::extractChannel(s.image, r, 2);
        QVERIFY(equalMats(b, r));
    }

    void shotNoiseGrowsWithScale() {
        double previous = 0;
        for (double scale : {0.01, 0.1, 0.5}) {
            ImageSample s;
            s.image = cv::Mat(100, 100, CV_32FC1, cv::Scalar(0.5));
            Sample sample = s;
            makeTransform("image.shot_noise")->apply(sample, {{"scale", scale}, {"seed", 3}});
            cv::Mat linear;
            cv::pow(std::get<ImageSample>(sample).image, 2.2, linear);
            cv::Scalar mean, sd;
            cv::meanStdDev(linear, mean, sd);
            // In linear light the count is Poisson: mean kept, variance scale * mean.
            const double lin = std::pow(0.5, 2.2);
            QVERIFY2(std::abs(mean[0] - lin) < 0.03, qPrintable(QString::number(mean[0])));
            QVERIFY2(std::abs(sd[0] - std::sqrt(scale * lin)) <
                         0.15 * std::sqrt(scale * lin) + 0.01,
                     qPrintable(QString::number(sd[0])));
            QVERIFY(sd[0] > previous);
            previous = sd[0];
        }
    }

    void pixelDropoutDropsTheFractionAndMarksTheMask() {
        ImageSample s;
        s.image = cv::Mat(200, 200, CV_8UC3, cv::Scalar::all(100));
        s.mask = cv::Mat(200, 200, CV_8UC1, cv::Scalar(1));
        runOnce(
            *makeTransform("image.pixel_dropout", {{"dropout_prob", 0.1}, {"mask_drop_value", 7}}),
            s, 2);
        cv::Mat dropped;
        cv::inRange(s.image, cv::Scalar::all(0), cv::Scalar::all(0), dropped);
        const int n = cv::countNonZero(dropped);
        QVERIFY2(std::abs(n - 4000) < 300, qPrintable(QString::number(n)));
        cv::Mat marked;
        cv::compare(s.mask, 7, marked, cv::CMP_EQ);
        QVERIFY(equalMats(marked, dropped));
    }

    void gridShuffleMovesWholeCells() {
        ImageSample s;
        s.image = numbered(90, 60);
        s.mask = cv::Mat(60, 90, CV_8UC1);
        for (int y = 0; y < 60; ++y)
            for (int x = 0; x < 90; ++x)
                s.mask.at<uint8_t>(y, x) = uint8_t((y / 20) * 3 + x / 30);
        s.keypoints = {{35.5, 25.5}};
        s.boxes = {{31, 21, 59, 39, 5}}; // inside the centre cell
        const cv::Mat before = s.image.clone(), maskBefore = s.mask.clone();
        const auto t = makeTransform("image.random_grid_shuffle");
        bool moved = false;
        for (uint64_t seed = 0; seed < 10; ++seed) {
            ImageSample a = s;
            a.image = before.clone();
            a.mask = maskBefore.clone();
            const Values v = runOnce(*t, a, seed);
            const std::vector<int> order = v["order"].get<std::vector<int>>();
            QCOMPARE(std::set<int>(order.begin(), order.end()).size(), size_t(9));
            for (int d = 0; d < 9; ++d) {
                const cv::Rect dst((d % 3) * 30, (d / 3) * 20, 30, 20);
                const cv::Rect src((order[size_t(d)] % 3) * 30, (order[size_t(d)] / 3) * 20, 30,
                                   20);
                QVERIFY(equalMats(a.image(dst), before(src)));
                QCOMPARE(int(a.mask.at<uint8_t>(dst.y, dst.x)), order[size_t(d)]);
            }
            // The keypoint and the box went with the centre cell (index 4).
            const int where = int(std::find(order.begin(), order.end(), 4) - order.begin());
            const cv::Point2d offset((where % 3) * 30 - 30, (where / 3) * 20 - 20);
            QCOMPARE(a.keypoints[0].x, 35.5 + offset.x);
            QCOMPARE(a.keypoints[0].y, 25.5 + offset.y);
            QCOMPARE(a.boxes[0].x1, 31 + offset.x);
            QCOMPARE(a.boxes[0].y2, 39 + offset.y);
            moved = moved || where != 4;
        }
        QVERIFY(moved);
    }

    void planckianGainsFollowTheLocus() {
        const cv::Vec3d neutral = PlanckianJitter::gains(6500, false);
        QVERIFY(std::abs(neutral[0] - 1) < 1e-12 && std::abs(neutral[2] - 1) < 1e-12);
        const cv::Vec3d warm = PlanckianJitter::gains(3000, false);
        const cv::Vec3d cool = PlanckianJitter::gains(12000, false);
        QVERIFY(warm[0] > 1.2 && warm[2] < 0.6); // tungsten: red up, blue down
        QVERIFY(cool[0] < 0.9 && cool[2] > 1.1);
        QVERIFY(PlanckianJitter::gains(5000, true)[2] < 1.0);
        ImageSample s;
        s.image = cv::Mat(4, 4, CV_8UC3, cv::Scalar(100, 100, 100));
        Sample sample = s;
        makeTransform("image.planckian_jitter")->apply(sample, {{"temperature", 3000.0}});
        const cv::Vec3b px = std::get<ImageSample>(sample).image.at<cv::Vec3b>(2, 2);
        QCOMPARE(int(px[1]), 100);
        QCOMPARE(int(px[2]), int(cv::saturate_cast<uint8_t>(100 * warm[0])));
        QCOMPARE(int(px[0]), int(cv::saturate_cast<uint8_t>(100 * warm[2])));
    }

    void chromaticAberrationKeepsGreen() {
        ImageSample s;
        s.image = numbered(64, 48);
        cv::Mat greenBefore, redBefore;
        cv::extractChannel(s.image, greenBefore, 1);
        cv::extractChannel(s.image, redBefore, 2);
        Sample sample = cloneSample(s);
        makeTransform("image.chromatic_aberration")
            ->apply(sample, {{"red_primary", 0.3},
                             {"red_secondary", 0.0},
                             {"blue_primary", 0.3},
                             {"blue_secondary", 0.0}});
        cv::Mat green, red;
        cv::extractChannel(std::get<ImageSample>(sample).image, green, 1);
        cv::extractChannel(std::get<ImageSample>(sample).image, red, 2);
        QVERIFY(equalMats(green, greenBefore));
        QVERIFY(!equalMats(red, redBefore));
        // The centre does not move; the corners do.
        QVERIFY(std::abs(int(red.at<uint8_t>(24, 32)) - int(redBefore.at<uint8_t>(24, 32))) <= 1);
        QVERIFY(red.at<uint8_t>(2, 2) != redBefore.at<uint8_t>(2, 2));
    }

    void glassBlurWithoutBlurOnlyMovesPixels() {
        ImageSample s;
        s.image = numbered(40, 30);
        cv::Mat before = s.image.clone();
        Sample sample = cloneSample(s);
        makeTransform("image.glass_blur", {{"sigma", 0}, {"max_delta", 3}})
            ->apply(sample, {{"seed", 11}});
        const cv::Mat& out = std::get<ImageSample>(sample).image;
        QVERIFY(!equalMats(out, before));
        // Swaps only: the same multiset of pixels.
        auto sorted = [](const cv::Mat& m) {
            std::vector<uint32_t> v;
            for (int y = 0; y < m.rows; ++y)
                for (int x = 0; x < m.cols; ++x) {
                    const cv::Vec3b p = m.at<cv::Vec3b>(y, x);
                    v.push_back(uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]);
                }
            std::sort(v.begin(), v.end());
            return v;
        };
        QVERIFY(sorted(out) == sorted(before));
    }

    void superpixelsReplaceSegmentsByTheirMean() {
        ImageSample s;
        s.image = numbered(64, 64);
        Sample sample = cloneSample(s);
        makeTransform("image.superpixels")
            ->apply(sample, {{"p_replace", 1.0}, {"n_segments", 16}, {"seed", 1}});
        const cv::Mat& out = std::get<ImageSample>(sample).image;
        std::set<uint32_t> colours;
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                const cv::Vec3b p = out.at<cv::Vec3b>(y, x);
                colours.insert(uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]);
            }
        // Every segment is one colour: about n_segments colours instead of 4096.
        QVERIFY2(colours.size() >= 4 && colours.size() <= 64,
                 qPrintable(QString::number(colours.size())));
        // The image mean is kept (segment means preserve sums, up to rounding).
        QVERIFY(std::abs(cv::mean(out)[0] - cv::mean(s.image)[0]) < 1.0);
    }

    void illuminationPatterns() {
        ImageSample s;
        s.image = cv::Mat(20, 40, CV_32FC1, cv::Scalar(0.5));
        const auto t = makeTransform("image.illumination");
        Sample linear = cloneSample(s);
        t->apply(linear, {{"mode", "linear"}, {"intensity", 0.2}, {"angle", 0.0}});
        const cv::Mat& l = std::get<ImageSample>(linear).image;
        // Angle 0: a left-to-right ramp from 0.5 (1 - 0.2) to 0.5 (1 + 0.2).
        QVERIFY(std::abs(l.at<float>(10, 0) - 0.4f) < 1e-5);
        QVERIFY(std::abs(l.at<float>(10, 39) - 0.6f) < 1e-5);
        QVERIFY(std::abs(l.at<float>(0, 20) - l.at<float>(19, 20)) < 1e-6);
        Sample spot = cloneSample(s);
        t->apply(spot, {{"mode", "gaussian"},
                        {"intensity", -0.5},
                        {"centre_x", 0.5},
                        {"centre_y", 0.5},
                        {"sigma", 0.2}});
        const cv::Mat& g = std::get<ImageSample>(spot).image;
        QVERIFY(g.at<float>(10, 20) < 0.26f && g.at<float>(10, 20) > 0.25f); // darkened centre
        QVERIFY(g.at<float>(0, 0) > g.at<float>(10, 20));
    }

    void ringingOvershootsAnEdge() {
        ImageSample s;
        s.image = cv::Mat(30, 60, CV_8UC1, cv::Scalar(50));
        s.image.colRange(30, 60).setTo(200);
        Sample sample = cloneSample(s);
        makeTransform("image.ringing_overshoot")->apply(sample, {{"kernel", 15}, {"cutoff", 1.0}});
        const cv::Mat& out = std::get<ImageSample>(sample).image;
        double lo, hi;
        cv::minMaxLoc(out, &lo, &hi);
        QVERIFY(lo < 50 && hi > 200); // ringing beyond both levels
    }

    // A control point moved by (dx, dy) makes its destination position show the source at
    // the moved position: a dot drawn there lands on the grid point.
    void meshWarpsSampleTheMovedControlPoint_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("values");
        QTest::addColumn<QString>("params");
        // 2 x 2 cells: the centre vertex (index 4 of 9) moved by 12 px right, 6 down.
        json mesh = json::array();
        for (int i = 0; i < 9; ++i)
            mesh.push_back(i == 4 ? json{12.0, 6.0} : json{0.0, 0.0});
        const json grid = {{"rows", 2}, {"cols", 2}};
        QTest::newRow("piecewise_affine") << QStringLiteral("image.piecewise_affine")
                                          << QString::fromStdString(json{{"shifts", mesh}}.dump())
                                          << QString::fromStdString(grid.dump());
        QTest::newRow("grid_elastic_deform")
            << QStringLiteral("image.grid_elastic_deform")
            << QString::fromStdString(json{{"shifts", mesh}}.dump())
            << QString::fromStdString(grid.dump());
        // 3 x 3 control points, the centre moved by 12 / 121 of the width, 6 / 81 of the height.
        json tps = json::array();
        for (int i = 0; i < 9; ++i)
            tps.push_back(i == 4 ? json{12.0 / 121, 6.0 / 81} : json{0.0, 0.0});
        QTest::newRow("thin_plate_spline") << QStringLiteral("image.thin_plate_spline")
                                           << QString::fromStdString(json{{"shifts", tps}}.dump())
                                           << QString::fromStdString(json{{"points", 3}}.dump());
    }
    void meshWarpsSampleTheMovedControlPoint() {
        QFETCH(QString, id);
        QFETCH(QString, values);
        QFETCH(QString, params);
        ImageSample s;
        s.image = cv::Mat(81, 121, CV_32FC1, cv::Scalar(0));
        cv::circle(s.image, cv::Point(60 + 12, 40 + 6), 2, cv::Scalar(1.0), cv::FILLED);
        s.keypoints = {{72.5, 46.5}};
        Sample sample = cloneSample(s);
        makeTransform(id.toStdString(), json::parse(params.toStdString()))
            ->apply(sample, Values::fromJson(json::parse(values.toStdString())));
        const ImageSample& out = std::get<ImageSample>(sample);
        const cv::Moments m = cv::moments(out.image);
        QVERIFY(m.m00 > 0);
        const double cx = m.m10 / m.m00, cy = m.m01 / m.m00;
        QVERIFY2(std::hypot(cx - 60, cy - 40) < 1.0,
                 qPrintable(QStringLiteral("dot at %1, %2").arg(cx).arg(cy)));
        // The keypoint went with it.
        QVERIFY2(
            std::hypot(out.keypoints[0].x - 60.5, out.keypoints[0].y - 40.5) < 1.5,
            qPrintable(
                QStringLiteral("keypoint %1, %2").arg(out.keypoints[0].x).arg(out.keypoints[0].y)));
    }

    void advancedBlurKernelIsTheGeneralizedGaussian() {
        // beta 1, no noise, no rotation: the ordinary Gaussian with sigmas 1 and 2.
        const Values v = {{"kernel", 7}, {"sigma_x", 1.0},   {"sigma_y", 2.0},    {"angle", 0.0},
                          {"beta", 1.0}, {"noise_low", 1.0}, {"noise_high", 1.0}, {"seed", 1}};
        const cv::Mat k = AdvancedBlur::kernel(v);
        const cv::Mat gx = cv::getGaussianKernel(7, 1.0, CV_64F);
        const cv::Mat gy = cv::getGaussianKernel(7, 2.0, CV_64F);
        const cv::Mat expected = gy * gx.t(); // rows vary with y (sigma_y), columns with x
        for (int y = 0; y < 7; ++y)
            for (int x = 0; x < 7; ++x)
                QVERIFY(std::abs(k.at<float>(y, x) -
                                 expected.at<double>(y, x) / cv::sum(expected)[0]) < 1e-6);
        // Rotating by 90 degrees swaps the axes.
        Values turned = v;
        turned["angle"] = 90.0;
        const cv::Mat kt = AdvancedBlur::kernel(turned);
        QVERIFY(std::abs(kt.at<float>(3, 1) - k.at<float>(1, 3)) < 1e-6);
        QVERIFY(std::abs(cv::sum(kt)[0] - 1.0) < 1e-5);
    }

    void plasmaPatternAndShadow() {
        const cv::Mat a = PlasmaLighting::pattern({100, 70}, 1.0, 9);
        const cv::Mat b = PlasmaLighting::pattern({100, 70}, 1.0, 9);
        QVERIFY(equalMats(a, b));
        double lo, hi;
        cv::minMaxLoc(a, &lo, &hi);
        QVERIFY(lo < 1e-6 && std::abs(hi - 1.0) < 1e-6); // min-max normalised
        // Smooth: neighbours differ far less than the range.
        cv::Mat dx;
        cv::absdiff(a.colRange(1, 100), a.colRange(0, 99), dx);
        QVERIFY(cv::mean(dx)[0] < 0.05);
        ImageSample s;
        s.image = cv::Mat(70, 100, CV_32FC1, cv::Scalar(0.8));
        Sample sample = cloneSample(s);
        makeTransform("image.plasma_shadow")->apply(sample, {{"intensity", 0.5}, {"seed", 9}});
        const cv::Mat& out = std::get<ImageSample>(sample).image;
        for (int y = 0; y < 70; y += 7)
            for (int x = 0; x < 100; x += 9)
                QVERIFY(std::abs(out.at<float>(y, x) - 0.8f * (1 - 0.5f * a.at<float>(y, x))) <
                        1e-5);
    }

    void bandMasksAreWholeRowsAndColumns() {
        ImageSample s;
        s.image = cv::Mat(40, 60, CV_8UC1, cv::Scalar(200));
        s.mask = cv::Mat(40, 60, CV_8UC1, cv::Scalar(1));
        const Values v = runOnce(*makeTransform("image.xy_masking", {{"num_masks_x", 2},
                                                                     {"num_masks_y", 1},
                                                                     {"mask_x_length", 5},
                                                                     {"mask_y_length", 4},
                                                                     {"fill_mask", 0}}),
                                 s, 5);
        QCOMPARE(v["bands"].size(), size_t(3));
        cv::Mat expected(40, 60, CV_8UC1, cv::Scalar(200));
        for (const nlohmann::json& b : v["bands"])
            expected(cv::Rect(b[0].get<int>(), b[1].get<int>(), b[2].get<int>(), b[3].get<int>()))
                .setTo(0);
        QVERIFY(equalMats(s.image, expected));
        QCOMPARE(cv::countNonZero(s.mask), cv::countNonZero(expected));
        int bands = 0;
        for (uint64_t seed = 0; seed < 10; ++seed) {
            ImageSample t;
            t.image = cv::Mat(40, 60, CV_8UC1, cv::Scalar(200));
            const Values tv =
                runOnce(*makeTransform("image.time_masking", {{"time_mask_param", 10}}), t, seed);
            for (const nlohmann::json& band : tv["bands"]) {
                ++bands;
                QCOMPARE(band[1].get<int>(), 0);
                QCOMPARE(band[3].get<int>(), 40); // whole columns
                QVERIFY(band[2].get<int>() >= 1 && band[2].get<int>() <= 10);
                QCOMPARE(cv::countNonZero(t.image), 40 * (60 - band[2].get<int>()));
            }
        }
        QVERIFY(bands >= 8); // a zero width (no band) is drawn about one time in eleven
    }

    // mask_dropout: one object (a connected region of one mask value) removed from image and
    // mask; a box over it dropped, the others kept; more objects asked than present: all go.
    void maskDropoutRemovesObjects() {
        ImageSample base;
        base.image = cv::Mat(40, 60, CV_8UC3, cv::Scalar(100, 110, 120));
        base.mask = cv::Mat(40, 60, CV_8UC1, cv::Scalar(0));
        const cv::Rect objects[3] = {{2, 2, 10, 10}, {30, 2, 10, 10}, {2, 25, 12, 10}};
        base.mask(objects[0]).setTo(1);
        base.mask(objects[1]).setTo(1); // same value, separate region: another object
        base.mask(objects[2]).setTo(2);
        for (const cv::Rect& r : objects)
            base.boxes.push_back({double(r.x), double(r.y), double(r.br().x), double(r.br().y), 0});
        const auto one = makeTransform("image.mask_dropout", {{"fill", 7}, {"fill_mask", 0}});
        std::set<int> removedSeen;
        for (uint64_t seed = 0; seed < 30; ++seed) {
            ImageSample s = base;
            s.image = base.image.clone();
            s.mask = base.mask.clone();
            const Values v = runOnce(*one, s, seed);
            QCOMPARE(v["objects"].size(), size_t(1));
            int removed = -1;
            for (int i = 0; i < 3; ++i) {
                const bool gone = cv::countNonZero(s.mask(objects[i])) == 0;
                const cv::Mat px = s.image(objects[i]).reshape(1);
                QCOMPARE(cv::countNonZero(px == 7) == int(px.total()), gone);
                if (gone)
                    removed = i;
            }
            QVERIFY(removed >= 0);
            removedSeen.insert(removed);
            QCOMPARE(s.boxes.size(), size_t(2));
            QCOMPARE(cv::countNonZero(s.image.reshape(1) == 7), objects[removed].area() * 3);
        }
        QCOMPARE(removedSeen.size(), size_t(3));
        const auto all = makeTransform("image.mask_dropout", {{"max_objects", {5, 5}}});
        ImageSample s = base;
        s.mask = base.mask.clone();
        s.image = base.image.clone();
        runOnce(*all, s, 1);
        QCOMPARE(cv::countNonZero(s.mask), 0);
        QVERIFY(s.boxes.empty());
        ImageSample plain;
        plain.image = base.image.clone();
        runOnce(*all, plain, 1);
        QVERIFY(equalMats(plain.image, base.image));
    }

    // constrained_coarse_dropout: every hole inside its object (mask region or box of the
    // chosen classes), sized by the object; the rest of the image untouched.
    void constrainedCoarseDropoutStaysInObjects() {
        ImageSample base;
        base.image = cv::Mat(60, 80, CV_8UC1, cv::Scalar(200));
        base.mask = cv::Mat(60, 80, CV_8UC1, cv::Scalar(0));
        const cv::Rect object(10, 12, 20, 30), other(50, 5, 20, 20);
        base.mask(object).setTo(3);
        base.mask(other).setTo(4);
        base.boxes = {{50, 5, 70, 25, 1}, {10, 12, 30, 42, 2}};
        const auto byMask =
            makeTransform("image.constrained_coarse_dropout", {{"holes", {3, 3}},
                                                               {"hole_height", {0.5, 0.5}},
                                                               {"hole_width", {0.5, 0.5}},
                                                               {"mask_indices", "3"},
                                                               {"fill", 0}});
        const auto byBox =
            makeTransform("image.constrained_coarse_dropout", {{"holes", {2, 2}},
                                                               {"hole_height", {0.3, 0.3}},
                                                               {"hole_width", {0.3, 0.3}},
                                                               {"source", "boxes"},
                                                               {"box_classes", "1"},
                                                               {"fill", 0}});
        for (uint64_t seed = 0; seed < 20; ++seed) {
            ImageSample s = base;
            s.image = base.image.clone();
            const Values v = runOnce(*byMask, s, seed);
            QCOMPARE(v["holes"].size(), size_t(3));
            for (const nlohmann::json& h : v["holes"]) {
                const cv::Rect r(h[0].get<int>(), h[1].get<int>(), h[2].get<int>(),
                                 h[3].get<int>());
                QCOMPARE(r & object, r);
                QCOMPARE(r.size(), cv::Size(10, 15));
            }
            cv::Mat outside = s.image.clone();
            outside(object).setTo(200);
            QCOMPARE(cv::countNonZero(outside != 200), 0);
            QVERIFY(cv::countNonZero(s.image(object) == 0) >= 150);

            ImageSample b = base;
            b.image = base.image.clone();
            const Values vb = runOnce(*byBox, b, seed);
            for (const nlohmann::json& h : vb["holes"]) {
                const cv::Rect r(h[0].get<int>(), h[1].get<int>(), h[2].get<int>(),
                                 h[3].get<int>());
                QCOMPARE(r & other, r);
                QCOMPARE(r.size(), cv::Size(6, 6));
            }
        }
        const auto bad = parityRegistry().find("image.constrained_coarse_dropout");
        QVERIFY_THROWS_EXCEPTION(
            std::exception,
            bad->create(validateParams(bad->params, {{"mask_indices", "1,x"}}, "params")));
    }

    // he_stain: scale 1 and shift 0 give the input back; more haematoxylin darkens a pink
    // tissue pixel most in red (its density is largest there); grey images and the
    // background are left alone.
    void heStainConcentrations() {
        cv::Mat image(8, 8, CV_8UC3, cv::Scalar(200, 120, 190));      // B G R: pink-purple tissue
        image(cv::Rect(0, 0, 4, 4)).setTo(cv::Scalar(250, 250, 250)); // background
        for (const char* method : {"preset", "macenko"}) {
            ImageSample same;
            same.image = image.clone();
            runOnce(*makeTransform("image.he_stain", {{"method", method},
                                                      {"intensity_scale", {1, 1}},
                                                      {"intensity_shift", {0, 0}}}),
                    same, 1);
            QVERIFY2(equalMats(same.image, image), method);
        }
        ImageSample more;
        more.image = image.clone();
        const auto t = makeTransform(
            "image.he_stain",
            {{"method", "preset"}, {"intensity_scale", {1.8, 1.8}}, {"intensity_shift", {0, 0}}});
        runOnce(*t, more, 2);
        const cv::Vec3b before = image.at<cv::Vec3b>(6, 6), after = more.image.at<cv::Vec3b>(6, 6);
        QVERIFY(after[2] < before[2] && after[1] < before[1] && after[0] <= before[0]);
        QCOMPARE(more.image.at<cv::Vec3b>(1, 1), cv::Vec3b(250, 250, 250));
        ImageSample grey;
        grey.image = cv::Mat(8, 8, CV_8UC1, cv::Scalar(90));
        runOnce(*t, grey, 2);
        QCOMPARE(cv::countNonZero(grey.image != 90), 0);
    }

    // text_image: dark text drawn inside each box (one text per box) and nowhere else; without
    // boxes one line.
    void textImageDrawsInBoxes() {
        ImageSample s;
        s.image = cv::Mat(80, 160, CV_8UC3, cv::Scalar(255, 255, 255));
        s.boxes = {{10, 10, 90, 40, 0}, {20, 50, 150, 75, 1}};
        const auto t = makeTransform("image.text_image", {{"text", "abc"}});
        const Values v = runOnce(*t, s, 3);
        QCOMPARE(v["texts"].size(), size_t(2));
        cv::Mat grey;
        cv::cvtColor(s.image, grey, cv::COLOR_BGR2GRAY);
        const cv::Mat inked = grey < 128;
        cv::Mat outside = inked.clone();
        for (const BoundingBox& b : s.boxes) {
            const cv::Rect r(int(b.x1), int(b.y1), int(b.x2 - b.x1), int(b.y2 - b.y1));
            QVERIFY(cv::countNonZero(inked(r)) > 20);
            outside(r).setTo(0);
        }
        QVERIFY(cv::countNonZero(outside) < 10); // anti-aliased rims at most
        ImageSample line;
        line.image = cv::Mat(80, 160, CV_8UC1, cv::Scalar(255));
        QCOMPARE(runOnce(*t, line, 4)["texts"].size(), size_t(1));
        QVERIFY(cv::countNonZero(line.image < 128) > 10);
    }

    // random_gravel: only pixels inside the drawn patches change, the patches lie in the region.
    void randomGravelInPatches() {
        ImageSample s;
        s.image = cv::Mat(100, 120, CV_8UC3, cv::Scalar(90, 100, 110));
        const cv::Mat before = s.image.clone();
        const auto t = makeTransform("image.random_gravel", {{"number_of_patches", 3}});
        const Values v = runOnce(*t, s, 5);
        QCOMPARE(v["patches"].size(), size_t(3));
        cv::Mat inPatch(s.image.size(), CV_8U, cv::Scalar(0));
        for (const nlohmann::json& p : v["patches"]) {
            const cv::Rect r(p[0].get<int>(), p[1].get<int>(), p[2].get<int>(), p[3].get<int>());
            QCOMPARE(r & cv::Rect(12, 40, 96, 50), r); // gravel_roi 0.1 0.4 0.9 0.9
            // Particles reach up to 3 px beyond their centre inside the patch.
            inPatch(cv::Rect(r.x - 3, r.y - 3, r.width + 6, r.height + 6) &
                    cv::Rect(0, 0, 120, 100))
                .setTo(1);
        }
        cv::Mat changed;
        cv::cvtColor(cv::Mat(cv::abs(s.image - before)), changed, cv::COLOR_BGR2GRAY);
        QVERIFY(cv::countNonZero(changed) > 0);
        QCOMPARE(cv::countNonZero(changed & (inPatch == 0)), 0);
    }

    // spatter: rain only adds (drops are light), mud pulls pixels towards the mud colour.
    void spatterRainAndMud() {
        const cv::Mat image(96, 96, CV_8UC3, cv::Scalar(60, 60, 60));
        ImageSample rain;
        rain.image = image.clone();
        runOnce(*makeTransform("image.spatter", {{"mode", "rain"}}), rain, 7);
        QVERIFY(cv::countNonZero(cv::Mat(rain.image != image).reshape(1)) > 0);
        QCOMPARE(cv::countNonZero(cv::Mat(rain.image < image).reshape(1)), 0);
        ImageSample mud;
        mud.image = cv::Mat(96, 96, CV_8UC3, cv::Scalar(255, 255, 255));
        runOnce(*makeTransform("image.spatter", {{"mode", "mud"}, {"mean", {0.7, 0.7}}}), mud, 7);
        cv::Mat diff = cv::Mat(mud.image != 255).reshape(1);
        QVERIFY(cv::countNonZero(diff) > 0);
        // Towards (R 20, G 42, B 63): blue stays highest, red lowest.
        for (int y = 0; y < 96; ++y)
            for (int x = 0; x < 96; ++x) {
                const cv::Vec3b p = mud.image.at<cv::Vec3b>(y, x);
                QVERIFY(p[0] >= p[1] && p[1] >= p[2]);
            }
    }
};

QTEST_GUILESS_MAIN(TestImageParity)
#include "tst_image_parity.moc"

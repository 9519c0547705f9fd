// Spatial image transforms: boxes, masks and keypoints follow the image; identity
// parameters give the input back; sizes, angles and crops are what the values say.
#include "core/pipeline/pipeline.h"
#include "core/transforms/image/imagecatalog.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <map>
#include <set>

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

Pipeline onePipeline(const std::string& id, const json& params = json::object()) {
    return Pipeline::fromJson({{"version", 1},
                               {"modality", "image"},
                               {"seed", 1},
                               {"steps", {{{"transform", id}, {"p", 1.0}, {"params", params}}}}},
                              imageRegistry());
}

std::vector<std::string> spatialIds() {
    std::vector<std::string> ids;
    for (const TransformInfo* t : imageRegistry().list(Modality::Image))
        if (t->kind == "spatial")
            ids.push_back(t->id);
    return ids;
}

// Parameters that make each transform do something visible on a 200 x 160 image (the
// defaults of some are subtle or sized for photos); transforms not listed use defaults.
json strongParams(const std::string& id) {
    static const std::map<std::string, json> table = {
        {"image.affine", {{"rotate", {-30, 30}}, {"shear_x", {-10, 10}}, {"shear_y", {-10, 10}}}},
        {"image.elastic", {{"alpha", 120.0}, {"sigma", 8.0}}},
        {"image.optical_distortion", {{"distort", {-0.3, 0.3}}}},
        {"image.random_crop", {{"width", 150}, {"height", 120}}},
        {"image.center_crop", {{"width", 150}, {"height", 120}}},
        {"image.random_resized_crop", {{"width", 120}, {"height", 100}, {"scale", {0.5, 1.0}}}},
        {"image.resize", {{"width", 123}, {"height", 77}}},
        {"image.longest_max_size", {{"max_size", 150}}},
        {"image.smallest_max_size", {{"max_size", 200}}},
        {"image.pad_if_needed", {{"min_width", 256}, {"min_height", 256}}},
        {"image.crop_and_pad", {{"percent", {-0.2, 0.2}}}},
        {"image.crop", {{"x_min", 40}, {"y_min", 30}, {"x_max", 170}, {"y_max", 150}}},
        {"image.pad", {{"top", {0, 30}}, {"bottom", {5, 5}}, {"left", {0, 40}}, {"right", 7}}},
        {"image.random_sized_crop",
         {{"crop_height", {80, 150}}, {"w2h_ratio", 1.2}, {"width", 110}, {"height", 90}}},
        {"image.random_scale", {{"scale", {0.5, 1.7}}}},
        {"image.shift_scale_rotate",
         {{"shift_x", {-0.1, 0.1}}, {"shift_y", {-0.1, 0.1}}, {"scale", {0.8, 1.2}}}},
        {"image.safe_rotate", {{"degrees", {-60, 60}}}},
        {"image.random_crop_from_borders",
         {{"crop_left", 0.3}, {"crop_right", 0.3}, {"crop_top", 0.3}, {"crop_bottom", 0.3}}},
        {"image.bbox_safe_random_crop", {{"erosion_rate", 0.2}}},
        {"image.random_sized_bbox_safe_crop", {{"width", 120}, {"height", 100}}},
        {"image.at_least_one_bbox_random_crop", {{"width", 120}, {"height", 100}}},
        {"image.random_crop_near_bbox", {{"max_part_shift_x", 0.5}, {"max_part_shift_y", 0.5}}},
        {"image.crop_non_empty_mask", {{"width", 100}, {"height", 80}}},
    };
    const auto it = table.find(id);
    return it == table.end() ? json::object() : it->second;
}

// How far the transformed box may be from the transformed rectangle's bounding rect.
double iouBound(const std::string& id) {
    if (id == "image.elastic" || id == "image.grid_distortion" ||
        id == "image.optical_distortion" || id == "image.piecewise_affine" ||
        id == "image.grid_elastic_deform" || id == "image.thin_plate_spline")
        return 0.7; // non-rigid: the box is the bounding rect of a curved shape
    if (id == "image.rotate" || id == "image.affine" || id == "image.perspective" ||
        id == "image.shift_scale_rotate" || id == "image.safe_rotate")
        return 0.85; // interpolated, slanted edges cut the corners of the rectangle
    return 0.9;
}

double keypointTolerance(const std::string& id) {
    if (id == "image.elastic" || id == "image.grid_distortion" ||
        id == "image.optical_distortion" || id == "image.piecewise_affine" ||
        id == "image.grid_elastic_deform" || id == "image.thin_plate_spline")
        return 2.5;
    return 1.5;
}

double iou(cv::Rect2d a, cv::Rect2d b) {
    const double inter = (a & b).area();
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

cv::Rect2d rectOf(const BoundingBox& b) {
    return {b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1};
}

const cv::Rect kRect(60, 50, 70, 60); // the filled rectangle on a 200 x 160 image

ImageSample rectangleSample() {
    ImageSample s;
    s.image = cv::Mat(160, 200, CV_8UC3, cv::Scalar::all(0));
    s.image(kRect).setTo(cv::Scalar::all(255));
    s.mask = cv::Mat(160, 200, CV_8UC1, cv::Scalar(0));
    s.mask(kRect).setTo(1);
    s.boxes = {{double(kRect.x), double(kRect.y), double(kRect.br().x), double(kRect.br().y), 3}};
    s.minVisibility = 0.0; // keep any remaining sliver, so box and image are compared
    return s;
}

// Pixels above half intensity: where the transformed rectangle is.
cv::Rect litRect(const cv::Mat& image, double threshold) {
    cv::Mat channel, bin;
    cv::extractChannel(image, channel, 0);
    cv::compare(channel, threshold, bin, cv::CMP_GT);
    return cv::boundingRect(bin);
}

ImageSample texturedSample(int type, cv::Size size) {
    ImageSample s;
    s.image = cv::Mat(size, type);
    cv::randu(s.image, cv::Scalar::all(0),
              cv::Scalar::all(CV_MAT_DEPTH(type) == CV_32F   ? 1.0
                              : CV_MAT_DEPTH(type) == CV_16U ? 65535.0
                                                             : 255.0));
    s.mask = cv::Mat(size, CV_8UC1);
    cv::randu(s.mask, 0, 4);
    s.boxes = {{10.5, 20.25, 90.0, 70.0, 1}, {0, 0, double(size.width), double(size.height), 2}};
    s.keypoints = {{12.5, 30.5}, {150.25, 100.75}};
    return s;
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() &&
           (a.empty() || cv::norm(a, b, cv::NORM_INF) == 0);
}

std::unique_ptr<Transform> make(const std::string& id, const json& params) {
    const TransformInfo* info = imageRegistry().find(id);
    return info->create(validateParams(info->params, params, "params"));
}

} // namespace

class TestImageGeometry : public QObject {
    Q_OBJECT
private slots:
    void catalogHasTheSpecTable() {
        for (const char* id :
             {"image.hflip", "image.vflip", "image.transpose", "image.rotate90", "image.rotate",
              "image.affine", "image.perspective", "image.elastic", "image.grid_distortion",
              "image.optical_distortion", "image.random_resized_crop", "image.random_crop",
              "image.center_crop", "image.crop_and_pad", "image.pad_if_needed", "image.resize",
              "image.longest_max_size", "image.smallest_max_size"}) {
            const TransformInfo* t = imageRegistry().find(id);
            QVERIFY2(t, id);
            QCOMPARE(QString::fromStdString(t->kind), QStringLiteral("spatial"));
            for (const ParamSpec& p : t->params)
                QVERIFY2(!p.help.empty(), (std::string(id) + "." + p.name).c_str());
        }
        QCOMPARE(imageRegistry().find("image.resize")->defaultP, 1.0);
        QCOMPARE(imageRegistry().find("image.pad_if_needed")->defaultP, 1.0);
        QCOMPARE(imageRegistry().find("image.rotate")->defaultP, 0.5);
    }

    void boxFollowsTheRectangle_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("seed");
        for (const std::string& id : spatialIds())
            for (int seed = 0; seed < 6; ++seed)
                QTest::newRow((id + " seed " + std::to_string(seed)).c_str())
                    << QString::fromStdString(id) << seed;
    }
    void boxFollowsTheRectangle() {
        QFETCH(QString, id);
        QFETCH(int, seed);
        const std::string tid = id.toStdString();
        const Pipeline p = onePipeline(tid, strongParams(tid));
        Sample sample = rectangleSample();
        const RunResult r = p.run(sample, uint64_t(seed));
        QVERIFY(r.steps[0].applied);
        const ImageSample& out = std::get<ImageSample>(sample);
        const QString values = QString::fromStdString(r.steps[0].values.dump());
        QCOMPARE(out.mask.size(), out.image.size());
        const cv::Rect lit = litRect(out.image, 127);
        if (lit.width < 8 || lit.height < 8) {
            // Cropped (nearly) away: the box must be gone, or a sliver as well.
            QVERIFY2(out.boxes.empty() || rectOf(out.boxes[0]).area() < 400, qPrintable(values));
            return;
        }
        QVERIFY2(out.boxes.size() == 1, qPrintable(values));
        QCOMPARE(out.boxes[0].classId, 3);
        const double boxIou = iou(rectOf(out.boxes[0]), cv::Rect2d(lit));
        QVERIFY2(boxIou >= iouBound(tid),
                 qPrintable(QStringLiteral("IoU %1 with %2").arg(boxIou).arg(values)));
        // The mask moved with the same geometry (nearest neighbour).
        const double maskIou = iou(cv::Rect2d(litRect(out.mask, 0)), cv::Rect2d(lit));
        QVERIFY2(maskIou >= 0.9,
                 qPrintable(QStringLiteral("mask IoU %1 with %2").arg(maskIou).arg(values)));
    }

    void keypointLandsOnItsPixel_data() { boxFollowsTheRectangle_data(); }
    void keypointLandsOnItsPixel() {
        QFETCH(QString, id);
        QFETCH(int, seed);
        const std::string tid = id.toStdString();
        ImageSample s;
        s.image = cv::Mat(160, 200, CV_32FC1, cv::Scalar(0));
        // A small bright blob centred on pixel (70, 45); its centroid survives interpolation.
        const cv::Point at(70, 45);
        cv::circle(s.image, at, 2, cv::Scalar(1.0), cv::FILLED);
        s.keypoints = {{at.x + 0.5, at.y + 0.5}};
        Sample sample = s;
        const RunResult r = onePipeline(tid, strongParams(tid)).run(sample, uint64_t(seed));
        const ImageSample& out = std::get<ImageSample>(sample);
        const QString values = QString::fromStdString(r.steps[0].values.dump());
        QCOMPARE(out.keypoints.size(), size_t(1));
        const Keypoint k = out.keypoints[0];
        const double margin = 6;
        if (k.x < margin || k.y < margin || k.x > out.image.cols - margin ||
            k.y > out.image.rows - margin) {
            // Moved out (or to the edge) of the image: then the blob is gone too or clipped.
            cv::Mat inner = out.image(cv::Rect(int(margin), int(margin),
                                               std::max(0, out.image.cols - 2 * int(margin)),
                                               std::max(0, out.image.rows - 2 * int(margin))));
            QVERIFY2(inner.empty() || cv::sum(inner)[0] < 3.0, qPrintable(values));
            return;
        }
        const cv::Moments m = cv::moments(out.image);
        QVERIFY2(m.m00 > 0, qPrintable(values));
        const double cx = m.m10 / m.m00 + 0.5, cy = m.m01 / m.m00 + 0.5;
        const double d = std::hypot(cx - k.x, cy - k.y);
        QVERIFY2(d <= keypointTolerance(tid),
                 qPrintable(QStringLiteral("keypoint (%1, %2), blob (%3, %4) with %5")
                                .arg(k.x)
                                .arg(k.y)
                                .arg(cx)
                                .arg(cy)
                                .arg(values)));
    }

    void boxesLeavingAreClippedOrDropped() {
        // A 150-pixel shift right on a 200-wide image.
        const json shift = {
            {"rotate", 0}, {"scale", 1}, {"translate_px_x", 150}, {"translate_y", 0}};
        ImageSample s;
        s.image = cv::Mat(160, 200, CV_8UC3, cv::Scalar::all(0));
        s.boxes = {{0, 10, 40, 50, 0},    // -> [150, 190]: inside
                   {30, 10, 70, 50, 1},   // -> [180, 220]: half visible, clipped
                   {40, 10, 80, 50, 2},   // -> [190, 230]: 25 % visible, dropped at 0.3
                   {60, 10, 130, 50, 3}}; // -> [210, 280]: gone
        Sample a = s;
        onePipeline("image.affine", shift).run(a, 0);
        const auto& boxes = std::get<ImageSample>(a).boxes;
        QCOMPARE(boxes.size(), size_t(2));
        QCOMPARE(boxes[0].classId, 0);
        QCOMPARE(boxes[0].x1, 150.0);
        QCOMPARE(boxes[0].x2, 190.0);
        QCOMPARE(boxes[1].classId, 1);
        QCOMPARE(boxes[1].x1, 180.0);
        QCOMPARE(boxes[1].x2, 200.0);
        QCOMPARE(boxes[1].y1, 10.0);
        QCOMPARE(boxes[1].y2, 50.0);
        // A lower threshold keeps the quarter-visible box.
        s.minVisibility = 0.2;
        Sample b = s;
        onePipeline("image.affine", shift).run(b, 0);
        QCOMPARE(std::get<ImageSample>(b).boxes.size(), size_t(3));
        QCOMPARE(std::get<ImageSample>(b).boxes[2].x2, 200.0);
        // The pipeline document's min_visibility overrides the sample's.
        Sample c = s;
        Pipeline::fromJson(
            {{"version", 1},
             {"modality", "image"},
             {"min_visibility", 0.6},
             {"steps", {{{"transform", "image.affine"}, {"p", 1.0}, {"params", shift}}}}},
            imageRegistry())
            .run(c, 0);
        QCOMPARE(std::get<ImageSample>(c).boxes.size(), size_t(1));
    }

    void identityParametersGiveTheInputBack_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("params");
        auto row = [](const char* id, json params) {
            QTest::newRow(id) << QString::fromUtf8(id) << QString::fromStdString(params.dump());
        };
        row("image.rotate", {{"degrees", 0}});
        row("image.affine", {{"rotate", 0},
                             {"scale", 1},
                             {"translate_x", 0},
                             {"translate_y", 0},
                             {"shear_x", 0},
                             {"shear_y", 0}});
        row("image.perspective", {{"scale", 0}});
        row("image.elastic", {{"alpha", 0}});
        row("image.grid_distortion", {{"limit", 0}});
        row("image.optical_distortion", {{"distort", 0}});
        row("image.resize", {{"width", 200}, {"height", 160}});
        row("image.longest_max_size", {{"max_size", 200}});
        row("image.smallest_max_size", {{"max_size", 160}});
        row("image.center_crop", {{"width", 200}, {"height", 160}});
        row("image.random_crop", {{"width", 200}, {"height", 160}});
        row("image.random_resized_crop",
            {{"width", 200}, {"height", 160}, {"scale", 1}, {"ratio", 1.25}});
        row("image.crop_and_pad", {{"percent", 0}});
        row("image.pad_if_needed", {{"min_width", 100}, {"min_height", 100}});
        row("image.crop", {{"x_min", 0}, {"y_min", 0}, {"x_max", 200}, {"y_max", 160}});
        row("image.pad", {{"top", 0}, {"bottom", 0}, {"left", 0}, {"right", 0}});
        row("image.random_sized_crop",
            {{"crop_height", 160}, {"w2h_ratio", 1.25}, {"width", 200}, {"height", 160}});
        row("image.random_scale", {{"scale", 1}});
        row("image.shift_scale_rotate",
            {{"shift_x", 0}, {"shift_y", 0}, {"scale", 1}, {"rotate", 0}});
        row("image.safe_rotate", {{"degrees", 0}});
        row("image.piecewise_affine", {{"scale", 0}});
        row("image.grid_elastic_deform", {{"magnitude", 0}});
        row("image.thin_plate_spline", {{"scale", 0}});
        row("image.random_grid_shuffle", {{"rows", 1}, {"cols", 1}});
        row("image.random_crop_from_borders",
            {{"crop_left", 0}, {"crop_right", 0}, {"crop_top", 0}, {"crop_bottom", 0}});
    }
    void identityParametersGiveTheInputBack() {
        QFETCH(QString, id);
        QFETCH(QString, params);
        const Pipeline p = onePipeline(id.toStdString(), json::parse(params.toStdString()));
        for (int type : {CV_8UC3, CV_16UC1, CV_32FC4}) {
            const ImageSample in = texturedSample(type, {200, 160});
            for (uint64_t seed = 0; seed < 3; ++seed) {
                Sample s = cloneSample(in);
                p.run(s, seed);
                const ImageSample& out = std::get<ImageSample>(s);
                QVERIFY(sameBytes(out.image, in.image));
                QVERIFY(sameBytes(out.mask, in.mask));
                QCOMPARE(out.boxes.size(), in.boxes.size());
                for (size_t i = 0; i < in.boxes.size(); ++i) {
                    QCOMPARE(out.boxes[i].x1, in.boxes[i].x1);
                    QCOMPARE(out.boxes[i].y1, in.boxes[i].y1);
                    QCOMPARE(out.boxes[i].x2, in.boxes[i].x2);
                    QCOMPARE(out.boxes[i].y2, in.boxes[i].y2);
                }
                for (size_t i = 0; i < in.keypoints.size(); ++i) {
                    QCOMPARE(out.keypoints[i].x, in.keypoints[i].x);
                    QCOMPARE(out.keypoints[i].y, in.keypoints[i].y);
                }
            }
        }
    }

    void rotate90MovesTheCorners() {
        const auto t = make("image.rotate90", json::object());
        ImageSample s;
        s.image = cv::Mat(160, 200, CV_8UC1, cv::Scalar(0));
        s.image.at<uint8_t>(0, 0) = 200;   // (x 0, y 0)
        s.image.at<uint8_t>(0, 199) = 100; // top-right
        s.keypoints = {{0.5, 0.5}};
        Sample a = s;
        t->apply(a, {{"k", 1}}); // counter-clockwise: top-left goes to bottom-left
        const ImageSample& out = std::get<ImageSample>(a);
        QCOMPARE(out.image.cols, 160);
        QCOMPARE(out.image.rows, 200);
        QCOMPARE(int(out.image.at<uint8_t>(199, 0)), 200); // (x 0, y w - 1)
        QCOMPARE(int(out.image.at<uint8_t>(0, 0)), 100);   // top-right went to top-left
        QCOMPARE(out.keypoints[0].x, 0.5);
        QCOMPARE(out.keypoints[0].y, 199.5);
        Sample b = s;
        t->apply(b, {{"k", 2}});
        QCOMPARE(int(std::get<ImageSample>(b).image.at<uint8_t>(159, 199)), 200);
        Sample c = s;
        t->apply(c, {{"k", 3}});
        QCOMPARE(int(std::get<ImageSample>(c).image.at<uint8_t>(0, 159)), 200);
        // Drawn k is one of 1, 2, 3, and all appear.
        std::set<int> ks;
        Rng rng(5);
        for (int i = 0; i < 60; ++i)
            ks.insert(t->draw(rng, SampleInfo::of(Sample(s)))["k"].get<int>());
        QCOMPARE(ks, (std::set<int>{1, 2, 3}));
    }

    void resizeGivesTheAskedSize() {
        Sample s = texturedSample(CV_8UC3, {200, 160});
        const RunResult r = onePipeline("image.resize", {{"width", 123}, {"height", 77}}).run(s, 0);
        QCOMPARE(std::get<ImageSample>(s).image.size(), cv::Size(123, 77));
        QCOMPARE(std::get<ImageSample>(s).mask.size(), cv::Size(123, 77));
        QCOMPARE(r.steps[0].values["width"].get<int>(), 123);
        // The full-image box scales to the full output.
        const BoundingBox& full = std::get<ImageSample>(s).boxes[1];
        QCOMPARE(full.x2, 123.0);
        QCOMPARE(full.y2, 77.0);
    }

    void maxSizeKeepsTheAspectRatio_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("maxSize");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("longest down")
            << QStringLiteral("image.longest_max_size") << 100 << 100 << 80;
        QTest::newRow("longest up")
            << QStringLiteral("image.longest_max_size") << 500 << 500 << 400;
        QTest::newRow("smallest down")
            << QStringLiteral("image.smallest_max_size") << 80 << 100 << 80;
        QTest::newRow("smallest up")
            << QStringLiteral("image.smallest_max_size") << 320 << 400 << 320;
    }
    void maxSizeKeepsTheAspectRatio() {
        QFETCH(QString, id);
        QFETCH(int, maxSize);
        QFETCH(int, width);
        QFETCH(int, height);
        Sample s = texturedSample(CV_8UC3, {200, 160});
        onePipeline(id.toStdString(), {{"max_size", maxSize}}).run(s, 0);
        QCOMPARE(std::get<ImageSample>(s).image.size(), cv::Size(width, height));
        // And a tall image: the other side is constrained.
        Sample tall = texturedSample(CV_8UC1, {160, 200});
        onePipeline(id.toStdString(), {{"max_size", maxSize}}).run(tall, 0);
        QCOMPARE(std::get<ImageSample>(tall).image.size(), cv::Size(height, width));
    }

    void randomResizedCropStaysWithinScaleAndRatio() {
        const auto t = make(
            "image.random_resized_crop",
            {{"width", 64}, {"height", 48}, {"scale", {0.2, 0.5}}, {"ratio", {0.75, 4.0 / 3.0}}});
        SampleInfo info;
        info.width = 200;
        info.height = 160;
        Rng rng(11);
        double lo = 1, hi = 0;
        for (int i = 0; i < 500; ++i) {
            const Values v = t->draw(rng, info);
            const int w = v["width"].get<int>(), h = v["height"].get<int>();
            const int x = v["x"].get<int>(), y = v["y"].get<int>();
            QVERIFY(x >= 0 && y >= 0 && x + w <= 200 && y + h <= 160);
            const double area = double(w) * h / (200.0 * 160.0);
            lo = std::min(lo, area);
            hi = std::max(hi, area);
            QVERIFY2(area >= 0.2 * 0.97 && area <= 0.5 * 1.03, qPrintable(QString::number(area)));
            const double ratio = double(w) / h;
            QVERIFY2(ratio >= 0.75 * 0.97 && ratio <= 4.0 / 3.0 * 1.03,
                     qPrintable(QString::number(ratio)));
        }
        QVERIFY(lo < 0.25 && hi > 0.45); // the whole range is used
        Sample s = texturedSample(CV_8UC3, {200, 160});
        Rng r2(3);
        const Values v = t->draw(r2, info);
        t->apply(s, v);
        QCOMPARE(std::get<ImageSample>(s).image.size(), cv::Size(64, 48));
    }

    void cropsPadSmallImages() {
        ImageSample small;
        small.image = cv::Mat(20, 30, CV_8UC3, cv::Scalar::all(9));
        small.boxes = {{0, 0, 30, 20, 0}};
        for (const char* id : {"image.random_crop", "image.center_crop"}) {
            Sample s = small;
            const RunResult r =
                onePipeline(id, {{"width", 50}, {"height", 40}, {"fill", 7}}).run(s, 0);
            const ImageSample& out = std::get<ImageSample>(s);
            QCOMPARE(out.image.size(), cv::Size(50, 40));
            QCOMPARE(r.steps[0].values["x"].get<int>(), -10);
            QCOMPARE(r.steps[0].values["y"].get<int>(), -10);
            QCOMPARE(int(out.image.at<cv::Vec3b>(0, 0)[0]), 7);
            QCOMPARE(int(out.image.at<cv::Vec3b>(20, 25)[0]), 9);
            QCOMPARE(out.boxes[0].x1, 10.0);
            QCOMPARE(out.boxes[0].y2, 30.0);
        }
        // A 1x1 image through every crop and pad.
        for (const char* id :
             {"image.random_crop", "image.center_crop", "image.random_resized_crop",
              "image.crop_and_pad", "image.pad_if_needed"}) {
            ImageSample one;
            one.image = cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(5));
            Sample s = one;
            onePipeline(id).run(s, 0);
            QVERIFY(!std::get<ImageSample>(s).image.empty());
        }
    }

    void borderModesOnTinyImages_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("border");
        for (const char* id :
             {"image.rotate", "image.affine", "image.perspective", "image.elastic",
              "image.grid_distortion", "image.optical_distortion", "image.crop_and_pad",
              "image.pad_if_needed", "image.random_crop", "image.center_crop"})
            for (const char* border : {"constant", "replicate", "reflect", "reflect_101", "wrap"})
                QTest::newRow((std::string(id) + " " + border).c_str())
                    << QString::fromUtf8(id) << QString::fromUtf8(border);
    }
    void borderModesOnTinyImages() {
        QFETCH(QString, id);
        QFETCH(QString, border);
        const std::string tid = id.toStdString();
        const std::string mode = border.toStdString();
        const int cvMode = mode == "constant"      ? cv::BORDER_CONSTANT
                           : mode == "replicate"   ? cv::BORDER_REPLICATE
                           : mode == "reflect"     ? cv::BORDER_REFLECT
                           : mode == "reflect_101" ? cv::BORDER_REFLECT_101
                                                   : cv::BORDER_WRAP;
        json params = {{"border_mode", mode}, {"fill", 3}};
        if (tid == "image.crop_and_pad") {
            params["percent"] = {0.5, 1.0}; // pads larger than the image itself
            params["keep_size"] = false;    // the padded window itself, not resized back
        }
        if (tid == "image.random_crop" || tid == "image.center_crop") {
            params["width"] = 9;
            params["height"] = 7;
        }
        if (tid == "image.pad_if_needed") {
            params["min_width"] = 9;
            params["min_height"] = 7;
        }
        // Strong enough that the warp samples outside the image: the border shows. (Not for
        // image.perspective: it maps the drawn quadrilateral, inside the image, onto the
        // whole output, so its border never shows.)
        if (tid == "image.optical_distortion")
            params["distort"] = {0.8, 1.0};
        // Crops and pads copy a window of the image extended by the border rule: each pixel
        // is checked against cv::borderInterpolate on an image of distinct levels. Warps
        // interpolate: on an image of 1s every pixel stays 1 with a border rule that repeats
        // the image, and lies between the image's 1 and the fill 3 with the constant border.
        const bool window = tid == "image.crop_and_pad" || tid == "image.pad_if_needed" ||
                            tid == "image.random_crop" || tid == "image.center_crop";
        const Pipeline p = onePipeline(tid, params);
        bool fillSeen = false;
        for (cv::Size size : {cv::Size(1, 1), cv::Size(2, 3), cv::Size(3, 2)})
            for (int type : {CV_8UC4, CV_32FC1, CV_16UC3}) {
                ImageSample in;
                in.image = cv::Mat(size, type, cv::Scalar::all(1));
                if (window)
                    for (int y = 0; y < size.height; ++y)
                        for (int x = 0; x < size.width; ++x)
                            for (int c = 0; c < in.image.channels(); ++c) {
                                const double level = 10 + 10 * (y * size.width + x) + c;
                                if (type == CV_32FC1)
                                    in.image.ptr<float>(y)[x] = float(level);
                                else if (type == CV_16UC3)
                                    in.image.ptr<uint16_t>(y)[x * 3 + c] = uint16_t(level);
                                else
                                    in.image.ptr<uint8_t>(y)[x * 4 + c] = uint8_t(level);
                            }
                in.mask = cv::Mat(size, CV_8UC1, cv::Scalar(1));
                in.boxes = {{0, 0, double(size.width), double(size.height), 0}};
                in.keypoints = {{0.5, 0.5}};
                for (uint64_t seed = 0; seed < 3; ++seed) {
                    Sample s = cloneSample(in);
                    const RunResult r = p.run(s, seed);
                    const ImageSample& out = std::get<ImageSample>(s);
                    QCOMPARE(out.image.type(), type);
                    QCOMPARE(out.mask.size(), out.image.size());
                    if (tid == "image.random_crop" || tid == "image.center_crop" ||
                        tid == "image.pad_if_needed")
                        QCOMPARE(out.image.size(), cv::Size(9, 7));
                    const cv::Mat got = out.image.reshape(1);
                    const int cn = in.image.channels();
                    if (!window) {
                        for (int y = 0; y < got.rows; ++y)
                            for (int x = 0; x < got.cols; ++x) {
                                double v;
                                if (type == CV_32FC1)
                                    v = got.at<float>(y, x);
                                else if (type == CV_16UC3)
                                    v = got.at<uint16_t>(y, x);
                                else
                                    v = got.at<uint8_t>(y, x);
                                const bool ok = mode == "constant" ? v >= 1 && v <= 3 : v == 1;
                                QVERIFY2(ok, qPrintable(QStringLiteral("%1 at (%2, %3)")
                                                            .arg(v)
                                                            .arg(x / cn)
                                                            .arg(y)));
                                fillSeen = fillSeen || v != 1;
                            }
                        continue;
                    }
                    // Where the window starts in the image's coordinates.
                    const nlohmann::json& v = r.steps.at(0).values;
                    int x0, y0;
                    if (v.contains("x")) {
                        x0 = v["x"].get<int>();
                        y0 = v["y"].get<int>();
                    } else {
                        x0 = -v["left"].get<int>();
                        y0 = -v["top"].get<int>();
                    }
                    if (tid == "image.crop_and_pad")
                        QCOMPARE(
                            out.image.size(),
                            cv::Size(size.width + v["left"].get<int>() + v["right"].get<int>(),
                                     size.height + v["top"].get<int>() + v["bottom"].get<int>()));
                    for (int y = 0; y < out.image.rows; ++y)
                        for (int x = 0; x < out.image.cols; ++x) {
                            const int sx = cv::borderInterpolate(x0 + x, size.width, cvMode);
                            const int sy = cv::borderInterpolate(y0 + y, size.height, cvMode);
                            for (int c = 0; c < cn; ++c) {
                                const double expected =
                                    sx < 0 || sy < 0 ? 3.0 : 10 + 10 * (sy * size.width + sx) + c;
                                double got1;
                                if (type == CV_32FC1)
                                    got1 = out.image.ptr<float>(y)[x];
                                else if (type == CV_16UC3)
                                    got1 = out.image.ptr<uint16_t>(y)[x * 3 + c];
                                else
                                    got1 = out.image.ptr<uint8_t>(y)[x * 4 + c];
                                QVERIFY2(got1 == expected,
                                         qPrintable(QStringLiteral("(%1, %2) channel %3: %4, "
                                                                   "expected %5")
                                                        .arg(x)
                                                        .arg(y)
                                                        .arg(c)
                                                        .arg(got1)
                                                        .arg(expected)));
                                fillSeen = fillSeen || got1 == 3.0;
                            }
                        }
                }
            }
        // The constant border shows its fill somewhere; the others never do.
        if (mode == "constant" && tid != "image.perspective")
            QVERIFY2(fillSeen, "the fill never showed");
        else if (window)
            QVERIFY(!fillSeen);
    }

    // Positive angles turn counter-clockwise as shown on screen: a dot right of the centre
    // goes to the top at +90 degrees and to the bottom at -90.
    void rotateTurnsCounterClockwise() {
        for (int degrees : {90, -90}) {
            ImageSample in;
            in.image = cv::Mat::zeros(21, 21, CV_8UC1);
            in.image.at<uint8_t>(10, 18) = 255; // row 10, column 18
            Sample s = in;
            onePipeline("image.rotate",
                        {{"degrees", {degrees, degrees}}, {"interpolation", "nearest"}})
                .run(s, 0);
            const cv::Mat& out = std::get<ImageSample>(s).image;
            cv::Point at;
            cv::minMaxLoc(out, nullptr, nullptr, nullptr, &at);
            QCOMPARE(at, degrees > 0 ? cv::Point(10, 2) : cv::Point(10, 18));
        }
    }

    void centerCropIsCentred() {
        Sample s = texturedSample(CV_8UC3, {200, 160});
        const cv::Mat in = std::get<ImageSample>(s).image.clone();
        const RunResult r =
            onePipeline("image.center_crop", {{"width", 100}, {"height", 60}}).run(s, 0);
        QCOMPARE(r.steps[0].values["x"].get<int>(), 50);
        QCOMPARE(r.steps[0].values["y"].get<int>(), 50);
        QVERIFY(sameBytes(std::get<ImageSample>(s).image, in(cv::Rect(50, 50, 100, 60))));
    }

    void padIfNeededPadsWhereAsked() {
        ImageSample in;
        in.image = cv::Mat(10, 20, CV_8UC1, cv::Scalar(200));
        in.keypoints = {{0.5, 0.5}};
        Sample s = in;
        const RunResult r =
            onePipeline("image.pad_if_needed", {{"min_width", 30}, {"min_height", 16}}).run(s, 0);
        QCOMPARE(r.steps[0].values.toJson(),
                 json({{"top", 3}, {"bottom", 3}, {"left", 5}, {"right", 5}}));
        const ImageSample& out = std::get<ImageSample>(s);
        QCOMPARE(out.image.size(), cv::Size(30, 16));
        QCOMPARE(int(out.image.at<uint8_t>(3, 5)), 200);
        QCOMPARE(int(out.image.at<uint8_t>(2, 5)), 0);
        QCOMPARE(out.keypoints[0].x, 5.5);
        Sample t = in;
        onePipeline("image.pad_if_needed", {{"min_width", 30},
                                            {"min_height", 16},
                                            {"position", "top_left"},
                                            {"border_mode", "replicate"}})
            .run(t, 0);
        QCOMPARE(int(std::get<ImageSample>(t).image.at<uint8_t>(15, 29)), 200);
        QCOMPARE(std::get<ImageSample>(t).keypoints[0].x, 0.5);
    }

    void affinePixelShiftIsExact() {
        // Keras integer shifts: every pixel moves by exactly the drawn number of pixels.
        ImageSample in = texturedSample(CV_8UC3, {200, 160});
        Sample s = cloneSample(in);
        const RunResult r =
            onePipeline(
                "image.affine",
                {{"rotate", 0}, {"scale", 1}, {"translate_px_x", 7}, {"translate_px_y", -3}})
                .run(s, 0);
        QCOMPARE(r.steps[0].values["tx_px"].get<double>(), 7.0);
        QCOMPARE(r.steps[0].values["ty_px"].get<double>(), -3.0);
        const cv::Mat& out = std::get<ImageSample>(s).image;
        QVERIFY(sameBytes(out(cv::Rect(7, 0, 193, 157)), in.image(cv::Rect(0, 3, 193, 157))));
        QCOMPARE(std::get<ImageSample>(s).keypoints[0].x, in.keypoints[0].x + 7);
        QCOMPARE(std::get<ImageSample>(s).keypoints[0].y, in.keypoints[0].y - 3);
        // Fractions: tx is a fraction of the width.
        const auto t = make("image.affine", {{"translate_x", 0.25}, {"translate_y", -0.5}});
        SampleInfo info;
        info.width = 200;
        info.height = 160;
        Rng rng(1);
        const Values v = t->draw(rng, info);
        QCOMPARE(v["tx_px"].get<double>(), 50.0);
        QCOMPARE(v["ty_px"].get<double>(), -80.0);
    }

    void affineKeepRatio() {
        SampleInfo info;
        info.width = 100;
        info.height = 100;
        const auto same = make("image.affine", {{"scale", {0.5, 1.5}}});
        const auto free = make("image.affine", {{"scale", {0.5, 1.5}}, {"keep_ratio", false}});
        Rng a(4), b(4);
        int differ = 0;
        for (int i = 0; i < 20; ++i) {
            const Values vs = same->draw(a, info), vf = free->draw(b, info);
            QCOMPARE(vs["scale_x"], vs["scale_y"]);
            differ += vf["scale_x"] != vf["scale_y"];
        }
        QCOMPARE(differ, 20);
    }

    void distortionsAreDeterministicFromTheirValues() {
        for (const char* id : {"image.elastic", "image.grid_distortion"}) {
            const auto t = make(id, strongParams(id));
            const ImageSample in = texturedSample(CV_8UC3, {200, 160});
            Rng rng(9);
            const Values v = t->draw(rng, SampleInfo::of(Sample(in)));
            Sample a = cloneSample(in), b = cloneSample(in);
            t->apply(a, v);
            t->apply(b,
                     Values::fromJson(json::parse(v.dump()))); // through text, as replay reads it
            QVERIFY(sameBytes(std::get<ImageSample>(a).image, std::get<ImageSample>(b).image));
            QVERIFY(!sameBytes(std::get<ImageSample>(a).image, in.image));
        }
    }

    void keepSizeOff() {
        Sample s = rectangleSample();
        const RunResult r =
            onePipeline("image.crop_and_pad", {{"percent", 0.1}, {"keep_size", false}}).run(s, 0);
        QCOMPARE(r.steps[0].values,
                 json({{"top", 16}, {"right", 20}, {"bottom", 16}, {"left", 20}}));
        const ImageSample& out = std::get<ImageSample>(s);
        QCOMPARE(out.image.size(), cv::Size(240, 192));
        QCOMPARE(out.boxes[0].x1, kRect.x + 20.0);
        QCOMPARE(out.boxes[0].y1, kRect.y + 16.0);
        QCOMPARE(litRect(out.image, 127), kRect + cv::Point(20, 16));
        for (uint64_t seed = 0; seed < 5; ++seed) {
            Sample t = rectangleSample();
            onePipeline("image.perspective", {{"scale", {0.1, 0.15}}, {"keep_size", false}})
                .run(t, seed);
            const ImageSample& o = std::get<ImageSample>(t);
            QVERIFY(o.image.cols <= 200 && o.image.rows <= 160);
            QVERIFY(o.image.cols < 200 || o.image.rows < 160);
            QCOMPARE(o.boxes.size(), size_t(1));
            QVERIFY(iou(rectOf(o.boxes[0]), cv::Rect2d(litRect(o.image, 127))) >= 0.85);
        }
    }

    void remappedKeypointsOutsideStayOutside() {
        ImageSample in = texturedSample(CV_8UC3, {200, 160});
        in.keypoints = {{-10, 50}, {1, 1}, {100, 80}};
        // Negative k (pincushion) enlarges towards the border: the corner leaves the view.
        Sample s = cloneSample(in);
        onePipeline("image.optical_distortion", {{"distort", -0.3}}).run(s, 0);
        const auto& k = std::get<ImageSample>(s).keypoints;
        QVERIFY2(k[0].x < 0, qPrintable(QString::number(k[0].x)));
        QVERIFY2(k[1].x < 0 && k[1].y < 0,
                 qPrintable(QStringLiteral("%1, %2").arg(k[1].x).arg(k[1].y)));
        QVERIFY(std::abs(k[2].x - 100) < 1 && std::abs(k[2].y - 80) < 1); // the centre stays
        Sample g = cloneSample(in);
        onePipeline("image.grid_distortion").run(g, 0);
        QVERIFY(std::get<ImageSample>(g).keypoints[0].x < 0);
    }

    void elasticKeypointsOnALargeImage() {
        // 512 x 512 with ten keypoints: each lands where its blob went.
        const auto t = make("image.elastic", {{"alpha", 300.0}, {"sigma", 12.0}});
        ImageSample s;
        s.image = cv::Mat(512, 512, CV_32FC1, cv::Scalar(0));
        std::vector<cv::Point> at;
        for (int i = 0; i < 10; ++i) {
            const cv::Point c(50 + 45 * i, 60 + 40 * i);
            at.push_back(c);
            s.keypoints.push_back({c.x + 0.5, c.y + 0.5});
        }
        Sample single = s;
        Rng rng(2);
        t->apply(single, t->draw(rng, SampleInfo::of(single)));
        const ImageSample& moved = std::get<ImageSample>(single);
        for (size_t i = 0; i < at.size(); ++i) {
            // Each blob on its own through the same field.
            ImageSample one;
            one.image = cv::Mat(512, 512, CV_32FC1, cv::Scalar(0));
            cv::circle(one.image, at[i], 2, cv::Scalar(1.0), cv::FILLED);
            Sample os = one;
            Rng again(2);
            t->apply(os, t->draw(again, SampleInfo::of(os)));
            const cv::Moments m = cv::moments(std::get<ImageSample>(os).image);
            const double d = std::hypot(m.m10 / m.m00 + 0.5 - moved.keypoints[i].x,
                                        m.m01 / m.m00 + 0.5 - moved.keypoints[i].y);
            QVERIFY2(d < 2.0, qPrintable(QString::number(d)));
        }
    }
};

QTEST_GUILESS_MAIN(TestImageGeometry)
#include "tst_image_geometry.moc"

// Invariants of every image transform in the catalog (geometry and colour alike): the same
// seed gives the same bytes, depth and channel count are kept, 1x1, 1-channel and
// 4-channel images do not crash.
#include "core/pipeline/pipeline.h"
#include "core/transforms/image/imagecatalog.h"

#include <QtTest>

#include <cstring>
#include <map>

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

// Transforms whose purpose is a different depth (float tensors for export).
bool changesDepth(const std::string& id) {
    return id == "image.normalize";
}

Pipeline onePipeline(const std::string& id) {
    return Pipeline::fromJson({{"version", 1},
                               {"modality", "image"},
                               {"seed", 1},
                               {"steps", {{{"transform", id}, {"p", 1.0}}}}},
                              imageRegistry());
}

double maxOf(int depth) {
    return depth == CV_32F ? 1.0 : depth == CV_16U ? 65535.0 : 255.0;
}

// A photo-like image: smooth gradients, an edge, and noise, in the type's value range.
ImageSample texturedSample(int type, cv::Size size) {
    ImageSample s;
    cv::Mat f(size, CV_32FC(CV_MAT_CN(type)));
    cv::randu(f, cv::Scalar::all(0), cv::Scalar::all(0.25));
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            float* px = f.ptr<float>(y) + x * f.channels();
            for (int c = 0; c < f.channels(); ++c)
                px[c] += 0.5f * float(x + c * y) / float(size.width + size.height) +
                         (x > size.width / 2 ? 0.25f : 0.0f);
        }
    f.convertTo(s.image, type, maxOf(CV_MAT_DEPTH(type)));
    s.mask = cv::Mat(size, CV_8UC1, cv::Scalar(0));
    s.mask(cv::Rect(size.width / 4, size.height / 4, std::max(1, size.width / 2),
                    std::max(1, size.height / 2)))
        .setTo(2);
    s.boxes = {{size.width * 0.2, size.height * 0.3, size.width * 0.7, size.height * 0.9, 4}};
    s.keypoints = {{size.width * 0.4, size.height * 0.6}};
    return s;
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    if (a.empty())
        return true;
    // Compare as raw bytes so NaN in a float image compares equal to itself.
    for (int y = 0; y < a.rows; ++y)
        if (std::memcmp(a.ptr(y), b.ptr(y), a.cols * a.elemSize()) != 0)
            return false;
    return true;
}

QString typeName(int type) {
    static const std::map<int, const char*> names = {{CV_8UC1, "8UC1"},
                                                     {CV_8UC3, "8UC3"},
                                                     {CV_8UC4, "8UC4"},
                                                     {CV_16UC3, "16UC3"},
                                                     {CV_32FC3, "32FC3"}};
    return QString::fromUtf8(names.at(type));
}

void addRows() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("type");
    for (const TransformInfo* t : imageRegistry().list(Modality::Image))
        for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC3, CV_32FC3})
            QTest::newRow(
                qPrintable(QString::fromStdString(t->id) + QLatin1Char(' ') + typeName(type)))
                << QString::fromStdString(t->id) << type;
}

} // namespace

class TestImageInvariants : public QObject {
    Q_OBJECT
private slots:
    void catalogIsNotEmpty() { QVERIFY(imageRegistry().list(Modality::Image).size() >= 18); }

    void sameSeedSameBytesAndTypeKept_data() { addRows(); }
    void sameSeedSameBytesAndTypeKept() {
        QFETCH(QString, id);
        QFETCH(int, type);
        const Pipeline p = onePipeline(id.toStdString());
        const ImageSample in = texturedSample(type, {64, 48});
        for (uint64_t seed : {0u, 1u, 17u}) {
            Sample a = cloneSample(in), b = cloneSample(in);
            const RunResult ra = p.run(a, seed), rb = p.run(b, seed);
            QVERIFY(ra.steps[0].applied);
            QCOMPARE(ra.stepsJson(), rb.stepsJson());
            const ImageSample& oa = std::get<ImageSample>(a);
            const ImageSample& ob = std::get<ImageSample>(b);
            QVERIFY2(sameBytes(oa.image, ob.image), "same seed, different image bytes");
            QVERIFY2(sameBytes(oa.mask, ob.mask), "same seed, different mask bytes");
            QCOMPARE(oa.boxes.size(), ob.boxes.size());
            for (size_t i = 0; i < oa.boxes.size(); ++i) {
                QCOMPARE(oa.boxes[i].x1, ob.boxes[i].x1);
                QCOMPARE(oa.boxes[i].y2, ob.boxes[i].y2);
            }
            QCOMPARE(oa.keypoints.size(), ob.keypoints.size());
            QVERIFY(!oa.image.empty());
            QCOMPARE(oa.image.channels(), in.image.channels());
            if (!changesDepth(id.toStdString()))
                QCOMPARE(oa.image.depth(), in.image.depth());
            // The mask, where there is one, stays a one-channel image of the image's size.
            QCOMPARE(oa.mask.size(), oa.image.size());
            QCOMPARE(oa.mask.type(), in.mask.type());
            // Replaying the recorded values gives the same bytes again.
            Sample c = cloneSample(in);
            p.replay(c, {StepRecord::fromJson(ra.steps[0].toJson())});
            QVERIFY2(sameBytes(std::get<ImageSample>(c).image, oa.image), "replay differs");
        }
    }

    void tinyImagesDoNotCrash_data() { addRows(); }
    void tinyImagesDoNotCrash() {
        QFETCH(QString, id);
        QFETCH(int, type);
        const Pipeline p = onePipeline(id.toStdString());
        for (cv::Size size : {cv::Size(1, 1), cv::Size(2, 1), cv::Size(1, 3)}) {
            const ImageSample in = texturedSample(type, size);
            for (uint64_t seed : {0u, 5u}) {
                Sample s = cloneSample(in);
                try {
                    p.run(s, seed);
                } catch (const std::exception& e) {
                    QFAIL(qPrintable(QStringLiteral("%1x%2: %3")
                                         .arg(size.width)
                                         .arg(size.height)
                                         .arg(QString::fromUtf8(e.what()))));
                }
                const ImageSample& out = std::get<ImageSample>(s);
                QVERIFY(!out.image.empty());
                QCOMPARE(out.image.channels(), in.image.channels());
                if (!changesDepth(id.toStdString()))
                    QCOMPARE(out.image.depth(), in.image.depth());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestImageInvariants)
#include "tst_image_invariants.moc"

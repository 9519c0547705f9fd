// The reference-image transforms (image.fda, image.histogram_matching,
// image.pixel_distribution_adaptation, image.template_transform, image.overlay_elements):
// references come from a folder read through the image codecs (a bad file is named) or from
// a partner of the run (recorded in the drawn values); with neither the sample is left as
// it is; and each does what its reference says: FDA moves the low-frequency amplitudes to the
// reference's (beta 0 is the identity), histogram matching matches the reference's CDF, PDA
// moves mean and standard deviation, the template blends by the drawn weight, overlays land
// where drawn and update the mask.
#include "core/io/image/folderimagesource.h"
#include "core/io/image/imagefile.h"
#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/pipeline.h"
#include "core/transforms/image/imagecatalog.h"
#include "core/util/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const Registry& imageRegistry() {
    static const Registry r = [] {
        Registry reg;
        registerImageTransforms(reg);
        return reg;
    }();
    return r;
}

LoadContext folderLoad() {
    LoadContext load;
    load.images = std::make_shared<FolderImageSource>();
    return load;
}

std::unique_ptr<Transform> create(const std::string& id, const json& params,
                                  const LoadContext& load = folderLoad()) {
    const TransformInfo* info = imageRegistry().find(id);
    if (!info)
        throw std::runtime_error("no transform " + id);
    return info->create(validateParams(info->params, params, id), load);
}

// A smooth 8-bit texture in [lo, lo + span]: a gradient along x, a wave along y and seeded
// noise, so it has both low and high frequencies.
cv::Mat texture(cv::Size size, int channels, double lo, double span, uint64_t seed) {
    cv::Mat f(size, CV_32FC(channels));
    cv::RNG rng(seed);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            for (int c = 0; c < channels; ++c)
                f.ptr<float>(y)[x * channels + c] =
                    float(0.45 * x / size.width + 0.3 * (0.5 + 0.5 * std::sin(y * 0.3 + c)) +
                          0.25 * rng.uniform(0.0, 1.0));
    cv::Mat out;
    f.convertTo(out, CV_8U, span, lo);
    return out;
}

ImageSample sampleOf(const cv::Mat& image, const std::string& label = "a") {
    ImageSample s;
    s.image = image.clone();
    s.label = label;
    return s;
}

// A folder holding `image` as ref.png (and nothing else).
std::string folderWith(const QTemporaryDir& dir, const cv::Mat& image,
                       const std::string& name = "ref.png") {
    const fs::path folder = fs::path(dir.path().toStdString()) / "refs";
    fs::create_directories(folder);
    cv::imwrite((folder / name).string(), image);
    return folder.string();
}

ImageSample runOnce(const Transform& t, const ImageSample& in, const RunContext* run, uint64_t seed,
                    Values* drawn = nullptr) {
    Sample s = cloneSample(in);
    Rng rng(seed);
    const Values v = t.draw(rng, SampleInfo::of(s, run));
    if (run)
        t.applyWith(s, v, *run);
    else
        t.apply(s, v);
    if (drawn)
        *drawn = v;
    return std::get<ImageSample>(std::move(s));
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// The amplitude of the DFT of a one-channel image at frequency (ky, kx).
double amplitudeAt(const cv::Mat& plane, int ky, int kx) {
    cv::Mat f, spectrum;
    plane.convertTo(f, CV_32F);
    cv::dft(f, spectrum, cv::DFT_COMPLEX_OUTPUT);
    const int y = (ky + f.rows) % f.rows, x = (kx + f.cols) % f.cols;
    const cv::Vec2f v = spectrum.at<cv::Vec2f>(y, x);
    return std::hypot(double(v[0]), double(v[1]));
}

// The reference transforms with parameters that make their change clearly visible.
std::vector<std::pair<const char*, const char*>> referenceTransforms() {
    return {{"image.fda", R"({"beta": [0.2, 0.2]})"},
            {"image.histogram_matching", R"({"blend_ratio": [1, 1]})"},
            {"image.pixel_distribution_adaptation",
             R"({"blend_ratio": [1, 1], "transform_type": "pca"})"},
            {"image.pixel_distribution_adaptation",
             R"({"blend_ratio": [1, 1], "transform_type": "standard"})"},
            {"image.pixel_distribution_adaptation",
             R"({"blend_ratio": [1, 1], "transform_type": "minmax"})"},
            {"image.template_transform", R"({"image_weight": [0.3, 0.3]})"}};
}

// The level below which a share q of the plane's values lie (a one-channel 8- or 16-bit
// plane).
double quantileOf(const cv::Mat& plane, double q) {
    cv::Mat sorted = plane.reshape(1, 1).clone();
    cv::sort(sorted, sorted, cv::SORT_ASCENDING | cv::SORT_EVERY_ROW);
    cv::Mat d;
    sorted.convertTo(d, CV_64F);
    return d.at<double>(0, std::min(int(d.total()) - 1, int(q * double(d.total()))));
}

} // namespace

class TestImageReference : public QObject {
    Q_OBJECT
private slots:
    // --- fda -------------------------------------------------------------------------------

    void fdaBetaZeroIsIdentity_data() {
        QTest::addColumn<double>("beta");
        QTest::newRow("beta 0") << 0.0;
        QTest::newRow("beta below one frequency") << 0.01; // floor(64 * 0.01) = 0
    }
    void fdaBetaZeroIsIdentity() {
        QFETCH(double, beta);
        QTemporaryDir dir;
        const cv::Mat ref = texture({64, 64}, 3, 20, 120, 7);
        const auto t = create(
            "image.fda", {{"folder", folderWith(dir, ref)}, {"beta", json::array({beta, beta})}});
        const ImageSample in = sampleOf(texture({64, 64}, 3, 100, 100, 3));
        Values v;
        const ImageSample out = runOnce(*t, in, nullptr, 1, &v);
        QCOMPARE(v.at("reference").get<std::string>(), std::string("ref.png"));
        QVERIFY(sameBytes(out.image, in.image));
    }

    void fdaMovesLowFrequencyAmplitudesToTheReference() {
        QTemporaryDir dir;
        // Mid-range values on both sides, so nothing clips and the spectra can be compared.
        const cv::Mat ref = texture({64, 64}, 1, 40, 80, 7);
        const cv::Mat own = texture({64, 64}, 1, 120, 90, 3);
        const auto t = create(
            "image.fda", {{"folder", folderWith(dir, ref)}, {"beta", json::array({0.1, 0.1})}});
        const ImageSample out = runOnce(*t, sampleOf(own), nullptr, 1);
        // border floor(64 * 0.1) = 6: frequencies |k| < 6 take the reference's amplitude.
        for (const auto& [ky, kx] :
             std::vector<std::pair<int, int>>{{0, 0}, {0, 1}, {1, 0}, {2, -3}, {-5, 5}}) {
            const double want = amplitudeAt(ref, ky, kx), was = amplitudeAt(own, ky, kx);
            const double got = amplitudeAt(out.image, ky, kx);
            // Rounding to 8 bits adds at most 0.5 per pixel: 0.5 * 64 * 64 / sqrt(12) at
            // one frequency, in practice far less; and the target differs clearly.
            QVERIFY2(std::abs(got - want) < 0.02 * want + 200,
                     qPrintable(QStringLiteral("(%1, %2): got %3 want %4 was %5")
                                    .arg(ky)
                                    .arg(kx)
                                    .arg(got)
                                    .arg(want)
                                    .arg(was)));
            if (ky == 0 && kx == 0)
                QVERIFY(std::abs(was - want) > 100000); // the DC term really moved
        }
        // Higher frequencies keep the sample's amplitude.
        for (const auto& [ky, kx] : std::vector<std::pair<int, int>>{{0, 12}, {20, 20}}) {
            const double want = amplitudeAt(own, ky, kx), got = amplitudeAt(out.image, ky, kx);
            QVERIFY2(
                std::abs(got - want) < 0.05 * want + 300,
                qPrintable(
                    QStringLiteral("(%1, %2): got %3 want %4").arg(ky).arg(kx).arg(got).arg(want)));
        }
        // The mean (DC) is the reference's.
        QVERIFY(std::abs(cv::mean(out.image)[0] - cv::mean(ref)[0]) < 1.0);
    }

    // --- histogram_matching ------------------------------------------------------------------

    void histogramMatchingFollowsTheReferenceCdf_data() {
        QTest::addColumn<int>("depth");
        QTest::newRow("8-bit") << CV_8U;
        QTest::newRow("16-bit") << CV_16U;
    }
    void histogramMatchingFollowsTheReferenceCdf() {
        QFETCH(int, depth);
        QTemporaryDir dir;
        const double scale = depth == CV_16U ? 257.0 : 1.0;
        // Reference: dark and narrow in blue, wide in green, bright in red; another size.
        std::vector<cv::Mat> planes = {texture({50, 40}, 1, 10, 60, 7),
                                       texture({50, 40}, 1, 0, 255, 8),
                                       texture({50, 40}, 1, 150, 100, 9)};
        cv::Mat ref;
        cv::merge(planes, ref);
        ref.convertTo(ref, CV_MAKETYPE(depth, 3), scale);
        cv::Mat own = texture({64, 48}, 3, 60, 150, 3);
        own.convertTo(own, CV_MAKETYPE(depth, 3), scale);
        const auto t =
            create("image.histogram_matching",
                   {{"folder", folderWith(dir, ref)}, {"blend_ratio", json::array({1.0, 1.0})}});
        const ImageSample out = runOnce(*t, sampleOf(own), nullptr, 1);
        std::vector<cv::Mat> got, want, was;
        cv::split(out.image, got);
        cv::split(ref, want);
        cv::split(own, was);
        // The CDF of each channel follows the reference's: at every quantile the levels agree
        // within 2/255 of full scale (the source's ties move as one level).
        for (int c = 0; c < 3; ++c)
            for (double q = 0.05; q < 0.96; q += 0.05) {
                const double a = quantileOf(got[size_t(c)], q), b = quantileOf(want[size_t(c)], q);
                QVERIFY2(std::abs(a - b) <= 2 * scale,
                         qPrintable(QStringLiteral("channel %1 q %2: %3 vs %4 (was %5)")
                                        .arg(c)
                                        .arg(q)
                                        .arg(a)
                                        .arg(b)
                                        .arg(quantileOf(was[size_t(c)], q))));
            }
        // The order of pixels is kept: matching is a monotone map of each channel.
        for (int c = 0; c < 3; ++c) {
            const cv::Mat& o = was[size_t(c)];
            const cv::Mat& g = got[size_t(c)];
            for (int i = 1; i < int(o.total()); i += 37) {
                const double o1 = o.depth() == CV_8U ? o.data[i - 1] : o.ptr<uint16_t>()[i - 1];
                const double o2 = o.depth() == CV_8U ? o.data[i] : o.ptr<uint16_t>()[i];
                const double g1 = g.depth() == CV_8U ? g.data[i - 1] : g.ptr<uint16_t>()[i - 1];
                const double g2 = g.depth() == CV_8U ? g.data[i] : g.ptr<uint16_t>()[i];
                if (o1 < o2)
                    QVERIFY(g1 <= g2);
            }
        }
    }

    void histogramMatchingBlendRatio() {
        QTemporaryDir dir;
        const std::string folder = folderWith(dir, texture({40, 40}, 3, 10, 60, 7));
        const ImageSample in = sampleOf(texture({40, 40}, 3, 120, 120, 3));
        const auto none = create("image.histogram_matching",
                                 {{"folder", folder}, {"blend_ratio", json::array({0.0, 0.0})}});
        QVERIFY(sameBytes(runOnce(*none, in, nullptr, 1).image, in.image));
        const auto full = create("image.histogram_matching",
                                 {{"folder", folder}, {"blend_ratio", json::array({1.0, 1.0})}});
        const auto half = create("image.histogram_matching",
                                 {{"folder", folder}, {"blend_ratio", json::array({0.5, 0.5})}});
        cv::Mat a, b, h;
        in.image.convertTo(a, CV_32F);
        runOnce(*full, in, nullptr, 1).image.convertTo(b, CV_32F);
        runOnce(*half, in, nullptr, 1).image.convertTo(h, CV_32F);
        // Half way between the original and the fully matched image (rounding: 1 level).
        QVERIFY(cv::norm(h, (a + b) * 0.5, cv::NORM_INF) <= 1.0);
        QVERIFY(cv::norm(a, b, cv::NORM_INF) > 50);
    }

    // --- pixel_distribution_adaptation -------------------------------------------------------

    void pdaMovesStatisticsToTheReference_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("standard") << "standard";
        QTest::newRow("minmax") << "minmax";
        QTest::newRow("pca") << "pca";
    }
    void pdaMovesStatisticsToTheReference() {
        QFETCH(QString, method);
        QTemporaryDir dir;
        // Mid-range sample, reference darker and narrower: nothing clips.
        const cv::Mat ref = texture({50, 40}, 3, 30, 70, 7);
        const cv::Mat own = texture({64, 48}, 3, 90, 140, 3);
        const auto t = create("image.pixel_distribution_adaptation",
                              {{"folder", folderWith(dir, ref)},
                               {"transform_type", method.toStdString()},
                               {"blend_ratio", json::array({1.0, 1.0})}});
        const ImageSample out = runOnce(*t, sampleOf(own), nullptr, 1);
        cv::Scalar gotMean, gotStd, wantMean, wantStd, wasMean, wasStd;
        cv::meanStdDev(out.image, gotMean, gotStd);
        cv::meanStdDev(ref, wantMean, wantStd);
        cv::meanStdDev(own, wasMean, wasStd);
        for (int c = 0; c < 3; ++c) {
            // Every method moves the mean to the reference's (PCA and standard exactly,
            // min-max through the range): rounding to 8 bits leaves half a level.
            const double tolerance = method == QLatin1String("minmax") ? 12.0 : 0.6;
            QVERIFY2(std::abs(gotMean[c] - wantMean[c]) < tolerance,
                     qPrintable(QStringLiteral("%1 channel %2: mean %3 want %4 was %5")
                                    .arg(method)
                                    .arg(c)
                                    .arg(gotMean[c])
                                    .arg(wantMean[c])
                                    .arg(wasMean[c])));
            if (method == QLatin1String("standard"))
                QVERIFY2(std::abs(gotStd[c] - wantStd[c]) < 0.6,
                         qPrintable(QStringLiteral("channel %1: std %2 want %3 was %4")
                                        .arg(c)
                                        .arg(gotStd[c])
                                        .arg(wantStd[c])
                                        .arg(wasStd[c])));
        }
        if (method == QLatin1String("minmax")) {
            std::vector<cv::Mat> got, want;
            cv::split(out.image, got);
            cv::split(ref, want);
            for (int c = 0; c < 3; ++c) {
                double a0, a1, b0, b1;
                cv::minMaxLoc(got[size_t(c)], &a0, &a1);
                cv::minMaxLoc(want[size_t(c)], &b0, &b1);
                QVERIFY(std::abs(a0 - b0) <= 1 && std::abs(a1 - b1) <= 1);
            }
        }
    }

    void pdaWithTheSampleAsReferenceKeepsIt_data() { pdaMovesStatisticsToTheReference_data(); }
    void pdaWithTheSampleAsReferenceKeepsIt() {
        QFETCH(QString, method);
        QTemporaryDir dir;
        const cv::Mat own = texture({64, 48}, 3, 90, 140, 3);
        const auto t = create("image.pixel_distribution_adaptation",
                              {{"folder", folderWith(dir, own)},
                               {"transform_type", method.toStdString()},
                               {"blend_ratio", json::array({1.0, 1.0})}});
        QVERIFY(cv::norm(runOnce(*t, sampleOf(own), nullptr, 1).image, own, cv::NORM_INF) <= 1);
    }

    // --- template_transform ------------------------------------------------------------------

    void templateBlendsByTheDrawnWeight() {
        QTemporaryDir dir;
        const cv::Mat templ = texture({64, 48}, 3, 0, 200, 7);
        const cv::Mat own = texture({64, 48}, 3, 50, 200, 3);
        const auto t =
            create("image.template_transform",
                   {{"folder", folderWith(dir, templ)}, {"image_weight", json::array({0.2, 0.8})}});
        for (uint64_t seed : {1u, 2u, 3u}) {
            Values v;
            const ImageSample out = runOnce(*t, sampleOf(own), nullptr, seed, &v);
            const double w = v.at("image_weight").get<double>();
            QVERIFY(w >= 0.2 && w <= 0.8);
            cv::Mat a, b, got;
            own.convertTo(a, CV_64F);
            templ.convertTo(b, CV_64F);
            out.image.convertTo(got, CV_64F);
            QVERIFY(cv::norm(got, a * w + b * (1 - w), cv::NORM_INF) <= 0.5 + 1e-9);
        }
        const auto keep =
            create("image.template_transform",
                   {{"folder", folderWith(dir, templ)}, {"image_weight", json::array({1.0, 1.0})}});
        QVERIFY(sameBytes(runOnce(*keep, sampleOf(own), nullptr, 1).image, own));
    }

    // --- overlay_elements --------------------------------------------------------------------

    void overlayLandsWhereDrawnAndUpdatesTheMask() {
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "elements";
        fs::create_directories(folder);
        // A 20x20 element whose alpha is a disc (radius 8), pure red.
        cv::Mat disc(20, 20, CV_8UC4, cv::Scalar(0, 0, 255, 0));
        cv::Mat alpha(20, 20, CV_8UC1, cv::Scalar(0));
        cv::circle(alpha, {10, 10}, 8, cv::Scalar(255), cv::FILLED);
        cv::insertChannel(alpha, disc, 3);
        cv::imwrite((folder / "disc.png").string(), disc);
        // A green 10x20 element without alpha, shaped by its mask file (left half).
        cv::imwrite((folder / "bar.png").string(), cv::Mat(10, 20, CV_8UC3, cv::Scalar(0, 255, 0)));
        cv::Mat barMask(10, 20, CV_8UC1, cv::Scalar(0));
        barMask(cv::Rect(0, 0, 10, 10)).setTo(255);
        cv::imwrite((folder / "bar_mask.png").string(), barMask);
        const auto t = create("image.overlay_elements", {{"folder", folder.string()},
                                                         {"count", json::array({3, 3})},
                                                         {"size", json::array({0.25, 0.25})},
                                                         {"mask_value", 7},
                                                         {"box_class", 2}});
        ImageSample in;
        in.image = cv::Mat(80, 100, CV_8UC3, cv::Scalar::all(0));
        in.mask = cv::Mat(80, 100, CV_8UC1, cv::Scalar(0));
        for (uint64_t seed : {1u, 2u, 3u, 4u}) {
            Values v;
            const ImageSample out = runOnce(*t, in, nullptr, seed, &v);
            QCOMPARE(v.at("elements").size(), size_t(3));
            QCOMPARE(out.boxes.size(), size_t(3));
            cv::Mat expectMask = cv::Mat::zeros(in.mask.size(), CV_8UC1);
            for (size_t k = 0; k < 3; ++k) {
                const nlohmann::json& e = v.at("elements")[k];
                const std::string name = e.at("name").get<std::string>();
                QVERIFY2(name == "disc.png" || name == "bar.png",
                         name.c_str()); // masks are no elements
                // Longer side 0.25 * 80 = 20 pixels, placed at x * (W - w), y * (H - h).
                const int w = 20, h = name == "disc.png" ? 20 : 10;
                const int ox = int(std::lround(e.at("x").get<double>() * (100 - w)));
                const int oy = int(std::lround(e.at("y").get<double>() * (80 - h)));
                const BoundingBox& b = out.boxes[k];
                QCOMPARE(b.classId, 2);
                if (name == "disc.png") {
                    QVERIFY(std::abs(b.x1 - (ox + 2)) <= 1 && std::abs(b.x2 - (ox + 19)) <= 1);
                    QVERIFY(std::abs(b.y1 - (oy + 2)) <= 1 && std::abs(b.y2 - (oy + 19)) <= 1);
                    cv::circle(expectMask, {ox + 10, oy + 10}, 6, cv::Scalar(255), cv::FILLED);
                } else {
                    QCOMPARE(b.x1, double(ox));
                    QCOMPARE(b.x2, double(ox + 10));
                    QCOMPARE(b.y1, double(oy));
                    QCOMPARE(b.y2, double(oy + 10));
                    expectMask(cv::Rect(ox + 1, oy + 1, 8, 8)).setTo(255);
                }
            }
            // Well inside every element the mask is 7 and the pixel is the element's colour.
            for (int y = 0; y < 80; ++y)
                for (int x = 0; x < 100; ++x)
                    if (expectMask.at<uint8_t>(y, x)) {
                        QCOMPARE(int(out.mask.at<uint8_t>(y, x)), 7);
                        const cv::Vec3b px = out.image.at<cv::Vec3b>(y, x);
                        QVERIFY(px[0] == 0 && (px[1] == 255 || px[2] == 255));
                    }
            // Outside every element's box nothing changed.
            cv::Mat outside(80, 100, CV_8UC1, cv::Scalar(255));
            for (const BoundingBox& b : out.boxes)
                outside(cv::Rect(cv::Point(int(b.x1) - 1, int(b.y1) - 1),
                                 cv::Point(int(b.x2) + 1, int(b.y2) + 1)) &
                        cv::Rect(0, 0, 100, 80))
                    .setTo(0);
            cv::Mat changed = (out.mask != 0) & outside;
            QCOMPARE(cv::countNonZero(changed), 0);
            cv::Mat grey;
            cv::cvtColor(out.image, grey, cv::COLOR_BGR2GRAY);
            QCOMPARE(cv::countNonZero((grey != 0) & outside), 0);
        }
    }

    void overlayWorksOnEveryType_data() {
        QTest::addColumn<int>("type");
        for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC3, CV_32FC3})
            QTest::newRow(qPrintable(QString::number(type))) << type;
    }
    void overlayWorksOnEveryType() {
        QFETCH(int, type);
        QTemporaryDir dir;
        const auto t = create("image.overlay_elements",
                              {{"folder", folderWith(dir, texture({40, 30}, 3, 10, 60, 9))},
                               {"size", json::array({1.0, 1.0})}});
        cv::Mat own = texture({48, 40}, CV_MAT_CN(type), 140, 100, 3);
        const double scale = CV_MAT_DEPTH(type) == CV_16U   ? 257.0
                             : CV_MAT_DEPTH(type) == CV_32F ? 1.0 / 255
                                                            : 1.0;
        own.convertTo(own, type, scale);
        const ImageSample out = runOnce(*t, sampleOf(own), nullptr, 2);
        QCOMPARE(out.image.type(), type);
        QCOMPARE(out.image.size(), own.size());
        QVERIFY(cv::mean(out.image)[0] < cv::mean(own)[0] - 20 * scale);
        // Without a folder nothing is pasted.
        const auto none = create("image.overlay_elements", json::object());
        QVERIFY(sameBytes(runOnce(*none, sampleOf(own), nullptr, 2).image, own));
    }

    // --- where references come from (every reference transform) -----------------------------

    void referenceTransforms_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("strength"); // parameters that make the change visible
        for (const auto& [id, strength] : referenceTransforms())
            QTest::newRow(
                qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(id), QLatin1String(strength))))
                << QString::fromLatin1(id) << QString::fromLatin1(strength);
    }

    void partnerIsTheReferenceWithoutAFolder_data() { referenceTransforms_data(); }
    void partnerIsTheReferenceWithoutAFolder() {
        QFETCH(QString, id);
        QFETCH(QString, strength);
        const auto t = create(id.toStdString(), json::parse(strength.toStdString()));
        const ImageSample in = sampleOf(texture({48, 40}, 3, 140, 100, 3), "cat");
        MemoryPartnerSource::Keyed partners;
        partners.emplace_back("dogs/d1.png", sampleOf(texture({30, 50}, 3, 10, 60, 9), "dog"));
        RunContext run;
        run.partners = std::make_shared<MemoryPartnerSource>(std::move(partners));
        run.itemKey = "cats/c1.png";
        Values v;
        const ImageSample out = runOnce(*t, in, &run, 5, &v);
        QVERIFY(v.at("reference").is_null());
        QCOMPARE(v.at("partners").size(), size_t(1));
        QCOMPARE(v.at("partners")[0].at("key").get<std::string>(), std::string("dogs/d1.png"));
        QCOMPARE(v.at("partners")[0].at("weight").get<double>(), 0.0);
        QCOMPARE(out.image.type(), in.image.type());
        QCOMPARE(out.image.size(), in.image.size());
        // The partner is darker: the sample moves towards it.
        QVERIFY2(cv::mean(out.image)[0] < cv::mean(in.image)[0] - 5, qPrintable(id));
        // Same seed, same bytes; and outside a run (no partner) the sample stays as it is.
        QVERIFY(sameBytes(runOnce(*t, in, &run, 5).image, out.image));
        QVERIFY(sameBytes(runOnce(*t, in, nullptr, 5).image, in.image));
        RunContext empty;
        QVERIFY(sameBytes(runOnce(*t, in, &empty, 5).image, in.image));
    }

    void folderReferenceWorksOnEveryType_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("strength");
        QTest::addColumn<int>("type");
        for (const auto& [id, strength] : referenceTransforms())
            for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC3, CV_32FC3})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(id)).arg(type)))
                    << QString::fromLatin1(id) << QString::fromLatin1(strength) << type;
    }
    void folderReferenceWorksOnEveryType() {
        QFETCH(QString, id);
        QFETCH(QString, strength);
        QFETCH(int, type);
        QTemporaryDir dir;
        json params = json::parse(strength.toStdString());
        params["folder"] = folderWith(dir, texture({40, 30}, 3, 10, 60, 9));
        const auto t = create(id.toStdString(), params);
        cv::Mat own = texture({48, 40}, CV_MAT_CN(type), 140, 100, 3);
        const double scale = CV_MAT_DEPTH(type) == CV_16U   ? 257.0
                             : CV_MAT_DEPTH(type) == CV_32F ? 1.0 / 255
                                                            : 1.0;
        own.convertTo(own, type, scale);
        if (CV_MAT_CN(type) == 4) {
            std::vector<cv::Mat> planes;
            cv::split(own, planes);
            planes[3].setTo(77); // alpha must come out as it went in
            cv::merge(planes, own);
        }
        const ImageSample in = sampleOf(own);
        const ImageSample out = runOnce(*t, in, nullptr, 2);
        QCOMPARE(out.image.type(), type);
        QCOMPARE(out.image.size(), in.image.size());
        QVERIFY2(cv::mean(out.image)[0] < cv::mean(in.image)[0] - 5 * scale, qPrintable(id));
        if (CV_MAT_CN(type) == 4) {
            cv::Mat alpha;
            cv::extractChannel(out.image, alpha, 3);
            QCOMPARE(cv::countNonZero(alpha != 77), 0);
        }
        if (CV_MAT_DEPTH(type) == CV_32F) {
            double lo = 0, hi = 0;
            cv::minMaxLoc(out.image.reshape(1), &lo, &hi);
            QVERIFY(lo >= 0.0 && hi <= 1.0);
        }
    }

    // --- the folder: read through the codecs, bad input named -------------------------------

    void folderErrorsNameTheFileOrFolder() {
        QTemporaryDir dir;
        const fs::path root(dir.path().toStdString());
        // No such folder: refused at load, the folder named.
        try {
            create("image.fda", {{"folder", (root / "missing").string()}});
            QFAIL("a missing folder was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("missing") != std::string::npos, e.what());
        }
        // No image source given at load.
        try {
            create("image.fda", {{"folder", root.string()}}, LoadContext{});
            QFAIL("a folder without an image source was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("no image source") != std::string::npos, e.what());
        }
        // A PNG whose header is intact but whose pixels are cut off: listed, and reading it
        // fails naming the file.
        fs::create_directories(root / "bad");
        std::vector<unsigned char> png;
        cv::imencode(".png", texture({32, 32}, 3, 0, 255, 1), png);
        {
            std::ofstream f(root / "bad" / "cut.png", std::ios::binary);
            f.write(reinterpret_cast<const char*>(png.data()), std::streamsize(png.size() / 3));
        }
        const auto t = create("image.fda", {{"folder", (root / "bad").string()}});
        try {
            runOnce(*t, sampleOf(texture({16, 16}, 3, 0, 255, 2)), nullptr, 1);
            QFAIL("a cut-off reference was read");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find("cut.png") != std::string::npos, e.what());
        }
    }

    void folderPixelLimitIsTheRunsLimit() {
        QTemporaryDir dir;
        ReadLimits limits;
        limits.maxMegapixels = 0.001; // 1000 pixels
        LoadContext load;
        load.images = std::make_shared<FolderImageSource>(limits);
        const auto t = create("image.fda",
                              {{"folder", folderWith(dir, texture({64, 64}, 3, 0, 255, 1))},
                               {"beta", json::array({0.2, 0.2})}},
                              load);
        try {
            runOnce(*t, sampleOf(texture({16, 16}, 3, 0, 255, 2)), nullptr, 1);
            QFAIL("a reference over the pixel limit was read");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find("ref.png") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("pixel limit") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestImageReference)
#include "tst_image_reference.moc"

// The image preview builds its pictures on the render worker at the size shown: at fit zoom a
// picture larger than the view arrives reduced (area-averaged, in the pixmap's format) and
// the GUI thread only wraps it; once the user zooms, the preview renders at full resolution
// and shows exactly core's pixels.
#include "core/catalog/builtin.h"
#include "core/io/itemfile.h"
#include "core/random/rng.h"
#include "ui/preview/displayimage.h"
#include "ui/preview/imagepreview.h"
#include "ui/preview/previewpanel.h"

#include <QGraphicsPixmapItem>
#include <QGraphicsView>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace augstudio;
using namespace augstudio::ui;
using json = nlohmann::json;

namespace {

// A picture with smooth gradients and discs: its reductions compare within a few levels.
cv::Mat bigPicture(int width, int height) {
    cv::Mat m(height, width, CV_8UC3);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) =
                cv::Vec3b(uchar(x * 255 / width), uchar(y * 255 / height), uchar((x + y) % 256));
    core::Rng rng(3);
    for (int i = 0; i < 30; ++i)
        cv::circle(m, {int(rng.integer(0, width - 1)), int(rng.integer(0, height - 1))},
                   int(rng.integer(width / 40, width / 8)),
                   cv::Scalar(double(rng.integer(0, 255)), double(rng.integer(0, 255)),
                              double(rng.integer(0, 255))),
                   -1);
    return m;
}

json pipelineOf(const json& steps) {
    return {{"version", 1}, {"modality", "image"}, {"seed", 9}, {"steps", steps}};
}

json flipRotate() {
    return pipelineOf(json::array(
        {{{"transform", "image.hflip"}, {"p", 1.0}},
         {{"transform", "image.rotate"}, {"p", 1.0}, {"params", {{"degrees", {-20, 20}}}}}}));
}

// The export's output for `file` (the CLI's key: the file name), copy 0.
cv::Mat exported(const QString& file, const json& doc) {
    const core::ItemFile item = core::readItemFile(file.toStdString(), core::Modality::Image, {});
    core::Sample s = core::cloneSample(item.samples[0]);
    const core::Pipeline pipeline = core::pipelineFromJson(doc);
    pipeline.run(s, core::deriveSeed(pipeline.seed(), "big.png", 0));
    return std::get<core::ImageSample>(s).image;
}

// The QImage's pixels as a BGR Mat.
cv::Mat bgrOf(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_BGR888);
    return cv::Mat(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                   size_t(rgb.bytesPerLine()))
        .clone();
}

} // namespace

class TestStudioViewScale : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString file_;

    PreviewResult show(PreviewPanel& panel, const json& doc) {
        QSignalSpy spy(&panel, &PreviewPanel::rendered);
        panel.setPipeline(doc);
        PreviewSource source;
        source.file = file_.toStdString();
        source.modality = core::Modality::Image;
        if (panel.lastResult().request.source.file != source.file)
            panel.setSource(source);
        while (spy.isEmpty() || panel.scheduler()->busy())
            if (!spy.wait(30000))
                break;
        return panel.lastResult();
    }

private slots:
    void initTestCase() {
        file_ = dir_.filePath(QStringLiteral("big.png"));
        cv::imwrite(file_.toStdString(), bigPicture(2400, 1600));
    }

    // A step whose look depends on pixel size (a blur kernel) renders at full resolution,
    // then the worker reduces the picture: exactly the export's output reduced.
    void blurRendersAtFullResolutionThenReduces() {
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const json doc =
            pipelineOf(json::array({{{"transform", "image.hflip"}, {"p", 1.0}},
                                    {{"transform", "image.gaussian_blur"}, {"p", 1.0}}}));
        const PreviewResult r = show(panel, doc);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        ImagePreview* view = panel.imagePreview();
        QVERIFY(view->atFitZoom());
        QCOMPARE(r.sampleScale, 1.0);
        QVERIFY(!view->reducedRender());
        QVERIFY(!view->findChild<QLabel*>(QStringLiteral("zoomInfo"))
                     ->text()
                     .contains(QLatin1String("size shown")));
        QCOMPARE(std::get<core::ImageSample>(*r.augmented).image.cols, 2400);
        const double scale = r.pictures.scale;
        QVERIFY2(scale > 0.05 && scale < 0.5, qPrintable(QString::number(scale)));
        QCOMPARE(scale, view->zoom()); // built at the zoom shown
        const cv::Size shown = displayimage::scaledSize({2400, 1600}, scale);
        QCOMPARE(view->augmentedImage().size(), QSize(shown.width, shown.height));
        QCOMPARE(view->augmentedImage().format(), QImage::Format_RGB32);
        QCOMPARE(r.pictures.original.size(), QSize(shown.width, shown.height));
        // The reduced picture is the export's output reduced by area averaging.
        cv::Mat want;
        cv::resize(exported(file_, doc), want, shown, 0, 0, cv::INTER_AREA);
        QCOMPARE(cv::norm(bgrOf(view->augmentedImage()), want, cv::NORM_INF), 0.0);
        // The scene stays in full-resolution pixels: the pixmap is drawn 1/scale larger.
        auto* graphics = view->findChild<QGraphicsView*>(QStringLiteral("augmentedView"));
        QCOMPARE(graphics->sceneRect(), QRectF(0, 0, 2400, 1600));
        QGraphicsPixmapItem* pixmap = nullptr;
        for (QGraphicsItem* item : graphics->scene()->items())
            if (auto* p = qgraphicsitem_cast<QGraphicsPixmapItem*>(item))
                pixmap = p;
        QVERIFY(pixmap);
        QCOMPARE(pixmap->pixmap().size(), QSize(shown.width, shown.height));
        QVERIFY(std::abs(pixmap->sceneBoundingRect().width() - 2400) < 2400 * 0.01);
    }

    // hflip + rotate at fit zoom: one warp from the reduced source straight to the size
    // shown, with the export's drawn values; the picture is the export reduced, within
    // resampling error, and the view says it is rendered at the size shown.
    void geometryRendersAtTheSizeShown() {
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const json doc = flipRotate();
        const PreviewResult r = show(panel, doc);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        ImagePreview* view = panel.imagePreview();
        const double scale = r.pictures.scale;
        QVERIFY(scale < 0.5);
        QCOMPARE(r.sampleScale, scale);
        QVERIFY(view->reducedRender());
        const auto* info = view->findChild<QLabel*>(QStringLiteral("zoomInfo"));
        QVERIFY(info && info->text().contains(QLatin1String("rendered at the size shown")));
        const cv::Size shown = displayimage::scaledSize({2400, 1600}, scale);
        const cv::Mat& got = std::get<core::ImageSample>(*r.augmented).image;
        QCOMPARE(got.size(), shown);
        QCOMPARE(r.augmentedSize, QSize(2400, 1600));
        // The same draws as the export.
        const core::Pipeline pipeline = core::pipelineFromJson(doc);
        const core::ItemFile item =
            core::readItemFile(file_.toStdString(), core::Modality::Image, {});
        core::Sample full = core::cloneSample(item.samples[0]);
        const core::RunResult exportRun =
            pipeline.run(full, core::deriveSeed(pipeline.seed(), "big.png", 0));
        QCOMPARE(r.run.stepsJson(), exportRun.stepsJson());
        QVERIFY(std::abs(exportRun.steps[1].values["angle"].get<double>()) > 1);
        cv::Mat want;
        cv::resize(std::get<core::ImageSample>(full).image, want, shown, 0, 0, cv::INTER_AREA);
        const cv::Mat shownPixels = bgrOf(view->augmentedImage());
        const double psnr = cv::PSNR(shownPixels, want);
        const double mean = cv::norm(shownPixels, want, cv::NORM_L1) / double(want.total() * 3);
        qInfo("reduced render against the export reduced: PSNR %.1f dB, mean |diff| %.2f", psnr,
              mean);
        QVERIFY2(psnr > 30 && mean < 2.0, qPrintable(QString::number(psnr)));
        // Not the unrotated picture: a wrong angle would be far off.
        cv::Mat flipped;
        cv::flip(std::get<core::ImageSample>(item.samples[0]).image, flipped, 1);
        cv::resize(flipped, flipped, shown, 0, 0, cv::INTER_AREA);
        QVERIFY(cv::PSNR(shownPixels, flipped) < psnr - 5);
    }

    void zoomingInShowsTheExportedPixels() {
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const json doc = flipRotate();
        show(panel, doc);
        ImagePreview* view = panel.imagePreview();
        QVERIFY(panel.lastResult().pictures.scale < 1);
        auto* graphics = view->findChild<QGraphicsView*>(QStringLiteral("augmentedView"));
        QSignalSpy spy(&panel, &PreviewPanel::rendered);
        QWheelEvent wheel(QPointF(50, 50), graphics->viewport()->mapToGlobal(QPointF(50, 50)),
                          QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                          false);
        QCoreApplication::sendEvent(graphics->viewport(), &wheel);
        QVERIFY(!view->atFitZoom());
        QVERIFY(spy.wait(30000));
        const PreviewResult& r = panel.lastResult();
        QCOMPARE(r.pictures.scale, 1.0);
        QCOMPARE(view->shownScale(), 1.0);
        const cv::Mat want = exported(file_, doc);
        QCOMPARE(view->augmentedImage().size(), QSize(want.cols, want.rows));
        QCOMPARE(cv::norm(bgrOf(view->augmentedImage()), want, cv::NORM_INF), 0.0);
        // A double click fits again and renders at the shown size.
        QSignalSpy again(&panel, &PreviewPanel::rendered);
        view->fitToWindow();
        QVERIFY(view->atFitZoom());
        QVERIFY(again.wait(30000));
        QVERIFY(panel.lastResult().pictures.scale < 1);
    }
};

QTEST_MAIN(TestStudioViewScale)
#include "tst_studio_view_scale.moc"

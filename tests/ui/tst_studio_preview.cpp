// Live preview: a parameter change re-renders off the GUI thread, the shown result is
// exactly core's output for that item and seed, stale renders are dropped, and every
// modality's view shows the demo items.
#include "core/catalog/builtin.h"
#include "core/catalog/presets.h"
#include "core/dataset/dataset.h"
#include "core/io/image/imagefile.h"
#include "core/io/itemfile.h"
#include "core/random/rng.h"
#include "core/util/error.h"
#include "ui/dataset/datasetpanel.h"
#include "ui/pipeline/pipelinemodel.h"
#include "ui/preview/audiopreview.h"
#include "ui/preview/displayimage.h"
#include "ui/preview/imagepreview.h"
#include "ui/preview/previewpanel.h"
#include "ui/preview/seriespreview.h"
#include "ui/preview/textpreview.h"
#include "ui/studio/mainwindow.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>
#include <qcustomplot.h>

using namespace augstudio;
using namespace augstudio::ui;
using json = nlohmann::json;
using Pointer = json::json_pointer;

namespace {

cv::Mat photo(int w, int h) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) =
                cv::Vec3b(uchar(x * 255 / w), uchar(y * 255 / h), uchar((x ^ y) & 255));
    cv::circle(m, {w / 3, h / 2}, h / 5, cv::Scalar(255, 255, 255), -1);
    return m;
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    for (int y = 0; y < a.rows; ++y)
        if (std::memcmp(a.ptr(y), b.ptr(y), size_t(a.cols) * a.elemSize()) != 0)
            return false;
    return true;
}

} // namespace

class TestStudioPreview : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString imagePath_;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("augstudio-tests"));
        QSettings().clear();
        imagePath_ = dir_.filePath(QStringLiteral("photo.png"));
        core::writeImage(imagePath_.toStdString(), photo(320, 240));
    }

    void parameterChangeShowsCoresOutput() {
        PipelineModel model(core::Modality::Image);
        PreviewPanel panel;
        panel.resize(900, 600);
        // Shown and laid out before the first request: a render at fit zoom uses the view's
        // size, and a hidden panel's views get theirs whenever a layout pass happens to run
        // (under load, after a request, which then renders reduced and the bytes below differ).
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QObject::connect(&model, &PipelineModel::documentChanged, &panel,
                         [&] { panel.setPipeline(model.document()); });
        model.addStep("image.rotate");
        model.setField(Pointer("/steps/0/p"), 1.0);
        model.setField(Pointer("/steps/0/params/degrees"), json::array({10, 10}));
        QSignalSpy rendered(&panel, &PreviewPanel::rendered);
        PreviewSource source;
        source.file = imagePath_.toStdString();
        source.modality = core::Modality::Image;
        panel.setSource(source);
        QTRY_VERIFY_WITH_TIMEOUT(rendered.count() >= 1, 10000);
        QVERIFY2(panel.lastResult().error.isEmpty(), qPrintable(panel.lastResult().error));
        const QImage first = panel.imagePreview()->augmentedImage().copy();

        // Move the parameter: the augmented side changes.
        model.setField(Pointer("/steps/0/params/degrees"), json::array({25, 25}));
        QTRY_VERIFY_WITH_TIMEOUT(panel.lastResult().request.pipeline == model.document(), 10000);
        const PreviewResult& r = panel.lastResult();
        QVERIFY(r.error.isEmpty());
        QVERIFY(panel.imagePreview()->augmentedImage() != first);
        QCOMPARE(r.run.steps.at(0).values["angle"].get<double>(), 25.0);

        // Exactly what core produces for this item (the CLI's key: the file name) and seed.
        const core::ItemFile item =
            core::readItemFile(imagePath_.toStdString(), core::Modality::Image, {});
        core::Sample expected = core::cloneSample(item.samples[0]);
        const core::Pipeline pipeline = core::pipelineFromJson(model.document());
        const uint64_t seed = core::deriveSeed(pipeline.seed(), "photo.png", 0);
        QCOMPARE(r.seed, seed);
        pipeline.run(expected, seed);
        const cv::Mat& got = std::get<core::ImageSample>(*r.augmented).image;
        QVERIFY(sameBytes(got, std::get<core::ImageSample>(expected).image));
        // And the picture on screen is those bytes (in the pixmap's format, at full size).
        QCOMPARE(panel.imagePreview()->shownScale(), 1.0);
        QCOMPARE(panel.imagePreview()->augmentedImage(),
                 displayimage::picture(std::get<core::ImageSample>(expected).image));
        QVERIFY(panel.drawnValuesText().contains(QLatin1String("rotate")));

        // Re-roll shows copy 1: export's second copy of this item.
        model.setField(Pointer("/steps/0/params/degrees"), json::array({-30, 30}));
        QTRY_VERIFY_WITH_TIMEOUT(panel.lastResult().request.pipeline == model.document(), 10000);
        const double angle0 = panel.lastResult().run.steps[0].values["angle"].get<double>();
        panel.reroll();
        QTRY_COMPARE_WITH_TIMEOUT(panel.lastResult().request.copyIndex, uint64_t(1), 10000);
        QCOMPARE(panel.lastResult().seed, core::deriveSeed(pipeline.seed(), "photo.png", 1));
        QVERIFY(panel.lastResult().run.steps[0].values["angle"].get<double>() != angle0);
        // Locked: re-roll does nothing.
        panel.setSeedLocked(true);
        panel.reroll();
        QCOMPARE(panel.copyIndex(), uint64_t(1));
    }

    void latestWinsAndStaleResultsAreDropped() {
        PreviewScheduler scheduler;
        QSignalSpy ready(&scheduler, &PreviewScheduler::ready);
        PreviewSource source;
        source.file = imagePath_.toStdString();
        source.modality = core::Modality::Image;
        json doc = PipelineModel::emptyDocument(core::Modality::Image);
        doc["steps"] = json::array({{{"transform", "image.rotate"}, {"p", 1.0}}});
        for (int i = 0; i < 30; ++i) {
            doc["steps"][0]["params"]["degrees"] = json::array({i, i});
            scheduler.request({source, doc, 0, 0, {}, {}});
        }
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler.busy(), 10000);
        QTest::qWait(50);
        // Only current results reach the view: the last request's, maybe one earlier that
        // was current when it finished; never a stale one after a newer one.
        QVERIFY(ready.count() >= 1);
        QVERIFY(ready.count() <= 2);
        const auto last = ready.last().at(0).value<PreviewResult>();
        QCOMPARE(last.ticket, scheduler.latestTicket());
        QCOMPARE(last.run.steps[0].values["angle"].get<double>(), 29.0);
        QVERIFY(scheduler.droppedCount() >= 28 - 1);
    }

    void errorsNameTheFile() {
        PreviewPanel panel;
        panel.setPipeline(PipelineModel::emptyDocument(core::Modality::Image));
        QSignalSpy failed(panel.scheduler(), &PreviewScheduler::failed);
        PreviewSource source;
        source.file = dir_.filePath(QStringLiteral("missing.png")).toStdString();
        panel.setSource(source);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("missing.png")),
                 qPrintable(failed.at(0).at(0).toString()));
    }

    void everyModalityShowsTheDemo_data() {
        QTest::addColumn<QString>("sub");
        QTest::newRow("image") << "image";
        QTest::newRow("audio") << "audio";
        QTest::newRow("series") << "series";
        QTest::newRow("text") << "text";
    }
    void everyModalityShowsTheDemo() {
        QFETCH(QString, sub);
        MainWindow window;
        window.setQuiet(true);
        window.resize(1400, 900);
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        QSignalSpy rendered(window.previewPanel(), &PreviewPanel::rendered);
        window.openDataset(MainWindow::demoDirectory() + QLatin1Char('/') + sub);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        const core::Modality m = window.currentModality();
        // The medium preset (whatever of it exists in this build), with every p at 1.
        json doc = core::strengthPreset(m, "medium");
        for (auto& s : doc["steps"])
            s["p"] = 1.0;
        window.currentModel()->replaceDocument(doc, QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(window.previewPanel()->lastResult().request.pipeline ==
                                         window.currentModel()->document() &&
                                     window.previewPanel()->lastResult().augmented,
                                 20000);
        const PreviewResult& r = window.previewPanel()->lastResult();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        // Equal to core's output for that item and seed.
        const auto dataset = window.currentDataset();
        const core::DatasetItem* item = nullptr;
        for (const auto& it : dataset->items)
            if (it.key == r.key)
                item = &it;
        QVERIFY(item);
        core::Sample expected = core::loadItem(*dataset, *item, {});
        const core::Pipeline pipeline = core::pipelineFromJson(doc);
        pipeline.run(expected, core::deriveSeed(pipeline.seed(), item->key, 0));
        switch (m) {
        case core::Modality::Image:
            QVERIFY(sameBytes(std::get<core::ImageSample>(*r.augmented).image,
                              std::get<core::ImageSample>(expected).image));
            // The picture on screen is core's bytes.
            QCOMPARE(window.previewPanel()->imagePreview()->shownScale(), 1.0);
            QCOMPARE(window.previewPanel()->imagePreview()->augmentedImage(),
                     displayimage::picture(std::get<core::ImageSample>(expected).image));
            break;
        case core::Modality::Audio: {
            QCOMPARE(std::get<core::AudioSample>(*r.augmented).channels,
                     std::get<core::AudioSample>(expected).channels);
            AudioPreview* a = window.previewPanel()->audioPreview();
            // Each side's waveform is the min/max of the first channel per bucket of frames,
            // buckets equal in length and centred on their times: computed here from the
            // samples shown (original) and from core's output (augmented).
            const core::Sample original = core::loadItem(*dataset, *item, {});
            const std::vector<float>* sides[2] = {
                &std::get<core::AudioSample>(original).channels.at(0),
                &std::get<core::AudioSample>(expected).channels.at(0)};
            const int rate = std::get<core::AudioSample>(expected).sampleRate;
            for (int side = 0; side < 2; ++side) {
                const std::vector<float>& x = *sides[side];
                QCPGraph* hi = a->waveform(side)->graph(0);
                QCPGraph* lo = a->waveform(side)->graph(1);
                const int n = hi->dataCount();
                QVERIFY(n > 100);
                QCOMPARE(lo->dataCount(), n);
                const double bucketSeconds = hi->data()->at(0)->key * 2;
                const int64_t per = std::llround(bucketSeconds * rate);
                QVERIFY(per >= 1);
                QCOMPARE(int64_t(n), (int64_t(x.size()) + per - 1) / per);
                for (int i = 0; i < n; ++i) {
                    const auto first = x.begin() + int64_t(i) * per;
                    const auto last =
                        x.begin() + std::min<int64_t>(int64_t(x.size()), (int64_t(i) + 1) * per);
                    QCOMPARE(hi->data()->at(i)->key, (i + 0.5) * bucketSeconds);
                    QCOMPARE(hi->data()->at(i)->value, double(*std::max_element(first, last)));
                    QCOMPARE(lo->data()->at(i)->value, double(*std::min_element(first, last)));
                }
            }
            // Linked time axes: zooming one moves all four.
            a->waveform(0)->xAxis->setRange(0.1, 0.3);
            QCOMPARE(a->spectrogram(1)->xAxis->range().lower, 0.1);
            QCOMPARE(a->waveform(1)->xAxis->range().upper, 0.3);
            break;
        }
        case core::Modality::Series: {
            const auto& s = std::get<core::SeriesSample>(*r.augmented);
            const auto& e = std::get<core::SeriesSample>(expected);
            QVERIFY(sameBytes(s.values, e.values));
            SeriesPreview* p = window.previewPanel()->seriesPreview();
            const core::Sample loaded = core::loadItem(*dataset, *item, {});
            const auto& original = std::get<core::SeriesSample>(loaded);
            // Each curve is one channel, point for point: time (or step), value.
            auto sameCurve = [](QCPGraph* g, const core::SeriesSample& x, int c) {
                if (g->dataCount() != x.steps())
                    return false;
                for (int r = 0; r < x.steps(); ++r) {
                    const double t =
                        size_t(r) < x.timestamps.size() ? x.timestamps[size_t(r)] : double(r);
                    const double v = x.values.at<double>(r, c);
                    const auto d = g->data()->at(r);
                    if (d->key != t || !(d->value == v || (std::isnan(v) && std::isnan(d->value))))
                        return false;
                }
                return true;
            };
            // Overlay: the original's channels, then the augmented ones, in one plot.
            QCOMPARE(p->plot(0)->graphCount(), 2 * s.channelCount());
            for (int c = 0; c < s.channelCount(); ++c) {
                QVERIFY(sameCurve(p->plot(0)->graph(c), original, c));
                QVERIFY(sameCurve(p->plot(0)->graph(s.channelCount() + c), e, c));
            }
            p->setStacked(true);
            QCOMPARE(p->plot(0)->graphCount(), s.channelCount());
            QCOMPARE(p->plot(1)->graphCount(), s.channelCount());
            for (int c = 0; c < s.channelCount(); ++c) {
                QVERIFY(sameCurve(p->plot(0)->graph(c), original, c));
                QVERIFY(sameCurve(p->plot(1)->graph(c), e, c));
            }
            p->plot(1)->xAxis->setRange(10, 50);
            QCOMPARE(p->plot(0)->xAxis->range().lower, 10.0);
            break;
        }
        case core::Modality::Text: {
            const QString text = QString::fromStdString(std::get<core::TextSample>(expected).text);
            QCOMPARE(window.previewPanel()->textPreview()->augmentedText().simplified(),
                     text.simplified());
            break;
        }
        }
    }
};

QTEST_MAIN(TestStudioPreview)
#include "tst_studio_preview.moc"

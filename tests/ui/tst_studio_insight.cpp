// The strength and health panels show core's numbers for the same input, and their
// findings open what they name: a flagged draw opens its copy in the preview, a health
// finding's item is selected in the dataset panel.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/health/healthcheck.h"
#include "core/random/rng.h"
#include "core/strength/similarity.h"
#include "core/strength/strengthmeasure.h"
#include "ui/dataset/datasetpanel.h"
#include "ui/health/healthpanel.h"
#include "ui/pipeline/pipelinemodel.h"
#include "ui/pipeline/pipelinepanel.h"
#include "ui/plots/histogramplot.h"
#include "ui/preview/previewpanel.h"
#include "ui/strength/strengthpanel.h"
#include "ui/studio/mainwindow.h"

#include <QDirIterator>
#include <QFile>
#include <QListWidget>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace augstudio;
using namespace augstudio::ui;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

cv::Mat picture(int pattern) {
    cv::Mat m(40, 56, CV_8UC3);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar((x * (pattern + 1) * 9 + y) % 256),
                                              uchar((y * (pattern + 2) * 7) % 256),
                                              uchar(((x ^ y) * (pattern + 5)) % 256));
    return m;
}

json rotatePipeline() {
    return {{"version", 1},
            {"modality", "image"},
            {"seed", 11},
            {"steps", json::array({{{"transform", "image.hflip"}, {"p", 0.5}},
                                   {{"transform", "image.rotate"},
                                    {"p", 0.6},
                                    {"params", {{"degrees", json::array({-40, 40})}}}}})}};
}

// A split dataset with one item copied from train into test (a leak).
fs::path leakyDataset(const QTemporaryDir& dir) {
    const fs::path root = dir.path().toStdString();
    for (int i = 0; i < 6; ++i) {
        fs::create_directories(root / "train" / "a");
        cv::imwrite((root / "train" / "a" / ("a" + std::to_string(i) + ".png")).string(),
                    picture(i));
    }
    fs::create_directories(root / "train" / "b");
    cv::imwrite((root / "train" / "b" / "b0.png").string(), picture(20));
    fs::create_directories(root / "test" / "a");
    fs::copy_file(root / "train" / "a" / "a3.png", root / "test" / "a" / "copy.png");
    return root;
}

} // namespace

class TestStudioInsight : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void strengthPanelShowsCoreNumbers() {
        StrengthPanel panel;
        core::ImageSample image;
        image.image = picture(1);
        const auto original = std::make_shared<const core::Sample>(image);
        panel.setInput({original, "a/x.png", rotatePipeline(), nullptr});
        panel.samplesBox()->setValue(48);
        panel.minSimilarityBox()->setValue(0.4);
        QSignalSpy measured(&panel, &StrengthPanel::measured);
        panel.measure();
        QTRY_COMPARE_WITH_TIMEOUT(measured.count(), 1, 20000);

        core::StrengthOptions o;
        o.samples = 48;
        o.minSimilarity = 0.4;
        const core::StrengthReport expected = core::measureStrength(
            core::pipelineFromJson(rotatePipeline()), *original, "a/x.png", {}, o);
        QVERIFY(panel.report());
        QCOMPARE(panel.report()->toJson(), expected.toJson());
        // The views hold those numbers.
        std::vector<double> counts;
        for (const auto& b : expected.similarity.bins)
            counts.push_back(double(b.count));
        QCOMPARE(panel.similarityPlot()->barHeights(), counts);
        QCOMPARE(panel.flaggedList()->count(),
                 int(expected.tooWeak.size() + expected.tooStrong.size()));
        QVERIFY(!expected.tooWeak.empty() && !expected.tooStrong.empty());
        QCOMPARE(panel.stepTree()->topLevelItemCount(), 2);
        QCOMPARE(panel.stepTree()->topLevelItem(1)->text(1),
                 QStringLiteral("%1 of 48 (%2%)")
                     .arg(expected.steps[1].applied)
                     .arg(QString::number(100.0 * expected.steps[1].appliedShare, 'f', 0)));
        // The angle's histogram is the one drawn when its row is current.
        panel.stepTree()->setCurrentItem(panel.stepTree()->topLevelItem(1)->child(0));
        std::vector<double> angles;
        for (const auto& b : expected.steps[1].parameters[0].histogram.bins)
            angles.push_back(double(b.count));
        QCOMPARE(panel.parameterPlot()->barHeights(), angles);
        // A flagged draw opens its copy.
        QSignalSpy opened(&panel, &StrengthPanel::drawActivated);
        QListWidgetItem* last = panel.flaggedList()->item(panel.flaggedList()->count() - 1);
        emit panel.flaggedList()->itemActivated(last);
        QCOMPARE(opened.count(), 1);
        const quint64 copy = opened.at(0).at(0).toULongLong();
        QVERIFY(std::find(expected.tooWeak.begin(), expected.tooWeak.end(), copy) !=
                    expected.tooWeak.end() ||
                std::find(expected.tooStrong.begin(), expected.tooStrong.end(), copy) !=
                    expected.tooStrong.end());
        QVERIFY(last->text().startsWith(QStringLiteral("copy %1:").arg(copy)));
    }

    void healthPanelShowsCoreFindings() {
        QTemporaryDir dir;
        const fs::path root = leakyDataset(dir);
        auto dataset = std::make_shared<const core::Dataset>(core::scanDataset(root, {}));
        HealthPanel panel;
        panel.setDataset(dataset);
        QSignalSpy checked(&panel, &HealthPanel::checked);
        panel.check();
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 20000);
        const core::HealthReport expected = core::checkDatasetHealth(*dataset, {});
        QVERIFY(panel.report());
        QCOMPARE(panel.report()->toJson(), expected.toJson());
        QCOMPARE(expected.leaks.size(), size_t(1));
        QTreeWidgetItem* leaks = panel.findingRow(QStringLiteral("leaks"));
        QVERIFY(leaks);
        QCOMPARE(leaks->childCount(), 1);
        QTreeWidgetItem* group = leaks->child(0);
        QCOMPARE(group->childCount(), 2);
        QCOMPARE(group->text(1), QStringLiteral("test, train"));
        QCOMPARE(panel.findingRow(QStringLiteral("tiny"))->childCount(), 1);
        QCOMPARE(panel.findingRow(QStringLiteral("tiny"))->child(0)->text(0), QStringLiteral("b"));
        // The width distribution is drawn with core's counts.
        QTreeWidgetItem* width = panel.findingRow(QStringLiteral("distributions"))->child(0);
        panel.findingsTree()->setCurrentItem(width);
        std::vector<double> counts;
        for (const auto& b : expected.distribution("width")->histogram.bins)
            counts.push_back(double(b.count));
        QCOMPARE(panel.distributionPlot()->barHeights(), counts);
        QSignalSpy activated(&panel, &HealthPanel::itemActivated);
        emit panel.findingsTree()->itemActivated(group->child(0), 0);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("test/a/copy.png"));
    }

    // A first launch: the demo's first photo is changed by the default pipeline at once.
    void firstPreviewChangesTheFirstPhoto() {
        MainWindow window;
        window.setQuiet(true);
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(MainWindow::demoDirectory() + QStringLiteral("/image"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        PreviewPanel* preview = window.previewPanel();
        QTRY_VERIFY_WITH_TIMEOUT(preview->lastResult().augmented != nullptr, 20000);
        const PreviewResult& r = preview->lastResult();
        QCOMPARE(r.key, window.currentDataset()->items.front().key);
        QVERIFY(!core::samplesEqual(*r.original, *r.augmented));
        QVERIFY(core::sampleSimilarity(*r.original, *r.augmented) < 0.95);
    }

    // Every demo photo and recording is listed with a public-domain or CC0 licence.
    void demoMediaHaveSourceAndLicence() {
        const QString root = MainWindow::demoDirectory();
        QFile sources(root + QStringLiteral("/SOURCES.md"));
        QVERIFY(sources.open(QIODevice::ReadOnly));
        QMap<QString, QString> licenceOf;
        for (const QString& line : QString::fromUtf8(sources.readAll()).split(u'\n')) {
            const QStringList cells = line.split(u'|');
            if (cells.size() == 5)
                licenceOf[cells[1].trimmed()] = cells[3].trimmed();
        }
        int files = 0;
        for (const QString& modality : {QStringLiteral("image"), QStringLiteral("audio")}) {
            QDirIterator it(root + u'/' + modality, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString rel = QDir(root).relativeFilePath(it.next());
                QVERIFY2(licenceOf.contains(rel), qPrintable(rel));
                const QString& licence = licenceOf[rel];
                QVERIFY2(licence.startsWith(QStringLiteral("CC0")) ||
                             licence.startsWith(QStringLiteral("public domain")),
                         qPrintable(rel + QStringLiteral(": ") + licence));
                ++files;
            }
        }
        QCOMPARE(files, 78);
    }

    // "Isolate step": the selected step alone at p = 1, what core draws for that document.
    void isolateStepShowsTheSelectedStepAlone() {
        QTemporaryDir dir;
        const fs::path root = leakyDataset(dir);
        MainWindow window;
        window.setQuiet(true);
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(QString::fromStdString(root.string()));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        window.currentModel()->replaceDocument(rotatePipeline(), QStringLiteral("test"));
        PreviewPanel* preview = window.previewPanel();
        QTRY_VERIFY_WITH_TIMEOUT(preview->lastResult().request.pipeline == rotatePipeline(), 20000);
        window.pipelinePanel()->selectStep(QStringLiteral("/steps/1"));
        preview->isolateBox()->setChecked(true);
        json isolated = rotatePipeline();
        json step = isolated["steps"][1];
        step["p"] = 1.0;
        isolated["steps"] = json::array({step});
        QTRY_VERIFY_WITH_TIMEOUT(preview->lastResult().request.pipeline == isolated &&
                                     preview->lastResult().augmented,
                                 20000);
        const PreviewResult& r = preview->lastResult();
        QCOMPARE(r.run.steps.size(), size_t(1));
        QCOMPARE(r.run.steps[0].id, std::string("image.rotate"));
        QVERIFY(r.run.steps[0].applied);
        core::Sample expected = core::cloneSample(*r.original);
        const core::RunResult run = core::pipelineFromJson(isolated).run(
            expected, core::deriveSeed(11, r.key, r.request.copyIndex));
        QCOMPARE(r.run.steps[0].values, run.steps[0].values);
        QVERIFY(core::samplesEqual(*r.augmented, expected));
        // Off again: the whole pipeline.
        preview->isolateBox()->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(preview->lastResult().request.pipeline == rotatePipeline(), 20000);
    }

    // A long drawn-values line gets a line per step; a short one stays on one line.
    void drawnValuesWrapPerStep() {
        core::RunResult run;
        run.steps.push_back({"image.hflip", true, core::Values::object()});
        run.steps.push_back({"image.affine", true,
                             core::Values{{"angle", -2.5128096197575527},
                                          {"scale_x", 0.969924860446869},
                                          {"scale_y", 0.969924860446869},
                                          {"shear_x", 0.0},
                                          {"shear_y", 0.0},
                                          {"tx_px", -13.793581662896798},
                                          {"ty_px", 0.0279238305929832}}});
        run.steps.push_back({"image.rotate", true, core::Values{{"angle", 6.1}}});
        const QString line = PreviewPanel::describeRun(run);
        QCOMPARE(line.count(QStringLiteral(";<br>")), 2);
        core::RunResult shortRun;
        shortRun.steps.push_back({"image.hflip", true, core::Values::object()});
        shortRun.steps.push_back({"image.rotate", true, core::Values{{"angle", 6.1}}});
        QVERIFY(!PreviewPanel::describeRun(shortRun).contains(QStringLiteral("<br>")));
    }

    // A plain folder of pictures (no class folders) opens from File > Open's path and by a drop.
    void plainFolderOpensAndDrops() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int i = 0; i < 3; ++i)
            QVERIFY(cv::imwrite((root / ("p" + std::to_string(i) + ".png")).string(), picture(i)));
        MainWindow window;
        window.setQuiet(true);
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openPath(dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QCOMPARE(window.currentDataset()->layout, core::Layout::Unlabelled);
        QCOMPARE(window.currentDataset()->items.size(), size_t(3));
        QTemporaryDir other;
        const fs::path second = other.path().toStdString();
        QVERIFY(cv::imwrite((second / "q.png").string(), picture(7)));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(other.path())});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 20000);
        QCOMPARE(window.currentDataset()->root, second);
        QCOMPARE(window.currentDataset()->layout, core::Layout::Unlabelled);
    }

    void studioOpensWhatFindingsName() {
        QTemporaryDir dir;
        const fs::path root = leakyDataset(dir);
        MainWindow window;
        window.setQuiet(true);
        window.show();
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(QString::fromStdString(root.string()));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        window.currentModel()->replaceDocument(rotatePipeline(), QStringLiteral("test"));
        PreviewPanel* preview = window.previewPanel();
        QTRY_VERIFY_WITH_TIMEOUT(preview->lastResult().request.pipeline == rotatePipeline() &&
                                     preview->lastResult().augmented,
                                 20000);
        // Health: the leaked copy is selected in the dataset panel and previewed.
        QSignalSpy checked(window.healthPanel(), &HealthPanel::checked);
        window.healthPanel()->check();
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 20000);
        QTreeWidgetItem* leak = window.healthPanel()->findingRow(QStringLiteral("leaks"))->child(0);
        emit window.healthPanel()->findingsTree()->itemActivated(leak->child(0), 0);
        QTRY_COMPARE_WITH_TIMEOUT(preview->lastResult().key, std::string("test/a/copy.png"), 20000);
        // Strength of that item: a flagged draw opens its copy in the preview.
        StrengthPanel* strength = window.strengthPanel();
        QTRY_COMPARE_WITH_TIMEOUT(strength->input().key, std::string("test/a/copy.png"), 20000);
        QSignalSpy measured(strength, &StrengthPanel::measured);
        strength->measure();
        QTRY_COMPARE_WITH_TIMEOUT(measured.count(), 1, 20000);
        QVERIFY(strength->flaggedList()->count() > 0);
        QListWidgetItem* flagged = strength->flaggedList()->item(0);
        const quint64 copy = flagged->data(Qt::UserRole + 1).toULongLong();
        emit strength->flaggedList()->itemActivated(flagged);
        QCOMPARE(preview->copyIndex(), uint64_t(copy));
        QTRY_COMPARE_WITH_TIMEOUT(preview->lastResult().request.copyIndex, uint64_t(copy), 20000);
        QCOMPARE(preview->lastResult().seed, strength->report()->draws[copy].seed);
    }
};

QTEST_MAIN(TestStudioInsight)
#include "tst_studio_insight.moc"

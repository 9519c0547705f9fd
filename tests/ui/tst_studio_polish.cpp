// The studio's finishing touches: one colour range for both spectrograms, readable dataset
// item names, the demo settling on images, the drawn-values formatter, the balance plan's
// target and originals, one_of weights / some_of n editing, and multi-step delete.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/util/error.h"
#include "ui/balance/balancepanel.h"
#include "ui/dataset/datasetpanel.h"
#include "ui/dataset/itemnames.h"
#include "ui/export/exportdialog.h"
#include "ui/pipeline/parametereditor.h"
#include "ui/pipeline/pipelinemodel.h"
#include "ui/pipeline/pipelinepanel.h"
#include "ui/pipeline/steptree.h"
#include "ui/preview/audioanalysis.h"
#include "ui/preview/audiopreview.h"
#include "ui/preview/drawnvalues.h"
#include "ui/preview/imagepreview.h"
#include "ui/preview/previewpanel.h"
#include "ui/preview/seriespreview.h"
#include "ui/preview/textpreview.h"
#include "ui/studio/mainwindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <qcustomplot.h>

using namespace augstudio;
using namespace augstudio::ui;
using json = nlohmann::json;
using Pointer = json::json_pointer;

namespace {

core::AudioSample tone(double noiseAmplitude) {
    core::AudioSample a;
    a.sampleRate = 16000;
    a.channels.assign(1, std::vector<float>(8000));
    uint32_t state = 12345;
    for (size_t i = 0; i < a.channels[0].size(); ++i) {
        state = state * 1664525u + 1013904223u; // a fixed LCG: the same noise every run
        const double noise = (double(state >> 8) / double(1u << 24) - 0.5) * 2 * noiseAmplitude;
        a.channels[0][i] = float(0.5 * std::sin(2 * M_PI * 440.0 * double(i) / 16000) + noise);
    }
    return a;
}

// The leaf of the dataset tree whose tooltip starts with `key` (the item's key).
QTreeWidgetItem* leafOf(QTreeWidget* tree, const QString& key) {
    QTreeWidgetItemIterator it(tree);
    for (; *it; ++it)
        if ((*it)->childCount() == 0 && (*it)->toolTip(0).section(QLatin1Char('\n'), 0, 0) == key)
            return *it;
    return nullptr;
}

std::map<std::string, double> byClass(const BalancePlan::Counts& counts) {
    std::map<std::string, double> out;
    for (const auto& [split, classes] : counts)
        for (const auto& [label, n] : classes)
            out[label] += double(n);
    return out;
}

std::vector<std::string> ids(const json& steps) {
    std::vector<std::string> out;
    for (const auto& s : steps)
        out.push_back(s.value("transform", PipelineModel::groupKind(s).toStdString()));
    return out;
}

// Saves the model and reads the file back (what the CLI would run).
json saved(PipelineModel& model) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.augpipe.json"));
    model.save(path);
    core::loadPipeline(path.toStdString()); // core loads it
    std::ifstream in(path.toStdString());
    return json::parse(in);
}

void selectOnly(StepTree* tree, const QStringList& pointers) {
    tree->clearSelection();
    QTreeWidgetItemIterator it(tree);
    for (; *it; ++it)
        if (pointers.contains((*it)->data(0, StepTree::kPointerRole).toString()))
            (*it)->setSelected(true);
}

} // namespace

class TestStudioPolish : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("augstudio-tests"));
        QSettings().clear();
    }

    void spectrogramsShareOneColourRange() {
        const core::AudioSample clean = tone(0.0), noisy = tone(0.02);
        PreviewResult r;
        r.original = std::make_shared<core::Sample>(clean);
        r.augmented = std::make_shared<core::Sample>(noisy);
        r.originalAudio = std::make_shared<AudioAnalysis>(analyseAudio(clean));
        r.augmentedAudio = std::make_shared<AudioAnalysis>(analyseAudio(noisy));
        AudioPreview view;
        view.showResult(r);
        const QCPRange a = view.colorMap(0)->dataRange(), b = view.colorMap(1)->dataRange();
        QCOMPARE(a.lower, b.lower);
        QCOMPARE(a.upper, b.upper);
        // The top is the loudest cell of either side, the bottom 80 dB below it.
        float top = -1e9f;
        for (const auto* an : {r.originalAudio.get(), r.augmentedAudio.get()})
            for (float db : an->spectrogramDb)
                top = std::max(top, db);
        QCOMPARE(a.upper, double(top));
        QCOMPARE(a.upper - a.lower, AudioPreview::kDynamicRangeDb);
        // So the noise floor of the noisy side sits visibly above the clean side's.
        QCPColorMapData* cleanData = view.colorMap(0)->data();
        QCPColorMapData* noisyData = view.colorMap(1)->data();
        const int highRow = cleanData->valueSize() - 2; // near 8 kHz: noise only
        QVERIFY(noisyData->cell(10, highRow) > cleanData->cell(10, highRow) + 20);
        QVERIFY(noisyData->cell(10, highRow) > a.lower);
    }

    void datasetTreeNamesTableRowsReadably() {
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(MainWindow::demoDirectory() + QStringLiteral("/text/demo.tsv"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QTreeWidget* tree = window.datasetPanel()->tree();
        // The first line of demo.tsv: "complaint<TAB>the shower was cold every single morning".
        QTreeWidgetItem* first = leafOf(tree, QStringLiteral("demo.tsv#0"));
        QVERIFY(first);
        QVERIFY2(first->text(0).startsWith(QLatin1String("0: the shower was cold")),
                 qPrintable(first->text(0)));
        QVERIFY(first->text(0).size() <= 44); // row, colon, ~40 characters of text
        // The key used internally is unchanged: selecting the leaf previews demo.tsv#0.
        std::vector<std::string> selected;
        connect(window.datasetPanel(), &DatasetPanel::itemSelected, this,
                [&](auto, const core::DatasetItem& item) { selected.push_back(item.key); });
        tree->setCurrentItem(tree->topLevelItem(0));
        tree->setCurrentItem(first);
        QCOMPARE(selected, std::vector<std::string>{"demo.tsv#0"});
        // The filter finds rows by their words.
        window.datasetPanel()->setFilter(QStringLiteral("shower was cold"));
        QVERIFY(leafOf(tree, QStringLiteral("demo.tsv#0")));

        // UCR rows: "row N", the key kept.
        core::DatasetItem row;
        row.key = "demo_TRAIN.tsv#12";
        row.row = 12;
        QCOMPARE(itemDisplayName(row), QStringLiteral("row 12"));
        row.key = "cats/cat_001.png";
        row.row = -1;
        QCOMPARE(itemDisplayName(row), QStringLiteral("cat_001.png"));
        row.key = "demo.tsv#3";
        row.row = 3;
        const QString longText = itemDisplayName(
            row,
            "the breakfast buffet had fresh fruit and warm bread every single day of our stay");
        QVERIFY2(longText.startsWith(QLatin1String("3: the breakfast buffet had fresh")) &&
                     longText.endsWith(QChar(0x2026)),
                 qPrintable(longText));
    }

    void datasetItemColumnTakesTheWidth() {
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(MainWindow::demoDirectory() + QStringLiteral("/image"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        DatasetPanel* panel = window.datasetPanel();
        panel->setParent(nullptr);
        panel->resize(280, 500);
        panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel));
        QTreeWidget* tree = panel->tree();
        QHeaderView* header = tree->header();
        QVERIFY(!header->stretchLastSection());
        // The count column is as wide as its numbers, the item column gets the rest...
        QVERIFY2(header->sectionSize(0) > 3 * header->sectionSize(1),
                 qPrintable(QStringLiteral("%1 vs %2")
                                .arg(header->sectionSize(0))
                                .arg(header->sectionSize(1))));
        // ...enough for an item's full name at the third level of the tree.
        QTreeWidgetItem* leaf = leafOf(tree, QStringLiteral("photo/astronaut_1.jpg"));
        QVERIFY(leaf);
        const int needed =
            3 * tree->indentation() + 20 + tree->fontMetrics().horizontalAdvance(leaf->text(0));
        QVERIFY2(header->sectionSize(0) >= needed,
                 qPrintable(QStringLiteral("%1 < %2").arg(header->sectionSize(0)).arg(needed)));
        panel->setParent(&window); // destroyed with the window
    }

    void demoSettlesOnImages() {
        MainWindow window;
        window.setQuiet(true);
        window.resize(1400, 900);
        window.show();
        std::vector<core::Modality> shownModalities;
        connect(window.previewPanel(), &PreviewPanel::rendered, this, [&](const PreviewResult& r) {
            if (r.original)
                shownModalities.push_back(core::modalityOf(*r.original));
        });
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        // What is current each time a scan finishes: images from the first one on.
        std::vector<core::Modality> currentWhenOpened;
        connect(&window, &MainWindow::datasetOpened, this,
                [&] { currentWhenOpened.push_back(window.currentDataset()->modality); });
        window.openDemo();
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 4, 30000);
        QVERIFY(opened.at(0).at(0).toString().endsWith(QLatin1String("/image")));
        QCOMPARE(currentWhenOpened, std::vector<core::Modality>(4, core::Modality::Image));
        // The later scans only joined the combo box.
        QComboBox* combo = window.datasetPanel()->datasetCombo();
        QCOMPARE(combo->count(), 4);
        QStringList listed;
        for (int i = 0; i < combo->count(); ++i)
            listed << combo->itemText(i).section(QLatin1Char(' '), 0, 0);
        QCOMPARE(listed, (QStringList{QStringLiteral("image"), QStringLiteral("audio"),
                                      QStringLiteral("series"), QStringLiteral("text")}));
        QCOMPARE(combo->currentIndex(), 0);
        const auto dataset = window.currentDataset();
        QCOMPARE(dataset->modality, core::Modality::Image);
        QCOMPARE(dataset->classes, (std::vector<std::string>{"photo", "space", "texture"}));
        QCOMPARE(window.currentModality(), core::Modality::Image);
        QCOMPARE(window.pipelinePanel()->model(), window.pipelineModel(core::Modality::Image));
        // The tree shows those classes, and only those.
        QStringList classNodes;
        QTreeWidget* tree = window.datasetPanel()->tree();
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            for (int c = 0; c < tree->topLevelItem(i)->childCount(); ++c)
                classNodes << tree->topLevelItem(i)->child(c)->text(0);
        QCOMPARE(classNodes, (QStringList{QStringLiteral("photo"), QStringLiteral("space"),
                                          QStringLiteral("texture")}));
        QCOMPARE(
            window.datasetPanel()->shownCount(QStringLiteral("train"), QStringLiteral("photo")),
            qint64(24));
        // The preview shows an image item and never showed another modality on the way.
        QTRY_VERIFY_WITH_TIMEOUT(window.previewPanel()->lastResult().original != nullptr, 20000);
        QTest::qWait(300); // let any render still in flight arrive
        QVERIFY(!shownModalities.empty());
        for (core::Modality m : shownModalities)
            QCOMPARE(m, core::Modality::Image);
        QVERIFY(window.previewPanel()->imagePreview()->isVisible());
        QVERIFY(window.previewPanel()->lastResult().key.rfind("photo/", 0) == 0);
    }

    void drawnValuesFormatter_data() {
        QTest::addColumn<QString>("values");
        QTest::addColumn<QString>("shown");
        const QString arrow(QChar(0x2192)), swap(QChar(0x2194)), minus(QChar(0x2212)),
            more(QChar(0x2026));
        QTest::newRow("synonym edits")
            << R"({"replaced":[{"at":1,"from":"shower","to":"cascade"}]})"
            << QStringLiteral("shower") + arrow + QStringLiteral("cascade");
        QTest::newRow("long edit list")
            << R"({"replaced":[{"at":0,"from":"a","to":"b"},{"at":1,"from":"c","to":"d"},
                 {"at":2,"from":"e","to":"f"},{"at":3,"from":"g","to":"h"},{"at":4,"from":"i","to":"j"}]})"
            << QStringLiteral("a%1b, c%1d, e%1f %2(+2)").arg(arrow, more);
        QTest::newRow("swap") << R"({"swapped":[{"at":[0,1],"words":["the","shower"]}]})"
                              << QStringLiteral("the") + swap + QStringLiteral("shower");
        QTest::newRow("insert")
            << R"({"inserted":[{"at":6,"synonym_of":"morning","word":"dawning"}]})"
            << QStringLiteral("+dawning");
        QTest::newRow("delete") << R"({"deleted":[{"at":4,"word":"every"}]})"
                                << minus + QStringLiteral("every");
        QTest::newRow("nothing deleted") << R"({"deleted":[]})" << QStringLiteral("deleted=none");
        QTest::newRow("eda")
            << R"({"deleted":[{"at":4,"word":"every"}],"operation":"random_delete"})"
            << QStringLiteral("deleted=%1every operation=random_delete").arg(minus);
        QTest::newRow("generic objects") << R"({"boxes":[{"x":1,"y":2.54321},{"x":3,"y":4}]})"
                                         << QStringLiteral("x=1 y=2.54, x=3 y=4");
        QTest::newRow("seed hidden")
            << R"({"seed":4509439690963292,"snr_db":29.5})" << QStringLiteral("snr_db=29.5");
        QTest::newRow("only a seed") << R"({"seed":934970181})" << QString();
        QTest::newRow("3 significant digits")
            << R"({"angle":12.097955227019874,"amplitude":0.014474778425093638,"center_hz":3365.6468,"q":-0.1668402,"tiny":0.0000123456,"bits":5})"
            << QStringLiteral("amplitude=0.0145 angle=12.1 bits=5 center_hz=3370 q=-0.167 "
                              "tiny=1.23e-05");
        QTest::newRow("long list") << R"({"order":[4,1,3,2,0,5,6]})"
                                   << QStringLiteral("order=[4, 1, 3, 2, %1(+3)]").arg(more);
        QTest::newRow("short list")
            << R"({"factors":[0.9205983575238326]})" << QStringLiteral("factors=[0.921]");
        QTest::newRow("nested lists")
            << R"({"holes":[[1,145,33,16],[101,59,20,21],[54,85,33,24],[1,2,3,4]]})"
            << QStringLiteral("holes=[[1, 145, 33, 16], [101, 59, 20, 21], [54, 85, 33, 24], "
                              "%1(+1)]")
                   .arg(more);
        QTest::newRow("partners")
            << R"({"center":[357,225],"partners":[{"key":"photo/coffee_3.jpg","label":"photo","weight":0.1329},{"key":"texture/grass_1.jpg","label":"texture","weight":0.17}]})"
            << QStringLiteral("center=[357, 225] partners=photo/coffee_3.jpg (0.133), "
                              "texture/grass_1.jpg (0.17)");
        QTest::newRow("bool and text")
            << R"({"flip":true,"mode":"peak"})" << QStringLiteral("flip=yes mode=peak");
    }
    void drawnValuesFormatter() {
        QFETCH(QString, values);
        QFETCH(QString, shown);
        QCOMPARE(formatDrawnValues(json::parse(values.toStdString())), shown);
    }

    void drawnValuesLineOfARun() {
        core::RunResult run;
        run.steps.push_back({"text.synonym_replace", true,
                             core::Values::fromJson(json::parse(
                                 R"({"replaced":[{"at":1,"from":"shower","to":"cascade"}]})"))});
        run.steps.push_back({"audio.gaussian_snr", true,
                             core::Values{{"seed", 4509439690963292}, {"snr_db", 29.5}}});
        run.steps.push_back({"series.jitter", true, core::Values{{"seed", 1323933630}}});
        run.steps.push_back({"text.random_swap", false, core::Values::object()});
        const QString line = PreviewPanel::describeRun(run);
        QVERIFY2(line.contains(QStringLiteral("<b>synonym_replace</b>: shower") + QChar(0x2192) +
                               QStringLiteral("cascade")),
                 qPrintable(line));
        QVERIFY2(line.contains(QLatin1String("<b>gaussian_snr</b>: snr_db=29.5;")),
                 qPrintable(line));
        QVERIFY2(line.contains(QLatin1String("<b>jitter</b>: yes;")), qPrintable(line));
        QVERIFY(!line.contains(QLatin1String("4509439690963292")));
        QVERIFY(!line.contains(QLatin1String("{")));
        QVERIFY(line.contains(QLatin1String("random_swap: skipped")));
    }

    void balancePlanTargetAndOriginals() {
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(MainWindow::demoDirectory() + QStringLiteral("/image"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        const auto dataset = window.currentDataset();
        BalancePanel* balance = window.balancePanel();
        // Bars of now are the scan's counts.
        QCOMPARE(balance->currentBars(), byClass(dataset->counts()));

        // Balance to 30 per class with the originals, set through the panel's editors.
        balance->modeBox()->setCurrentIndex(1);
        QVERIFY(balance->targetBox()->isEnabled());
        QVERIFY(!balance->copiesBox()->isEnabled());
        balance->targetBox()->setValue(30);
        balance->originalsBox()->setChecked(true);
        const core::ExportOptions& o = balance->plan().options;
        QCOMPARE(o.mode, core::ExportOptions::Mode::Balance);
        QCOMPARE(o.target, int64_t(30));
        QVERIFY(o.includeOriginals);
        const auto planned = byClass(core::planCounts(*dataset, o).after);
        QCOMPARE(balance->plannedBars(), planned);
        QCOMPARE(planned, (std::map<std::string, double>{
                              {"photo", 30.0}, {"space", 30.0}, {"texture", 30.0}}));
        QCOMPARE(balance->currentBars(), byClass(dataset->counts()));
        QVERIFY2(balance->ratioText().contains(QLatin1String("after export 1.00:1")),
                 qPrintable(balance->ratioText()));
        // 0: up to the largest class.
        balance->targetBox()->setValue(0);
        QCOMPARE(balance->plannedBars()["space"], 24.0);
        balance->targetBox()->setValue(30);

        // The export dialog starts from this plan.
        window.showExportDialog();
        auto* dialog = window.findChild<ExportDialog*>();
        QVERIFY(dialog);
        const core::ExportOptions d = dialog->options();
        QCOMPARE(d.mode, core::ExportOptions::Mode::Balance);
        QCOMPARE(d.target, int64_t(30));
        QCOMPARE(d.splits, o.splits);
        QCOMPARE(byClass(core::planCounts(*dataset, d).after), planned);
        dialog->close();
        delete dialog;

        // k copies with the originals: (k + 1) per item, as core plans it.
        balance->modeBox()->setCurrentIndex(0);
        balance->copiesBox()->setValue(2);
        QVERIFY(balance->originalsBox()->isEnabled());
        QCOMPARE(balance->plannedBars(),
                 byClass(core::planCounts(*dataset, balance->plan().options).after));
        QCOMPARE(balance->plannedBars()["space"], 12.0);
        balance->originalsBox()->setChecked(false);
        QCOMPARE(balance->plannedBars()["space"], 8.0);
        window.showExportDialog();
        dialog = window.findChild<ExportDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->options().mode, core::ExportOptions::Mode::Copies);
        QCOMPARE(dialog->options().copies, 2);
        QCOMPARE(dialog->options().includeOriginals, false);
        delete dialog;

        // The legend is beside the axis rect, not over the bars.
        QCustomPlot* plot = balance->plot();
        plot->setViewport(QRect(0, 0, 900, 200));
        plot->replot();
        QVERIFY(plot->legend->visible());
        QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->rect()));
        QVERIFY(plot->legend->outerRect().left() >= plot->axisRect()->rect().right());
    }

    void someOfNIsEditable() {
        PipelineModel model(core::Modality::Image);
        PipelinePanel panel;
        panel.setModel(&model);
        for (const char* id : {"image.hflip", "image.vflip", "image.rotate"})
            model.addStep(id);
        model.groupSteps({Pointer("/steps/0"), Pointer("/steps/1"), Pointer("/steps/2")},
                         "some_of");
        QCOMPARE(model.document()["steps"][0]["n"], json::array({1, 2}));
        panel.selectStep(QStringLiteral("/steps/0"));
        QCOMPARE(panel.groupEditor()->editorCount(), 1);
        QCOMPARE(panel.weightEditor()->editorCount(), 0);
        // The upper spin box of the n range: 3 of the 3 steps.
        const auto spins = panel.groupEditor()->findChildren<QDoubleSpinBox*>();
        QCOMPARE(spins.size(), 2);
        const int before = model.undoStack()->count();
        spins[1]->setValue(3);
        QCOMPARE(model.document()["steps"][0]["n"], json::array({1, 3}));
        QCOMPARE(model.undoStack()->count(), before + 1);
        QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
        // A drag of the range is one undo step.
        for (int hi = 3; hi >= 2; --hi)
            emit panel.groupEditor()->edited(QStringLiteral("n"), json::array({2, hi}), true);
        emit panel.groupEditor()->edited(QStringLiteral("n"), json::array({2, 2}), false);
        QCOMPARE(model.undoStack()->count(), before + 2);
        QCOMPARE(saved(model)["steps"][0]["n"], json::array({2, 2}));
        QVERIFY(panel.stepTree()->topLevelItem(0)->text(0).contains(QLatin1String("pick 2-2")));
        model.undoStack()->undo();
        QCOMPARE(model.document()["steps"][0]["n"], json::array({1, 3}));
        QCOMPARE(spins[1]->value(), 3.0); // the editor follows undo
        model.undoStack()->undo();
        QCOMPARE(model.document()["steps"][0]["n"], json::array({1, 2}));
    }

    void oneOfWeightIsEditable() {
        PipelineModel model(core::Modality::Image);
        PipelinePanel panel;
        panel.setModel(&model);
        for (const char* id : {"image.hflip", "image.vflip", "image.rotate", "image.transpose"})
            model.addStep(id);
        model.groupSteps({Pointer("/steps/0"), Pointer("/steps/1"), Pointer("/steps/2")}, "one_of");
        QVERIFY(!model.document()["steps"][0].contains("weights"));
        // A top-level step has no weight editor; a one_of child has one.
        panel.selectStep(QStringLiteral("/steps/1"));
        QCOMPARE(panel.weightEditor()->editorCount(), 0);
        panel.selectStep(QStringLiteral("/steps/0/one_of/1"));
        QCOMPARE(panel.weightEditor()->editorCount(), 1);
        auto* spin = panel.weightEditor()->findChild<QDoubleSpinBox*>();
        QVERIFY(spin);
        QCOMPARE(spin->value(), 1.0);
        const int before = model.undoStack()->count();
        spin->setValue(3);
        QCOMPARE(model.document()["steps"][0]["weights"], json::array({1.0, 3.0, 1.0}));
        QCOMPARE(model.undoStack()->count(), before + 1);
        QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
        // A slider drag is one undo step.
        auto* slider = panel.weightEditor()->findChild<QSlider*>();
        QVERIFY(slider);
        slider->setSliderDown(true);
        for (int pos = slider->value(); pos < slider->value() + 20; pos += 5)
            slider->setValue(pos);
        slider->setValue(100); // 5.0 at 0.05 a position
        slider->setSliderDown(false);
        emit slider->sliderReleased();
        QCOMPARE(model.undoStack()->count(), before + 2);
        QCOMPARE(model.document()["steps"][0]["weights"], json::array({1.0, 5.0, 1.0}));
        QCOMPARE(saved(model)["steps"][0]["weights"], json::array({1.0, 5.0, 1.0}));
        QVERIFY(panel.stepTree()->topLevelItem(0)->child(1)->text(0).contains(
            QLatin1String("weight 5")));
        model.undoStack()->undo();
        QCOMPARE(model.document()["steps"][0]["weights"], json::array({1.0, 3.0, 1.0}));
        QCOMPARE(spin->value(), 3.0);
        // Undoing the first weight edit leaves no weights key (a valid document).
        model.undoStack()->undo();
        QVERIFY(!model.document()["steps"][0].contains("weights"));
        QVERIFY(model.error().isEmpty());
        model.undoStack()->redo();
        model.undoStack()->redo();

        // Weights stay with their steps through structural edits.
        model.removeStep(Pointer("/steps/0/one_of/0")); // hflip (1)
        QCOMPARE(model.document()["steps"][0]["weights"], json::array({5.0, 1.0}));
        model.moveStep(Pointer("/steps/0/one_of/1"), Pointer("/steps/0/one_of"), 0);
        QCOMPARE(ids(model.document()["steps"][0]["one_of"]),
                 (std::vector<std::string>{"image.rotate", "image.vflip"}));
        QCOMPARE(model.document()["steps"][0]["weights"], json::array({1.0, 5.0}));
        model.moveStep(Pointer("/steps/1"), Pointer("/steps/0/one_of"), 2); // transpose in
        QCOMPARE(model.document()["steps"][0]["weights"], json::array({1.0, 5.0, 1.0}));
        model.moveStep(Pointer("/steps/0/one_of/1"), Pointer("/steps"), 1); // vflip out
        QCOMPARE(model.document()["steps"][0]["weights"], json::array({1.0, 1.0}));
        QVERIFY(!model.document()["steps"][1].contains("__weight"));
        QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
        QVERIFY(model.document().dump().find("__weight") == std::string::npos);
    }

    void multiSelectDeleteRemovesExactlyThose() {
        PipelineModel model(core::Modality::Image);
        PipelinePanel panel;
        panel.setModel(&model);
        // 12 steps: pointers /steps/10 and /steps/11 sort before /steps/2 as text.
        const std::vector<std::string> all = {
            "image.hflip",         "image.vflip",       "image.rotate",        "image.transpose",
            "image.invert",        "image.equalize",    "image.auto_contrast", "image.to_gray",
            "image.gaussian_blur", "image.median_blur", "image.sharpen",       "image.emboss"};
        for (const auto& id : all)
            model.addStep(id);
        QCOMPARE(ids(model.document()["steps"]), all);
        selectOnly(panel.stepTree(), {QStringLiteral("/steps/2"), QStringLiteral("/steps/9"),
                                      QStringLiteral("/steps/10")});
        QCOMPARE(panel.selectedSteps().size(), size_t(3));
        const int before = model.undoStack()->count();
        panel.removeSelected();
        std::vector<std::string> expected = all;
        for (int i : {10, 9, 2})
            expected.erase(expected.begin() + i);
        QCOMPARE(ids(model.document()["steps"]), expected);
        QCOMPARE(ids(saved(model)["steps"]), expected);
        QCOMPARE(model.undoStack()->count(), before + 1); // one undo step
        model.undoStack()->undo();
        QCOMPARE(ids(model.document()["steps"]), all);

        // Nested: a group's child, a step after the group, and a group with its own child.
        model.groupSteps({Pointer("/steps/0"), Pointer("/steps/1"), Pointer("/steps/2")}, "one_of");
        model.groupSteps({Pointer("/steps/2"), Pointer("/steps/3")}, "some_of");
        // Now: one_of(hflip, vflip, rotate), transpose, some_of(invert, equalize), ...
        selectOnly(panel.stepTree(),
                   {QStringLiteral("/steps/0/one_of/1"), QStringLiteral("/steps/2"),
                    QStringLiteral("/steps/2/some_of/0"), QStringLiteral("/steps/3")});
        QCOMPARE(panel.selectedSteps().size(), size_t(4));
        panel.removeSelected();
        const json& steps = model.document()["steps"];
        QCOMPARE(ids(steps[0]["one_of"]),
                 (std::vector<std::string>{"image.hflip", "image.rotate"}));
        QCOMPARE(ids(steps), (std::vector<std::string>{"one_of", "image.transpose", "image.to_gray",
                                                       "image.gaussian_blur", "image.median_blur",
                                                       "image.sharpen", "image.emboss"}));
        QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    }

    void seriesLegendAndTextCountsReadable() {
        core::SeriesSample series;
        series.values = cv::Mat(64, 2, CV_64F);
        for (int r = 0; r < 64; ++r) {
            series.values.at<double>(r, 0) = std::sin(r / 5.0);
            series.values.at<double>(r, 1) = std::cos(r / 5.0);
        }
        series.channelNames = {"x", "y"};
        PreviewResult r;
        r.original = std::make_shared<core::Sample>(series);
        r.augmented = std::make_shared<core::Sample>(series);
        SeriesPreview view;
        view.showResult(r);
        QCustomPlot* plot = view.plot(0);
        plot->setViewport(QRect(0, 0, 700, 400));
        plot->replot();
        QCOMPARE(plot->legend->itemCount(), 4);
        QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->rect()));

        // One word replaced: one removed and one added, not "2 changed".
        core::TextSample before{"the shower was cold", "complaint"};
        core::TextSample after{"the cascade was cold", "complaint"};
        PreviewResult t;
        t.original = std::make_shared<core::Sample>(before);
        t.augmented = std::make_shared<core::Sample>(after);
        TextPreview text;
        text.showResult(t);
        QStringList labels;
        for (const QLabel* l : text.findChildren<QLabel*>())
            labels << l->text();
        QVERIFY2(labels.contains(QStringLiteral("label: complaint   4 words %1 4 words: 1 removed, "
                                                "1 added")
                                     .arg(QChar(0x2192))),
                 qPrintable(labels.join(QLatin1Char('|'))));
    }
};

QTEST_MAIN(TestStudioPolish)
#include "tst_studio_polish.moc"

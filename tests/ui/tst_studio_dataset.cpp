// The studio on the demo dataset: the counts the dataset panel shows and the balance chart's
// bars equal the scan's counts; the demo covers all four modalities, imbalanced.
#include "core/dataset/dataset.h"
#include "core/util/error.h"
#include "ui/balance/balancepanel.h"
#include "ui/dataset/datasetpanel.h"
#include "ui/pipeline/pipelinemodel.h"
#include "ui/studio/mainwindow.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace augstudio;
using namespace augstudio::ui;

class TestStudioDataset : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("augstudio-tests"));
        QSettings().clear();
    }

    void demoCountsShown_data() {
        QTest::addColumn<QString>("sub");
        QTest::addColumn<int>("modality");
        QTest::addColumn<int>("classes");
        QTest::newRow("image") << "image" << int(core::Modality::Image) << 3;
        QTest::newRow("audio") << "audio" << int(core::Modality::Audio) << 3;
        QTest::newRow("series") << "series" << int(core::Modality::Series) << 3;
        QTest::newRow("text") << "text" << int(core::Modality::Text) << 3;
    }
    void demoCountsShown() {
        QFETCH(QString, sub);
        QFETCH(int, modality);
        QFETCH(int, classes);
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(MainWindow::demoDirectory() + QLatin1Char('/') + sub);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        const auto dataset = window.currentDataset();
        QVERIFY(dataset);
        QCOMPARE(int(dataset->modality), modality);
        QCOMPARE(int(dataset->classes.size()), classes);
        QCOMPARE(int(window.currentModality()), modality);
        // Visibly imbalanced: the demo is there to show the balance view.
        QVERIFY(dataset->imbalanceRatio() >= 3.0);

        // Every split and class node shows the scan's count.
        const auto counts = dataset->counts();
        QVERIFY(!counts.empty());
        for (const auto& [split, byClass] : counts) {
            int64_t total = 0;
            for (const auto& [label, n] : byClass) {
                QCOMPARE(window.datasetPanel()->shownCount(QString::fromStdString(split),
                                                           QString::fromStdString(label)),
                         qint64(n));
                total += n;
            }
            QCOMPARE(window.datasetPanel()->shownCount(QString::fromStdString(split)), total);
        }

        // The balance chart's bars are the same counts.
        std::map<std::string, double> expected;
        for (const auto& [split, byClass] : counts)
            for (const auto& [label, n] : byClass)
                expected[label] += double(n);
        QCOMPARE(window.balancePanel()->currentBars(), expected);
    }

    void imageDemoHasTheDocumentedCounts() {
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(MainWindow::demoDirectory() + QStringLiteral("/image"));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        const auto counts = window.currentDataset()->counts();
        std::map<std::string, int64_t> byClass;
        for (const auto& [split, m] : counts)
            for (const auto& [label, n] : m)
                byClass[label] += n;
        QCOMPARE(byClass["photo"], int64_t(24));
        QCOMPARE(byClass["texture"], int64_t(11));
        QCOMPARE(byClass["space"], int64_t(4));
        // Planned: balance to the largest class makes every bar 24.
        BalancePlan plan;
        plan.options.mode = core::ExportOptions::Mode::Balance;
        window.balancePanel()->setPlan(plan);
        for (const auto& [label, n] : window.balancePanel()->plannedBars())
            QCOMPARE(n, 24.0);
        plan.options.mode = core::ExportOptions::Mode::Copies;
        plan.options.copies = 2;
        plan.options.includeOriginals = true;
        window.balancePanel()->setPlan(plan);
        QCOMPARE(window.balancePanel()->plannedBars()["space"], 12.0);
        plan.options.includeOriginals = false;
        window.balancePanel()->setPlan(plan);
        QCOMPARE(window.balancePanel()->plannedBars()["space"], 8.0);
    }

    void openDemoOpensAllFourModalities() {
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDemo();
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 4, 30000);
        QCOMPARE(window.datasetPanel()->datasetCount(), 4);
    }

    // The filter hides the leaves that do not match (the key or the shown name) and leaves
    // every class node with the dataset's count. Expectations come from the demo folder.
    void filterNarrowsItemsButKeepsCounts_data() {
        QTest::addColumn<QString>("filter");
        QTest::newRow("some of one class") << "gravel_";
        QTest::newRow("across classes") << "e_1";
        QTest::newRow("a class folder") << "space/";
        QTest::newRow("nothing") << "no such item";
    }
    void filterNarrowsItemsButKeepsCounts() {
        QFETCH(QString, filter);
        const QString root = MainWindow::demoDirectory() + QStringLiteral("/image");
        QMap<QString, qint64> onDisk; // class -> files
        QSet<QString> expected;       // file names whose key matches
        for (const QString& c : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            for (const QString& f : QDir(root + QLatin1Char('/') + c).entryList(QDir::Files)) {
                ++onDisk[c];
                if ((c + QLatin1Char('/') + f).contains(filter, Qt::CaseInsensitive))
                    expected.insert(f);
            }
        QVERIFY(onDisk.size() >= 3);
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(root);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        window.datasetPanel()->setFilter(filter);
        QSet<QString> leaves;
        QMap<QString, qint64> shownCounts;
        QTreeWidgetItemIterator it(window.datasetPanel()->tree());
        for (; *it; ++it) {
            QTreeWidgetItem* node = *it;
            if (node->childCount() == 0 && node->parent() && node->parent()->parent())
                leaves.insert(node->text(0)); // split > class > item
            else if (node->parent() && !node->parent()->parent())
                shownCounts[node->text(0)] = node->text(1).toLongLong();
        }
        QCOMPARE(leaves, expected);
        QCOMPARE(shownCounts, onDisk);
        QVERIFY(expected.size() < 40); // the filter did narrow
    }

    // A flat folder of pictures (like scikit-image's data/) opens as an unlabelled set; its
    // other files are listed as skipped, not as bad.
    void flatFolderOfPicturesOpens() {
        QTemporaryDir tmp;
        const QString root = tmp.path();
        for (const char* name : {"astronaut.png", "coffee.png"}) {
            const QString file = root + QLatin1Char('/') + QLatin1String(name);
            QImage image(8, 6, QImage::Format_RGB888);
            image.fill(Qt::darkCyan);
            QVERIFY(image.save(file));
        }
        QFile notes(root + QStringLiteral("/README.txt"));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("data files");
        notes.close();
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy opened(&window, &MainWindow::datasetOpened);
        window.openDataset(root);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        const auto dataset = window.currentDataset();
        QVERIFY(dataset);
        QCOMPARE(dataset->layout, core::Layout::Unlabelled);
        QCOMPARE(dataset->items.size(), size_t(2));
        QCOMPARE(dataset->skipped.size(), size_t(1));
        QCOMPARE(window.datasetPanel()->shownCount(QStringLiteral("train"), QString()), 2);
        QVERIFY2(
            window.datasetPanel()->summaryText().contains(QLatin1String("1 other file skipped")),
            qPrintable(window.datasetPanel()->summaryText()));
    }

    void missingFolderIsAnErrorNamingIt() {
        MainWindow window;
        window.setQuiet(true);
        QSignalSpy failed(&window, &MainWindow::scanFailed);
        window.openDataset(QStringLiteral("/nonexistent/birds"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY2(window.lastError().contains(QLatin1String("/nonexistent/birds")),
                 qPrintable(window.lastError()));
    }

    // File > Import / Export Albumentations: a to_dict() file becomes the image pipeline
    // (undoable), and the pipeline is written back as Albumentations JSON or Python.
    void albumentationsImportAndExport() {
        QTemporaryDir tmp;
        const QString in = tmp.filePath(QStringLiteral("albu.json"));
        {
            QFile f(in);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"__version__": "1.3.1", "transform": {"__class_fullname__": "Compose",
                "p": 1.0, "transforms": [
                {"__class_fullname__": "HorizontalFlip", "always_apply": false, "p": 0.5},
                {"__class_fullname__": "Rotate", "limit": [-20, 20], "p": 0.7}]}})");
        }
        MainWindow window;
        window.setQuiet(true);
        QVERIFY2(window.importAlbumentations(in), qPrintable(window.lastError()));
        QCOMPARE(int(window.currentModel()->modality()), int(core::Modality::Image));
        const nlohmann::json& doc = window.currentModel()->document();
        QCOMPARE(doc["steps"].size(), size_t(2));
        QCOMPARE(doc["steps"][0]["transform"].get<std::string>(), std::string("image.hflip"));
        QCOMPARE(doc["steps"][0]["p"].get<double>(), 0.5);
        QCOMPARE(doc["steps"][1]["transform"].get<std::string>(), std::string("image.rotate"));
        QCOMPARE(doc["steps"][1]["p"].get<double>(), 0.7);

        const QString out = tmp.filePath(QStringLiteral("back.json"));
        QVERIFY2(window.exportAlbumentations(out), qPrintable(window.lastError()));
        QFile back(out);
        QVERIFY(back.open(QIODevice::ReadOnly));
        const auto written = nlohmann::json::parse(back.readAll().toStdString());
        const auto& transforms = written["transform"]["transforms"];
        QCOMPARE(transforms.size(), size_t(2));
        QVERIFY(transforms[0]["__class_fullname__"].get<std::string>().find("HorizontalFlip") !=
                std::string::npos);
        QCOMPARE(transforms[1]["limit"], nlohmann::json::array({-20.0, 20.0}));
        const QString py = tmp.filePath(QStringLiteral("back.py"));
        QVERIFY2(window.exportAlbumentations(py), qPrintable(window.lastError()));
        QFile code(py);
        QVERIFY(code.open(QIODevice::ReadOnly));
        QVERIFY(code.readAll().contains("import albumentations"));

        // The import is one undoable edit.
        window.currentModel()->undoStack()->undo();
        QVERIFY(window.currentModel()->document()["steps"].size() != 2 ||
                window.currentModel()->document()["steps"][0]["transform"] != "image.hflip");

        // Unknown transforms are named; nothing changes.
        const QString unknown = tmp.filePath(QStringLiteral("unknown.json"));
        {
            QFile f(unknown);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"transform": {"__class_fullname__": "Compose", "transforms": [
                {"__class_fullname__": "NoSuchTransform", "p": 1.0}]}})");
        }
        const nlohmann::json before = window.currentModel()->document();
        QVERIFY(!window.importAlbumentations(unknown));
        QVERIFY2(window.lastError().contains(QLatin1String("NoSuchTransform")),
                 qPrintable(window.lastError()));
        QCOMPARE(window.currentModel()->document(), before);
        // A broken YAML file is refused with its name; a good one imports like JSON.
        const QString broken = tmp.filePath(QStringLiteral("broken.yaml"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("transform: [unclosed\n");
        }
        QVERIFY(!window.importAlbumentations(broken));
        QVERIFY2(window.lastError().contains(QLatin1String("broken.yaml")) &&
                     window.lastError().contains(QLatin1String("not valid YAML")),
                 qPrintable(window.lastError()));
        QCOMPARE(window.currentModel()->document(), before);
        const QString yaml = tmp.filePath(QStringLiteral("p.yaml"));
        {
            QFile f(yaml);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("__version__: 1.3.1\ntransform:\n  __class_fullname__: Compose\n  p: 1.0\n"
                    "  transforms:\n  - __class_fullname__: VerticalFlip\n    p: 0.25\n");
        }
        QVERIFY2(window.importAlbumentations(yaml), qPrintable(window.lastError()));
        QCOMPARE(window.currentModel()->document()["steps"][0]["transform"].get<std::string>(),
                 std::string("image.vflip"));
        QCOMPARE(window.currentModel()->document()["steps"][0]["p"].get<double>(), 0.25);
    }
};

QTEST_MAIN(TestStudioDataset)
#include "tst_studio_dataset.moc"

// The export dialog runs core's exporter: its output equals the CLI's for the same plan.
#include "core/catalog/builtin.h"
#include "core/catalog/presets.h"
#include "core/dataset/dataset.h"
#include "core/export/balancefill.h"
#include "core/util/error.h"
#include "ui/export/exportdialog.h"
#include "ui/pipeline/pipelinemodel.h"
#include "ui/studio/mainwindow.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace augstudio;
using namespace augstudio::ui;
using json = nlohmann::json;

namespace {

// relative path -> SHA-256 of the bytes, for every file but summary.json (it holds timings).
QMap<QString, QByteArray> tree(const QString& root) {
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = QDir(root).relativeFilePath(path);
        if (rel == QLatin1String("summary.json"))
            continue;
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            out[rel] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    return out;
}

} // namespace

class TestStudioExport : public QObject {
    Q_OBJECT
private slots:
    void dialogOutputEqualsCli_data() {
        QTest::addColumn<QString>("sub");
        QTest::addColumn<bool>("balance");
        QTest::addColumn<QString>("fill"); // --balance-with, "" for none
        QTest::newRow("image copies") << "image" << false << "";
        QTest::newRow("image balance") << "image" << true << "";
        QTest::newRow("image balance mixup") << "image" << true << "mixup";
        QTest::newRow("series balance smote") << "series" << true << "smote";
        QTest::newRow("text copies") << "text" << false << "";
    }
    void dialogOutputEqualsCli() {
        QFETCH(QString, sub);
        QFETCH(bool, balance);
        QFETCH(QString, fill);
        const std::string input =
            MainWindow::demoDirectory().toStdString() + "/" + sub.toStdString();
        const auto dataset = std::make_shared<const core::Dataset>(core::scanDataset(input));
        json doc = core::strengthPreset(dataset->modality, "medium");
        const core::Pipeline pipeline = core::pipelineFromJson(doc);
        QTemporaryDir dir;
        const QString pipelinePath = dir.filePath(QStringLiteral("p.augpipe.json"));
        PipelineModel model(dataset->modality);
        model.resetDocument(doc);
        model.save(pipelinePath);

        ExportDialog dialog(dataset, doc);
        core::ExportOptions options;
        options.mode =
            balance ? core::ExportOptions::Mode::Balance : core::ExportOptions::Mode::Copies;
        options.copies = 2;
        options.jobs = 2;
        if (!fill.isEmpty())
            options.balanceWith = core::balanceFillFromName(fill.toStdString());
        dialog.setOptions(options);
        // The dialog's own choice, not only the options handed in: it reads its combo back.
        QCOMPARE(core::balanceFillName(dialog.options().balanceWith),
                 fill.isEmpty() ? "none" : fill.toStdString());
        dialog.setOutput(dir.filePath(QStringLiteral("gui")));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(dialog.error()));
        QVERIFY(dialog.summary().outputs > 0);
        if (!fill.isEmpty())
            QCOMPARE(dialog.summary().json.at("balance_with").at("fill").get<std::string>(),
                     fill.toStdString());

        QProcess cli;
        QStringList args = {QStringLiteral("export"),
                            QStringLiteral("--pipeline"),
                            pipelinePath,
                            QStringLiteral("--input"),
                            QString::fromStdString(input),
                            QStringLiteral("--output"),
                            dir.filePath(QStringLiteral("cli")),
                            QStringLiteral("--jobs"),
                            QStringLiteral("1")};
        if (balance)
            args << QStringLiteral("--balance");
        else
            args << QStringLiteral("--copies") << QStringLiteral("2");
        if (!fill.isEmpty())
            args << QStringLiteral("--balance-with") << fill;
        cli.start(QStringLiteral(CLI_PATH), args);
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

        const auto gui = tree(dir.filePath(QStringLiteral("gui")));
        const auto cliTree = tree(dir.filePath(QStringLiteral("cli")));
        QVERIFY(gui.size() >= 3); // data, manifest.jsonl, pipeline.json at least
        QCOMPARE(gui.keys(), cliTree.keys());
        for (auto it = gui.begin(); it != gui.end(); ++it)
            QVERIFY2(it.value() == cliTree.value(it.key()), qPrintable(it.key()));
    }

    // The fill choices are the ones the exporter accepts for the dataset's modality, and only
    // a balanced plan offers them.
    void fillChoicesFollowModalityAndPlan_data() {
        QTest::addColumn<QString>("sub");
        QTest::addColumn<QStringList>("fills");
        const auto fills = [](const char* names) {
            return QString::fromLatin1(names).split(QLatin1Char(' '));
        };
        QTest::newRow("image") << "image" << fills("none mixup");
        QTest::newRow("audio") << "audio" << fills("none mixup");
        QTest::newRow("series") << "series" << fills("none smote mixup");
        QTest::newRow("text") << "text" << fills("none");
    }
    void fillChoicesFollowModalityAndPlan() {
        QFETCH(QString, sub);
        QFETCH(QStringList, fills);
        const std::string input =
            MainWindow::demoDirectory().toStdString() + "/" + sub.toStdString();
        const auto dataset = std::make_shared<const core::Dataset>(core::scanDataset(input));
        ExportDialog dialog(dataset, core::strengthPreset(dataset->modality, "light"));
        auto* fill = dialog.findChild<QComboBox*>(QStringLiteral("balanceWith"));
        QVERIFY(fill);
        QStringList offered;
        for (int i = 0; i < fill->count(); ++i)
            offered << fill->itemData(i).toString();
        QCOMPARE(offered, fills);
        core::ExportOptions copies;
        dialog.setOptions(copies);
        QVERIFY(!fill->isEnabled());
        core::ExportOptions balance;
        balance.mode = core::ExportOptions::Mode::Balance;
        dialog.setOptions(balance);
        QCOMPARE(fill->isEnabled(), fills.size() > 1);
        if (fills.size() > 1) {
            fill->setCurrentIndex(fill->count() - 1);
            QCOMPARE(core::balanceFillName(dialog.options().balanceWith),
                     fills.last().toStdString());
        }
    }

    void refusedOutputIsReportedWithThePath() {
        const std::string input = MainWindow::demoDirectory().toStdString() + "/text";
        const auto dataset = std::make_shared<const core::Dataset>(core::scanDataset(input));
        ExportDialog dialog(dataset, core::strengthPreset(core::Modality::Text, "light"));
        // Inside the input: refused up front, the message names the folder.
        const QString inside = QString::fromStdString(input) + QStringLiteral("/out");
        dialog.setOutput(inside);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        // The reason (the path alone holds "text" already), and the folder it is about.
        QVERIFY2(dialog.error().contains(QStringLiteral("inside the input dataset")),
                 qPrintable(dialog.error()));
        QVERIFY2(dialog.error().contains(inside), qPrintable(dialog.error()));
        QVERIFY(!QFileInfo::exists(inside));
    }
};

QTEST_MAIN(TestStudioExport)
#include "tst_studio_export.moc"

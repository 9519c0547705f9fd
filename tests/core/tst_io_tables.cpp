// One tokenizer for the scan and the readers: every CSV/TSV dialect and header below is run
// through scanDataset, through the reader an export uses (readItemFile, skipping bad rows) and
// through an export, and all three must agree on the same rows, labels and columns; what the
// scan reports bad, the reader leaves out.

#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/io/itemfile.h"
#include "core/io/series/seriesfile.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace augstudio::core;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void writeFile(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : "|") + x;
    return s;
}

std::string labelOf(const Sample& s) {
    if (const auto* t = std::get_if<TextSample>(&s))
        return t->label;
    if (const auto* t = std::get_if<SeriesSample>(&s))
        return t->label;
    return {};
}

// Per item: steps x channels for series, the text's bytes for text.
std::string shapeOf(const Sample& s) {
    if (const auto* t = std::get_if<TextSample>(&s))
        return std::to_string(t->text.size());
    const auto& series = std::get<SeriesSample>(s);
    return std::to_string(series.steps()) + "x" + std::to_string(series.channelCount());
}
std::string shapeOf(const DatasetItem& item, Modality m) {
    if (m == Modality::Text)
        return std::to_string(item.textLength);
    return std::to_string(item.steps) + "x" + std::to_string(item.channels);
}

constexpr const char* kTsUnivariate = "# a comment\n@problemName Toy\n@timeStamps false\n"
                                      "@missing true\n@univariate true\n@equalLength false\n"
                                      "@classLabel true a b\n@data\n1,2.5,-3:a\n4,?:b\n";
constexpr const char* kTsMultivariate =
    "@problemName Toy\r\n@univariate false\r\n@dimensions 2\r\n@classLabel true up down\r\n"
    "@data\r\n1,2,3:4,?,6:up\r\n0.5,1:1e-05,2:down\r\n";
constexpr const char* kArffUnivariate = "% Toy\n@relation Toy\n\n@attribute t0 numeric\n"
                                        "@attribute t1 numeric\n@attribute t2 numeric\n"
                                        "@attribute target {x,y}\n\n@data\n1,2,3,x\n4,5,?,y\n";
constexpr const char* kArffRelational =
    "@relation Toy\n@attribute relationalAtt relational\n@attribute t0 numeric\n"
    "@attribute t1 numeric\n@attribute t2 numeric\n@end relationalAtt\n"
    "@attribute classAttribute {up,down}\n@data\n'1,2,3\\n4,?,6',up\n'0.5,1\\n7,8',down\n";

} // namespace

class TestIoTables : public QObject {
    Q_OBJECT

private slots:
    void scanReaderAndExportAgree_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("labels"); // the items' labels in order, '|'-joined
        QTest::addColumn<QString>("shapes"); // steps x channels, or text bytes
        QTest::addColumn<QString>("badLines");
        auto row = [](const char* tag, const char* name, const QByteArray& bytes,
                      const char* layout, const char* labels, const char* shapes,
                      const char* bad = "") {
            QTest::newRow(tag) << QString::fromLatin1(name) << bytes << QString::fromLatin1(layout)
                               << QString::fromLatin1(labels) << QString::fromLatin1(shapes)
                               << QString::fromLatin1(bad);
        };
        // Text: header aliases (the bug: `sentence,class` scanned, then every row failed).
        row("text sentence,class", "reviews.csv",
            "sentence,class\nhello world,pos\n\"a, b\",neg\nfine,pos\n", "text_table",
            "pos|neg|pos", "11|4|4");
        row("text Text,Label upper case", "t.csv", "Text,Label\nx,a\n", "text_table", "a", "1");
        row("text header in a .tsv", "t.tsv", "text\tlabel\nhi there\tpos\n", "text_table", "pos",
            "8");
        row("text label<TAB>text", "t.tsv", "pos\tgood one\nneg\tbad, really\n", "text_table",
            "pos|neg", "8|11");
        row("text label<TAB>text with tabs", "t.txt", "pos\ta\tb\n", "text_table", "pos", "3");
        row("text quoted line break", "t.csv", "text,label\n\"two\nlines\",pos\nx,neg\n",
            "text_table", "pos|neg", "9|1");
        row("text BOM CRLF semicolon", "t.csv", "\xEF\xBB\xBFtext;label\r\na;x\r\nbb;y\r\n",
            "text_table", "x|y", "1|2");
        row("text CR line ends", "t.csv", "text,label\rx,a\ryy,b\r", "text_table", "a|b", "1|2");
        row("text ragged row", "t.csv", "text,label\na,1\nb\nc,2\n", "text_table", "1|2", "1|1",
            "3");
        row("text invalid UTF-8 row", "t.tsv", "a\tfine\nb\tbad \xFF\nc\tok\n", "text_table", "a|c",
            "4|2", "2");
        row("text empty lines", "t.tsv", "\n\na\tx\n\n \nb\ty\n", "text_table", "a|b", "1|1");
        // UCR: `?` is missing in the scan and the reader (the bug: the scan passed it, the
        // reader dropped the row).
        row("ucr ? inside", "A_TRAIN.tsv", "1\t0.5\t?\t0.7\n2\t0.1\t0.2\t0.3\n", "ucr_tsv", "1|2",
            "3x1|3x1");
        row("ucr ? as padding", "A_TRAIN.tsv", "1\t0.5\t?\t?\n2\t0.1\t0.2\t0.3\n", "ucr_tsv", "1|2",
            "1x1|3x1");
        row("ucr empty cell", "A_TRAIN.tsv", "1\t1\t\t3\n", "ucr_tsv", "1", "3x1");
        // Space- and comma-separated .txt (the old UCR archive): recognised by the scan too.
        row("ucr space .txt", "A_TRAIN.txt", "1 0.5 0.6 0.7\n2  0.1 0.2 0.3\n", "ucr_tsv", "1|2",
            "3x1|3x1");
        row("ucr comma .txt", "A_TEST.txt", "1,0.5,0.6\n2,0.1,0.2\n", "ucr_tsv", "1|2", "2x1|2x1");
        row("ucr decimal comma", "A.csv", "1;0,5;0,25\n2;1,5;2\n", "ucr_tsv", "1|2", "2x1|2x1");
        row("ucr CRLF BOM", "A.tsv",
            "\xEF\xBB\xBF"
            "a\t1\t2\r\nb\t3\t4\r\n",
            "ucr_tsv", "a|b", "2x1|2x1");
        row("ucr ragged row", "A.tsv", "1\t1\t2\n2\t1\n3\t4\t5\n", "ucr_tsv", "1|3", "2x1|2x1",
            "2");
        row("ucr non-numeric row", "A.tsv", "1\t1\t2\n2\tx\t3\n", "ucr_tsv", "1", "2x1", "2");
        // Long CSV.
        row("long csv", "s.csv", "series_id,label,time,x\na,up,0,1\na,up,1,2\nb,down,0,3\n",
            "long_csv", "up|down", "2x1|1x1");
        row("long csv class alias ragged", "s.csv", "id,class,x,y\na,up,1,2\na,up\nb,down,3,4\n",
            "long_csv", "up|down", "1x2|1x2", "3");
        row("long csv ? value", "s.csv", "series_id,label,x\na,up,?\na,up,2\n", "long_csv", "up",
            "2x1");
        row("long csv second label", "s.csv", "series_id,label,x\na,up,1\na,down,2\nb,up,3\n",
            "long_csv", "up|up", "1x1|1x1", "3");
        row("long csv non-numeric", "s.csv", "series_id,label,x\na,up,1\na,up,zz\n", "long_csv",
            "up", "1x1", "3");
        // UEA / sktime .ts and Weka .arff (new layouts).
        row("ts univariate", "Toy_TRAIN.ts", kTsUnivariate, "uea_ts", "a|b", "3x1|2x1");
        row("ts multivariate ?", "Toy_TRAIN.ts", kTsMultivariate, "uea_ts", "up|down", "3x2|2x2");
        row("ts bad case", "Toy_TRAIN.ts",
            "@problemName t\n@classLabel true a b\n@dimensions 2\n@data\n1,2:3,4:a\n1,2:b\n"
            "1,x:3,4:a\n5:6:b\n",
            "uea_ts", "a|b", "2x2|1x2", "6|7");
        row("arff univariate", "Toy_TRAIN.arff", kArffUnivariate, "weka_arff", "x|y", "3x1|2x1");
        row("arff relational", "Toy_TRAIN.arff", kArffRelational, "weka_arff", "up|down",
            "3x2|2x2");
        row("arff bad row", "Toy_TRAIN.arff",
            "@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute c {x,y}\n"
            "@data\n1,2,x\n1,y\n3,zz,y\n4,5,y\n",
            "weka_arff", "x|y", "2x1|2x1", "7|8");
    }

    // Read, then written back unchanged: the same bytes (header kept line for line).
    void seriesFormatsRoundTrip_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("ts univariate") << QStringLiteral("a.ts") << QByteArray(kTsUnivariate);
        QTest::newRow("ts multivariate") << QStringLiteral("a.ts") << QByteArray(kTsMultivariate);
        QTest::newRow("arff univariate") << QStringLiteral("a.arff") << QByteArray(kArffUnivariate);
        QTest::newRow("arff relational") << QStringLiteral("a.arff") << QByteArray(kArffRelational);
    }
    void seriesFormatsRoundTrip() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const fs::path in = fs::path(dir.path().toStdString()) / name.toStdString();
        writeFile(in, bytes.toStdString());
        const SeriesTable t = readSeriesTable(in);
        const fs::path out = fs::path(dir.path().toStdString()) / ("out_" + name.toStdString());
        writeSeriesTable(out, t);
        std::ifstream f(out, std::ios::binary);
        const std::string written((std::istreambuf_iterator<char>(f)), {});
        QCOMPARE(QByteArray::fromStdString(written), bytes);
        // Values, missing ones included, survive.
        const SeriesTable back = readSeriesTable(out);
        QCOMPARE(back.series.size(), t.series.size());
        for (size_t n = 0; n < t.series.size(); ++n) {
            QCOMPARE(back.series[n].label, t.series[n].label);
            QCOMPARE(back.series[n].values.size(), t.series[n].values.size());
            for (int i = 0; i < int(t.series[n].values.total()); ++i) {
                const double a = t.series[n].values.ptr<double>()[i];
                const double b = back.series[n].values.ptr<double>()[i];
                QVERIFY(a == b || (std::isnan(a) && std::isnan(b)));
            }
        }
    }

    void seriesFormatsRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("ts without @data")
            << QStringLiteral("a.ts") << QByteArray("@problemName x\n1,2:a\n")
            << QStringLiteral("a.ts:2: expected a header line");
        QTest::newRow("ts time stamps")
            << QStringLiteral("a.ts") << QByteArray("@timeStamps true\n@data\n(0,1):a\n")
            << QStringLiteral("a.ts:1: time-stamped .ts files are not supported");
        QTest::newRow("arff string attributes")
            << QStringLiteral("a.arff")
            << QByteArray("@relation r\n@attribute s string\n@attribute t string\n@data\n")
            << QStringLiteral("a.arff: unsupported ARFF attributes");
        QTest::newRow("arff without @data")
            << QStringLiteral("a.arff") << QByteArray("@relation r\n")
            << QStringLiteral("a.arff: no @data line");
    }
    void seriesFormatsRefused() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const fs::path in = fs::path(dir.path().toStdString()) / name.toStdString();
        writeFile(in, bytes.toStdString());
        try {
            readSeriesTable(in);
            QFAIL("accepted");
        } catch (const IoError& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.contains(message), qPrintable(what));
            QVERIFY2(what.startsWith(QString::fromStdString(in.string())), qPrintable(what));
        }
    }

    void scanReaderAndExportAgree() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, layout);
        QFETCH(QString, labels);
        QFETCH(QString, shapes);
        QFETCH(QString, badLines);
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "in";
        const fs::path file = root / name.toStdString();
        writeFile(file, bytes.toStdString());

        const Dataset ds = scanDataset(root);
        QCOMPARE(QString::fromStdString(layoutName(ds.layout)), layout);
        std::vector<std::string> scanLabels, scanShapes, bad;
        for (const auto& item : ds.items) {
            scanLabels.push_back(item.label);
            scanShapes.push_back(shapeOf(item, ds.modality));
        }
        for (const auto& b : ds.bad)
            bad.push_back(std::to_string(b.line));
        QCOMPARE(QString::fromStdString(joined(scanLabels)), labels);
        QCOMPARE(QString::fromStdString(joined(scanShapes)), shapes);
        QCOMPARE(QString::fromStdString(joined(bad)), badLines);

        // The reader an export uses reads exactly these rows.
        const ItemFile f = readItemFile(file, ds.modality, {ReadLimits{}, true});
        std::vector<std::string> readLabels, readShapes;
        for (const auto& s : f.samples) {
            readLabels.push_back(labelOf(s));
            readShapes.push_back(shapeOf(s));
        }
        QCOMPARE(QString::fromStdString(joined(readLabels)), labels);
        QCOMPARE(QString::fromStdString(joined(readShapes)), shapes);
        for (size_t i = 0; i < ds.items.size(); ++i)
            QCOMPARE(ds.items[i].row, int64_t(i));

        // And the export writes every listed row (no "no 'text' column", no dropped row).
        const std::string modality = ds.modality == Modality::Text ? "text" : "series";
        const Pipeline pipeline = pipelineFromJson(
            json{{"version", 1}, {"modality", modality}, {"seed", 1}, {"steps", json::array()}});
        ExportOptions o;
        o.output = fs::path(dir.path().toStdString()) / "out";
        o.jobs = 1;
        const ExportSummary s = runExport(pipeline, root, o);
        QCOMPARE(s.failures, int64_t(ds.bad.size())); // the scan's reports, nothing more
        QCOMPARE(s.outputs, int64_t(ds.items.size()));
        // The written table reads back with the same labels.
        std::vector<std::string> outLabels;
        for (const auto& e : fs::directory_iterator(o.output))
            if (e.is_regular_file() && e.path().extension() == file.extension())
                for (const auto& smp : readItemFile(e.path(), ds.modality, {}).samples)
                    outLabels.push_back(labelOf(smp));
        QCOMPARE(QString::fromStdString(joined(outLabels)), labels);
    }
};

QTEST_GUILESS_MAIN(TestIoTables)
#include "tst_io_tables.moc"

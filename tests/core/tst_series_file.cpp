// Series files: UCR, CSV and long CSV read and written back with every value exact, the
// CSV dialects (BOM, CRLF, `;`, quotes, empty lines, decimal commas), and bad rows reported
// with file:line and the reason.
#include "core/io/series/seriesfile.h"
#include "core/io/table/csv.h"
#include "core/util/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace augstudio::core;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream o(p, std::ios::binary);
    o << text;
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Values that need all 17 significant digits, plus awkward ones.
double awkward(int i, int c) {
    static const double special[] = {0.1,
                                     1.0 / 3.0,
                                     -2.718281828459045,
                                     1e-300,
                                     6.02214076e23,
                                     -0.0,
                                     123456789.12345678,
                                     5e-324,
                                     1.7976931348623157e308};
    if ((i + c) % 5 == 0)
        return special[size_t(i + c) % 9];
    // Volatile: with constant arguments clang folds sin and pow at compile time, one bit
    // away from the run-time libm result, and the expected value must equal what was written.
    volatile double x = i * 0.37 + c, e = (i % 7) - 3;
    return std::sin(x) * std::pow(10.0, e) + 1.0 / (i + 3.0);
}

bool sameBits(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

} // namespace

class TestSeriesFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path path(const char* name) const { return fs::path(dir_.path().toStdString()) / name; }

private slots:
    void ucrRoundTripIsExact() {
        // Unequal lengths padded with NaN, a gap inside a series, string labels.
        std::string text;
        const int lengths[] = {12, 9, 12, 5};
        const char* labels[] = {"1", "2", "walk", "-1"};
        std::vector<std::vector<double>> expected;
        for (int r = 0; r < 4; ++r) {
            text += labels[r];
            std::vector<double> row;
            for (int i = 0; i < 12; ++i) {
                text += '\t';
                if (i < lengths[r]) {
                    double v = awkward(i, r);
                    if (r == 2 && i == 4)
                        v = NAN; // an inner gap stays
                    std::string num;
                    csv::appendNumber(num, v);
                    text += num;
                    row.push_back(v);
                } else {
                    text += "NaN";
                }
            }
            text += '\n';
            expected.push_back(row);
        }
        writeText(path("a.tsv"), text);
        const SeriesTable t = readSeriesTable(path("a.tsv"));
        QCOMPARE(int(t.format), int(SeriesTable::Format::Ucr));
        QCOMPARE(t.delimiter, '\t');
        QCOMPARE(t.series.size(), size_t(4));
        QCOMPARE(t.ucrWidth, 12);
        for (int r = 0; r < 4; ++r) {
            const SeriesSample& s = t.series[size_t(r)];
            QCOMPARE(s.label, std::string(labels[r]));
            QCOMPARE(s.steps(), lengths[r]); // trailing padding trimmed
            QCOMPARE(s.channelCount(), 1);
            for (int i = 0; i < lengths[r]; ++i)
                QVERIFY(sameBits(s.values.at<double>(i, 0), expected[size_t(r)][size_t(i)]));
        }
        writeSeriesTable(path("b.tsv"), t);
        QCOMPARE(readText(path("b.tsv")), text); // byte-exact, padding restored
    }

    void seventeenDigitsSurvive() {
        // Values whose shortest exact form has 17 significant digits.
        const double v[] = {0.30000000000000004, 1.0000000000000002, 2.2250738585072014e-308,
                            0.12345678901234568, 9007199254740993.0};
        SeriesTable t;
        t.format = SeriesTable::Format::Ucr;
        SeriesSample s;
        s.values = cv::Mat(5, 1, CV_64FC1);
        for (int i = 0; i < 5; ++i)
            s.values.at<double>(i, 0) = v[i];
        s.label.assign(1, 'x'); // (not = "x": GCC 12 warns falsely with -Wrestrict)
        t.series.push_back(s);
        writeSeriesTable(path("d.tsv"), t);
        QVERIFY(readText(path("d.tsv")).find("0.30000000000000004") != std::string::npos);
        const SeriesTable back = readSeriesTable(path("d.tsv"));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(back.series[0].values.at<double>(i, 0), v[i]);
    }

    void csvRoundTripIsExact_data() {
        QTest::addColumn<QString>("delimiter");
        QTest::addColumn<QString>("lineEnd");
        QTest::addColumn<bool>("bom");
        QTest::addColumn<int>("timeAt"); // -1: no time column
        QTest::newRow("comma lf") << QStringLiteral(",") << QStringLiteral("\n") << false << 0;
        QTest::newRow("semicolon crlf bom")
            << QStringLiteral(";") << QStringLiteral("\r\n") << true << 0;
        QTest::newRow("tab, time last")
            << QStringLiteral("\t") << QStringLiteral("\n") << false << 3;
        QTest::newRow("comma, no time")
            << QStringLiteral(",") << QStringLiteral("\r\n") << false << -1;
    }
    void csvRoundTripIsExact() {
        QFETCH(QString, delimiter);
        QFETCH(QString, lineEnd);
        QFETCH(bool, bom);
        QFETCH(int, timeAt);
        const char d = delimiter.toLatin1()[0];
        const std::string eol = lineEnd.toStdString();
        const std::vector<std::string> names = {"acc x", "acc;y", "acc \"z\""};
        std::string text = bom ? "\xEF\xBB\xBF" : "";
        auto header = [&](std::string& out) {
            for (int col = 0, k = 0; col < 3 + (timeAt >= 0); ++col) {
                if (col)
                    out += d;
                if (col == timeAt)
                    out += "timestamp";
                else
                    csv::appendField(out, names[size_t(k++)], d);
            }
            out += eol;
        };
        header(text);
        for (int i = 0; i < 50; ++i) {
            for (int col = 0, k = 0; col < 3 + (timeAt >= 0); ++col) {
                if (col)
                    text += d;
                if (col == timeAt)
                    csv::appendNumber(text, 0.01 * i + 1.7e9);
                else
                    csv::appendNumber(text, i == 7 && k == 1 ? NAN : awkward(i, k));
                k += col != timeAt;
            }
            text += eol;
        }
        writeText(path("s.csv"), text);
        const SeriesTable t = readSeriesTable(path("s.csv"));
        QCOMPARE(int(t.format), int(SeriesTable::Format::Csv));
        QCOMPARE(t.delimiter, d);
        QCOMPARE(t.bom, bom);
        QCOMPARE(t.lineEnd, eol);
        QCOMPARE(t.series.size(), size_t(1));
        const SeriesSample& s = t.series[0];
        QCOMPARE(s.channelNames, names);
        QCOMPARE(s.steps(), 50);
        QCOMPARE(s.channelCount(), 3);
        QCOMPARE(s.timestamps.size(), size_t(timeAt >= 0 ? 50 : 0));
        QCOMPARE(t.timeColumn, std::string(timeAt >= 0 ? "timestamp" : ""));
        QVERIFY(std::isnan(s.values.at<double>(7, 1)));
        QVERIFY(sameBits(s.values.at<double>(9, 2), awkward(9, 2)));
        writeSeriesTable(path("s2.csv"), t);
        QCOMPARE(readText(path("s2.csv")), text);
    }

    // A table read from a file, written and read back, holds the same series even when its
    // cells hold other candidate delimiters: the reader sniffs the delimiter, and a text that
    // sniffs otherwise is written with another one (or refused) rather than read back as a
    // different table. The rows are what fuzz_series found (tests/fuzz/corpus/series/).
    void roundTripKeepsTheSeriesCount_data() {
        QTest::addColumn<QByteArray>("text");
        // A trimmed header name " id;label;z" written bare sniffs as `;`, with id and label
        // columns: a long CSV of no series instead of one series.
        QTest::newRow("trimmed header") << QByteArray("\" id;label;z\",x\n");
        QTest::newRow("trimmed header, rows") << QByteArray("\" id;label;z\",x\n1,2\n3,4\n");
        QFile found(
            QDir::cleanPath(QStringLiteral(TESTS_SOURCE_DIR "/fuzz/corpus/series/"
                                                            "series-roundtrip-loses-series.bin")));
        QVERIFY(found.open(QIODevice::ReadOnly));
        QTest::newRow("fuzz: series-roundtrip-loses-series") << found.readAll().mid(1);
    }
    void roundTripKeepsTheSeriesCount() {
        QFETCH(QByteArray, text);
        writeText(path("in.csv"), text.toStdString());
        const SeriesTable t = readSeriesTable(path("in.csv"));
        writeSeriesTable(path("out.csv"), t);
        const SeriesTable back = readSeriesTable(path("out.csv"));
        QCOMPARE(back.series.size(), t.series.size());
        QCOMPARE(int(back.format), int(t.format));
        for (size_t i = 0; i < t.series.size(); ++i) {
            QCOMPARE(back.series[i].channelNames, t.series[i].channelNames);
            QCOMPARE(back.series[i].steps(), t.series[i].steps());
        }
        // Written again, the file no longer changes.
        writeSeriesTable(path("out2.csv"), back);
        QCOMPARE(readText(path("out2.csv")), readText(path("out.csv")));
    }

    void longCsvRoundTripIsExact() {
        std::string text = "series_id,label,time,x,y\n";
        // Rows of series "b" are interleaved with "a": grouped by id, in first-row order.
        for (int i = 0; i < 6; ++i) {
            for (const char* id : {"a", "b"}) {
                text += std::string(id) + "," + (id[0] == 'a' ? "run" : "\"sit, down\"") + ",";
                csv::appendNumber(text, i * 0.5);
                for (int c = 0; c < 2; ++c) {
                    text += ',';
                    csv::appendNumber(text, awkward(i, c + (id[0] == 'b')));
                }
                text += '\n';
            }
        }
        writeText(path("l.csv"), text);
        const SeriesTable t = readSeriesTable(path("l.csv"));
        QCOMPARE(int(t.format), int(SeriesTable::Format::LongCsv));
        QCOMPARE(t.ids, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(t.series.size(), size_t(2));
        QCOMPARE(t.series[1].label, std::string("sit, down"));
        QCOMPARE(t.series[0].steps(), 6);
        QCOMPARE(t.series[0].timestamps.back(), 2.5);
        QCOMPARE(t.series[1].values.at<double>(3, 1), awkward(3, 2));
        writeSeriesTable(path("l2.csv"), t);
        // Written grouped by series: the same rows, "a" first.
        const SeriesTable back = readSeriesTable(path("l2.csv"));
        QCOMPARE(back.ids, t.ids);
        for (size_t n = 0; n < 2; ++n) {
            QCOMPARE(back.series[n].label, t.series[n].label);
            QCOMPARE(back.series[n].timestamps, t.series[n].timestamps);
            QCOMPARE(cv::norm(back.series[n].values, t.series[n].values, cv::NORM_INF), 0.0);
        }
        writeSeriesTable(path("l3.csv"), back);
        QCOMPARE(readText(path("l3.csv")), readText(path("l2.csv")));
    }

    void dialectsAreRead() {
        // BOM, CRLF, `;` with decimal commas, quoted header, blank lines, a time column of
        // ISO dates kept as text.
        const std::string text = "\xEF\xBB\xBF\"time\";\"temp\";hum\r\n\r\n"
                                 "2024-01-01T00:00;1,5;40\r\n"
                                 "   \r\n"
                                 "2024-01-01T01:00;-2,25;\r\n"
                                 "2024-01-01T02:00;NaN;41,125\r\n";
        writeText(path("eu.csv"), text);
        const SeriesTable t = readSeriesTable(path("eu.csv"));
        QCOMPARE(t.delimiter, ';');
        QVERIFY(t.decimalComma);
        QCOMPARE(t.lineEnd, std::string("\r\n"));
        const SeriesSample& s = t.series[0];
        QCOMPARE(s.channelNames, (std::vector<std::string>{"temp", "hum"}));
        QCOMPARE(s.steps(), 3);
        QCOMPARE(s.values.at<double>(0, 0), 1.5);
        QCOMPARE(s.values.at<double>(1, 0), -2.25);
        QVERIFY(std::isnan(s.values.at<double>(1, 1))); // an empty cell is a gap
        QVERIFY(std::isnan(s.values.at<double>(2, 0)));
        QCOMPARE(s.values.at<double>(2, 1), 41.125);
        QVERIFY(s.timestamps.empty());
        QCOMPARE(t.timeText.at(0).at(1), std::string("2024-01-01T01:00"));
        writeSeriesTable(path("eu2.csv"), t);
        QCOMPARE(readText(path("eu2.csv")),
                 std::string("\xEF\xBB\xBFtime;temp;hum\r\n2024-01-01T00:00;1,5;40\r\n"
                             "2024-01-01T01:00;-2,25;NaN\r\n2024-01-01T02:00;NaN;41,125\r\n"));
    }

    void tokenizerHandlesQuotes() {
        const std::string text = "a,\"b \"\"q\"\" c\",\"multi\nline\"\n\n1,,\"x,y\"\r\nlast";
        csv::Tokenizer tok(text, ',');
        QVERIFY(tok.next());
        QCOMPARE(tok.line(), int64_t(1));
        QCOMPARE(tok.fields().size(), size_t(3));
        QCOMPARE(std::string(tok.fields()[1]), std::string("b \"q\" c"));
        QCOMPARE(std::string(tok.fields()[2]), std::string("multi\nline"));
        QVERIFY(tok.next());
        QCOMPARE(tok.line(), int64_t(4)); // the quoted line break counts
        QCOMPARE(tok.fields().size(), size_t(3));
        QCOMPARE(std::string(tok.fields()[1]), std::string());
        QCOMPARE(std::string(tok.fields()[2]), std::string("x,y"));
        QVERIFY(tok.next());
        QCOMPARE(tok.line(), int64_t(5));
        QCOMPARE(std::string(tok.fields()[0]), std::string("last"));
        QVERIFY(!tok.next());
        QCOMPARE(csv::sniffDelimiter("\n\na;b,c\n1;2,5\n"), ';');
        QCOMPARE(csv::sniffDelimiter("a\tb;c\n1\t2\n"), '\t');
        QCOMPARE(csv::sniffDelimiter("\"a;b\",c\n1,2\n"), ',');
        QCOMPARE(csv::sniffDelimiter("x,a;b,c\n1,2,3\n"), ','); // `;` inside a name
        QCOMPARE(csv::sniffDelimiter("a;b\n1,5;2,25\n"), ';');
        // Found by fuzz_text: split at `;`, the quote after "x;" opens a field that runs to
        // the end (one record); split at `,`, it is a quoted cell and there are two records.
        QCOMPARE(csv::sniffDelimiter("a,b;\"c\n1,2\n"), ',');
        QCOMPARE(csv::sniffDelimiter("a,b;\"c\n1,2\n3,\"4\"\n"), ',');
        QCOMPARE(csv::sniffDelimiter("a;b\n1;\"x\ny\"\n2;3\n"), ';'); // a line break in a cell
        QCOMPARE(csv::sniffDelimiter("  1.0e+00  -2.5e-01   3\n"), ' ');
    }

    void blankSeparatedUcrIsRead() {
        // The old UCR .txt layout: runs of blanks, exponent notation.
        writeText(path("old.txt"), "  1.0000000e+00  -2.5e-01   3.5\n  2.0000000e+00   1   2\n");
        const SeriesTable t = readSeriesTable(path("old.txt"));
        QCOMPARE(int(t.format), int(SeriesTable::Format::Ucr));
        QCOMPARE(t.series.size(), size_t(2));
        QCOMPARE(t.series[0].label, std::string("1.0000000e+00"));
        QCOMPARE(t.series[0].values.at<double>(0, 0), -0.25);
        QCOMPARE(t.series[1].values.at<double>(1, 0), 2.0);
    }

    void badFilesNameTheLine_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        auto row = [](const char* name, const char* text, const char* error) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(error);
        };
        row("ucr ragged", "1\t0.5\t0.25\n2\t1\t2\n\n3\t1\n",
            "bad.tsv:4: ragged row: 1 values, expected 2");
        row("ucr non-numeric", "1\t0.5\t0.25\n2\t1\tabc\n",
            "bad.tsv:2: non-numeric cell 'abc' in column 3");
        row("csv ragged", "t,x,y\n0,1,2\r\n1,1\n", "bad.tsv:3: ragged row: 2 cells, expected 3");
        row("csv non-numeric", "x,y\n1,2\n\n3,four\n",
            "bad.tsv:4: non-numeric cell 'four' in column 2");
        row("long csv two labels", "series_id,label,x\na,1,0.5\na,2,0.7\n",
            "bad.tsv:3: series 'a' has label '2' here but '1' on an earlier row");
        // Found by fuzz_series: a long CSV with no value column read as empty series that
        // were lost on write.
        row("long csv without values", "series_id,label,time\ns1,a,3\n",
            "bad.tsv:1: no value column: a long CSV needs at least one channel column");
        row("csv with only time", "time\n0\n1\n",
            "bad.tsv:1: no value column: the header names only a time column");
        row("unclosed quote", "x,y\n1,\"2\n3,4\n", "bad.tsv:2: a quoted field is not closed");
        row("empty", "\n\n  \n", "bad.tsv: empty file");
    }
    void badFilesNameTheLine() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        writeText(path("bad.tsv"), text.toStdString());
        try {
            readSeriesTable(path("bad.tsv"));
            QFAIL("a bad file was accepted");
        } catch (const IoError& e) {
            const std::string what = e.what();
            const std::string want =
                path("bad.tsv").parent_path().string() + "/" + error.toStdString();
            QVERIFY2(what.rfind(want, 0) == 0, what.c_str());
        }
    }

    void missingFileIsAnIoError() {
        QVERIFY_THROWS_EXCEPTION(IoError, readSeriesTable(path("nope.tsv")));
    }

    void ucrRefusesMultichannel() {
        SeriesTable t;
        SeriesSample s;
        s.values = cv::Mat(3, 2, CV_64FC1, cv::Scalar(1.0));
        t.series.push_back(s);
        QVERIFY_THROWS_EXCEPTION(IoError, writeSeriesTable(path("m.tsv"), t));
        QVERIFY(!fs::exists(path("m.tsv")));
    }

    void ucrLongerSeriesWidenTheRows() {
        writeText(path("w.tsv"), "1\t1\t2\tNaN\n2\t3\t4\t5\n");
        SeriesTable t = readSeriesTable(path("w.tsv"));
        QCOMPARE(t.series[0].steps(), 2);
        t.series[0].values = cv::Mat(5, 1, CV_64FC1, cv::Scalar(0.5));
        writeSeriesTable(path("w2.tsv"), t);
        QCOMPARE(readText(path("w2.tsv")),
                 std::string("1\t0.5\t0.5\t0.5\t0.5\t0.5\n2\t3\t4\t5\tNaN\tNaN\n"));
    }
};

QTEST_GUILESS_MAIN(TestSeriesFile)
#include "tst_series_file.moc"

// Text tables: EDA's label<TAB>text TSV and CSV with text/label columns, UTF-8 checked,
// BOM / CR LF / empty lines accepted, bad input reported with its line.
#include "core/io/text/textfile.h"
#include "core/util/error.h"

#include <QtTest>

using namespace augstudio::core;

namespace {

std::string writeBytes(const QTemporaryDir& dir, const char* name, const std::string& bytes) {
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes.data(), qint64(bytes.size()));
    return path.toStdString();
}

std::string readBytes(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray b = f.readAll();
    return std::string(b.constData(), size_t(b.size()));
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestTextFile : public QObject {
    Q_OBJECT
private slots:
    void tsvRoundTrip() {
        QTemporaryDir dir;
        const std::string bytes = "1\tThe quick brown fox.\n0\tCafé 🙂 déjà vu, 日本語\n\n"
                                  "pos\tA\ttab inside stays in the text\n";
        const std::string in = writeBytes(dir, "in.tsv", bytes);
        const TextTable t = readTextTable(in);
        QCOMPARE(t.format, TextTable::Format::LabelTabText);
        QCOMPARE(t.rows.size(), size_t(3)); // the empty line is skipped
        QCOMPARE(q(t.rows[0].label), QStringLiteral("1"));
        QCOMPARE(q(t.rows[0].text), QStringLiteral("The quick brown fox."));
        QCOMPARE(q(t.rows[1].text), QString::fromUtf8("Café 🙂 déjà vu, 日本語"));
        QCOMPARE(q(t.rows[2].text), QStringLiteral("A\ttab inside stays in the text"));
        QCOMPARE(t.lines, (std::vector<int>{1, 2, 4}));
        const std::string out = dir.filePath(QStringLiteral("out.tsv")).toStdString();
        TextTable copy = t;
        copy.rows.pop_back();
        writeTextTable(out, copy);
        QCOMPARE(readBytes(out),
                 std::string("1\tThe quick brown fox.\n0\tCafé 🙂 déjà vu, 日本語\n"));
        const TextTable again = readTextTable(out);
        QCOMPARE(again.rows.size(), size_t(2));
        QCOMPARE(again.rows[1].text, copy.rows[1].text);
        QVERIFY(!QFile::exists(QString::fromStdString(out + ".tmp-augstudio")));
    }

    void bomAndCrlfKept() {
        QTemporaryDir dir;
        const std::string in = writeBytes(dir, "in.tsv",
                                          "\xEF\xBB\xBF"
                                          "a\tfirst\r\n\r\nb\tsecond\r\n");
        const TextTable t = readTextTable(in);
        QVERIFY(t.bom);
        QVERIFY(t.crlf);
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(q(t.rows[0].label), QStringLiteral("a"));     // the BOM is not part of the label
        QCOMPARE(q(t.rows[1].text), QStringLiteral("second")); // no trailing CR
        const std::string out = dir.filePath(QStringLiteral("out.tsv")).toStdString();
        writeTextTable(out, t);
        QCOMPARE(readBytes(out), std::string("\xEF\xBB\xBF"
                                             "a\tfirst\r\nb\tsecond\r\n"));
    }

    // Found by fuzz_text: a row whose label is a lone U+FEFF, on a line after the first, was
    // written first in the output and read back as the file's byte order mark, losing the row.
    void leadingZeroWidthNoBreakSpaceSurvivesARoundTrip() {
        QTemporaryDir dir;
        const std::string in = writeBytes(dir, "in.tsv", " \n\n\xEF\xBB\xBF\t\n");
        const TextTable t = readTextTable(in);
        QVERIFY(!t.bom);
        QCOMPARE(t.rows.size(), size_t(1));
        QCOMPARE(t.rows[0].label, std::string("\xEF\xBB\xBF"));
        const std::string out = dir.filePath(QStringLiteral("out.tsv")).toStdString();
        writeTextTable(out, t);
        const TextTable back = readTextTable(out);
        QCOMPARE(back.rows.size(), size_t(1));
        QCOMPARE(back.rows[0].label, t.rows[0].label);
    }

    void csvRowsThatLookBlankSurviveARoundTrip_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("written");
        QTest::addColumn<int>("rows");
        // Found by fuzz_text: the row "" of a one-column CSV (a bare CR ends the header) was
        // written as an empty line, and a text of tabs unquoted: both read back as no row.
        QTest::newRow("one empty cell")
            << QByteArray("text\r\"\"") << QByteArray("text\n\"\"\n") << 1;
        QTest::newRow("tabs") << QByteArray("text\n\"\t\t\"\n") << QByteArray("text\n\"\t\t\"\n")
                              << 1;
        QTest::newRow("every cell empty") << QByteArray("text,label\n\"\",\"\"\nx,a\n")
                                          << QByteArray("text,label\n\"\",\nx,a\n") << 2;
    }

    void csvRowsThatLookBlankSurviveARoundTrip() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, written);
        QFETCH(int, rows);
        QTemporaryDir dir;
        const std::string in = writeBytes(dir, "in.csv", input.toStdString());
        const TextTable t = readTextTable(in);
        QCOMPARE(int(t.rows.size()), rows);
        const std::string out = dir.filePath(QStringLiteral("out.csv")).toStdString();
        writeTextTable(out, t);
        QCOMPARE(readBytes(out), written.toStdString());
        const TextTable back = readTextTable(out);
        QCOMPARE(int(back.rows.size()), rows);
        for (size_t i = 0; i < back.rows.size(); ++i) {
            QCOMPARE(back.rows[i].text, t.rows[i].text);
            QCOMPARE(back.rows[i].label, t.rows[i].label);
        }
    }

    void csvAnyColumnOrderQuotesAndExtraColumns() {
        QTemporaryDir dir;
        const std::string bytes = "id,Label,text\n"
                                  "1,pos,\"Hello, \"\"World\"\"!\"\n"
                                  "\n"
                                  "2,neg,\"two\nlines\"\n"
                                  "3,neg,plain\n";
        const std::string in = writeBytes(dir, "in.csv", bytes);
        const TextTable t = readTextTable(in);
        QCOMPARE(t.format, TextTable::Format::CsvTextLabel);
        QCOMPARE(t.textColumn, 2);
        QCOMPARE(t.labelColumn, 1);
        QCOMPARE(t.rows.size(), size_t(3));
        QCOMPARE(q(t.rows[0].text), QStringLiteral("Hello, \"World\"!"));
        QCOMPARE(q(t.rows[0].label), QStringLiteral("pos"));
        QCOMPARE(q(t.rows[1].text), QStringLiteral("two\nlines"));
        QCOMPARE(t.lines, (std::vector<int>{2, 4, 6}));
        TextTable edited = t;
        edited.rows[2].text = "now, with a comma";
        const std::string out = dir.filePath(QStringLiteral("out.csv")).toStdString();
        writeTextTable(out, edited);
        QCOMPARE(readBytes(out), std::string("id,Label,text\n"
                                             "1,pos,\"Hello, \"\"World\"\"!\"\n"
                                             "2,neg,\"two\nlines\"\n"
                                             "3,neg,\"now, with a comma\"\n"));
        const TextTable again = readTextTable(out);
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(again.rows[i].text, edited.rows[i].text);
            QCOMPARE(again.rows[i].label, edited.rows[i].label);
        }
        QCOMPARE(again.cells[1][0], std::string("2")); // the id column survived
    }

    void csvSemicolonAndCrlf() {
        QTemporaryDir dir;
        const std::string in = writeBytes(dir, "in.csv", "text;label\r\n\"a;b\";x\r\nc;y\r\n");
        const TextTable t = readTextTable(in);
        QCOMPARE(t.delimiter, ';');
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(q(t.rows[0].text), QStringLiteral("a;b"));
        QCOMPARE(q(t.rows[1].label), QStringLiteral("y"));
        const std::string out = dir.filePath(QStringLiteral("out.csv")).toStdString();
        writeTextTable(out, t);
        QCOMPARE(readBytes(out), std::string("text;label\r\n\"a;b\";x\r\nc;y\r\n"));
    }

    void badInputReportedWithLine_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        auto row = [](const char* tag, const char* name, QByteArray bytes, const char* error) {
            QTest::newRow(tag) << QString::fromLatin1(name) << bytes << QString::fromUtf8(error);
        };
        row("invalid utf-8 tsv", "a.tsv", QByteArray("1\tok\n0\tok too\n1\tbad \xFF byte\n"),
            "a.tsv:3: invalid UTF-8 (byte 0xFF at byte column 7)");
        row("truncated sequence", "a.tsv", QByteArray("1\tok\n1\tcut \xC3"),
            "a.tsv:2: invalid UTF-8 (byte 0xC3");
        row("overlong", "a.csv", QByteArray("text,label\n\xC0\xAF,1\n"),
            "a.csv:2: invalid UTF-8 (byte 0xC0 at byte column 1)");
        row("no tab", "a.tsv", QByteArray("1\tfine\njust text\n"),
            "a.tsv:2: expected label<TAB>text");
        row("no text column", "a.csv", QByteArray("words,label\nx,1\n"),
            "a.csv:1: no 'text' column in the header (found 'words', 'label')");
        row("ragged row", "a.csv", QByteArray("text,label\na,1\nb\n"),
            "a.csv:3: expected 2 fields as in the header, found 1");
        row("unterminated quote", "a.csv", QByteArray("text,label\n\"open,1\nmore\n"),
            "a.csv:2: unterminated quoted field");
        row("empty csv", "a.csv", QByteArray(""), "a.csv: no header");
    }
    void badInputReportedWithLine() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const std::string path = writeBytes(dir, name.toLatin1().constData(), bytes.toStdString());
        try {
            readTextTable(path);
            QFAIL("accepted bad input");
        } catch (const IoError& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.startsWith(dir.path() + QLatin1Char('/') + error), qPrintable(what));
        }
    }

    void missingFile() {
        QVERIFY_THROWS_EXCEPTION(IoError, readTextTable("/nonexistent/x.tsv"));
        TextTable t;
        t.rows.push_back({"x", "y"});
        QVERIFY_THROWS_EXCEPTION(IoError, writeTextTable("/nonexistent/dir/x.tsv", t));
    }

    void tsvWriteFlattensTabsAndNewlines() {
        QTemporaryDir dir;
        TextTable t;
        t.rows.push_back({"a\tb\nc", "l"});
        const std::string out = dir.filePath(QStringLiteral("o.tsv")).toStdString();
        writeTextTable(out, t);
        QCOMPARE(readBytes(out), std::string("l\ta b c\n"));
    }

    void sniffedWithoutExtension() {
        QTemporaryDir dir;
        const TextTable tsv = readTextTable(writeBytes(dir, "data", "x\thello\n"));
        QCOMPARE(tsv.format, TextTable::Format::LabelTabText);
        const TextTable csv = readTextTable(writeBytes(dir, "data2", "label,text\nx,hello\n"));
        QCOMPARE(csv.format, TextTable::Format::CsvTextLabel);
        QCOMPARE(q(csv.rows[0].text), QStringLiteral("hello"));
    }

    void longLines() {
        QTemporaryDir dir;
        std::string text;
        for (int i = 0; i < 200000; ++i)
            text.append("word ");
        const TextTable t = readTextTable(writeBytes(dir, "long.tsv", "l\t" + text + "\n"));
        QCOMPARE(t.rows.at(0).text.size(), text.size());
    }
};

QTEST_GUILESS_MAIN(TestTextFile)
#include "tst_text_file.moc"

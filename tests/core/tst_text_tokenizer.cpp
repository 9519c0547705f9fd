// The tokenizer behind every word-level text transform: words, separators, and edits that
// leave untouched words and punctuation as they were.
#include "core/random/rng.h"
#include "core/transforms/text/tokenizedtext.h"
#include "core/util/utf8.h"

#include <QtTest>

using namespace augstudio::core;

namespace {

QStringList wordsOf(const TokenizedText& t) {
    QStringList out;
    for (size_t i = 0; i < t.size(); ++i)
        out << QString::fromStdString(t.word(i));
    return out;
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestTextTokenizer : public QObject {
    Q_OBJECT
private slots:
    void words_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << QStringLiteral("the quick fox")
                               << QStringList{QStringLiteral("the"), QStringLiteral("quick"),
                                              QStringLiteral("fox")};
        QTest::newRow("punctuation")
            << QStringLiteral("Hello, World!")
            << QStringList{QStringLiteral("Hello"), QStringLiteral("World")};
        QTest::newRow("apostrophe and hyphen")
            << QStringLiteral("Don't stop well-known 'quotes' - ok")
            << QStringList{QStringLiteral("Don't"), QStringLiteral("stop"),
                           QStringLiteral("well-known"), QStringLiteral("quotes"),
                           QStringLiteral("ok")};
        QTest::newRow("numbers") << QStringLiteral("pi is 3.14, about 1,000.")
                                 << QStringList{QStringLiteral("pi"), QStringLiteral("is"),
                                                QStringLiteral("3.14"), QStringLiteral("about"),
                                                QStringLiteral("1,000")};
        QTest::newRow("accents and emoji")
            << QString::fromUtf8("Café 🙂 naïve—déjà vu")
            << QStringList{QString::fromUtf8("Café"), QString::fromUtf8("naïve"),
                           QString::fromUtf8("déjà"), QStringLiteral("vu")};
        QTest::newRow("cjk") << QString::fromUtf8("我爱猫。 日本語")
                             << QStringList{QString::fromUtf8("我爱猫"),
                                            QString::fromUtf8("日本語")};
        QTest::newRow("empty") << QString() << QStringList{};
        QTest::newRow("only punctuation") << QStringLiteral(" ...!? ") << QStringList{};
    }
    void words() {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        const std::string s = text.toStdString();
        const TokenizedText t(s);
        QCOMPARE(wordsOf(t), words);
        QCOMPARE(q(t.str()), text); // unedited: byte for byte
    }

    void roundTripOnRandomBytes() {
        // Any bytes, valid UTF-8 or not, come back unchanged and words are never empty.
        Rng rng(42);
        for (int k = 0; k < 2000; ++k) {
            std::string s(size_t(rng.integer(0, 40)), '\0');
            for (char& c : s)
                c = char(rng.integer(0, 255));
            const TokenizedText t(s);
            QCOMPARE(t.str(), s);
            for (size_t i = 0; i < t.size(); ++i) {
                QVERIFY(!t.word(i).empty());
                QCOMPARE(s.substr(t.offset(i), t.word(i).size()), t.word(i));
                QCOMPARE(utf8::firstInvalid(t.word(i)), std::string_view::npos);
            }
        }
    }

    void editsKeepSeparators_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("op");
        QTest::addColumn<int>("i");
        QTest::addColumn<int>("j");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const char* text, const char* op, int i, int j,
                      const char* expected) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(op) << i << j
                                << QString::fromUtf8(expected);
        };
        row("swap", "Hello, World!", "swap", 0, 1, "World, Hello!");
        row("replace", "Hello, World!", "replace", 1, 0, "Hello, Earth!");
        row("erase middle", "The big, red dog.", "erase", 1, 0, "The, red dog.");
        row("erase middle plain", "a b c", "erase", 1, 0, "a c");
        row("erase first", "Hello, big world", "erase", 0, 0, "big world");
        row("erase last", "Hello big world!", "erase", 2, 0, "Hello big!");
        row("erase last after comma", "Hello, world!", "erase", 1, 0, "Hello!");
        row("insert front", "Hello World", "insert", 0, 0, "Earth Hello World");
        row("insert middle", "Hello, World!", "insert", 1, 0, "Hello, Earth World!");
        row("insert end", "Hello World!", "insert", 2, 0, "Hello World Earth!");
        row("erase keeps quotes", "\"Hi there\" she said", "erase", 1, 0, "\"Hi\" she said");
    }
    void editsKeepSeparators() {
        QFETCH(QString, text);
        QFETCH(QString, op);
        QFETCH(int, i);
        QFETCH(int, j);
        QFETCH(QString, expected);
        TokenizedText t(text.toStdString());
        if (op == QStringLiteral("swap"))
            t.swap(size_t(i), size_t(j));
        else if (op == QStringLiteral("replace"))
            t.replace(size_t(i), "Earth");
        else if (op == QStringLiteral("erase"))
            t.erase(size_t(i));
        else
            t.insert(size_t(i), "Earth");
        QCOMPARE(q(t.str()), expected);
    }

    void utf8Decoding() {
        QCOMPARE(utf8::firstInvalid("plain ascii"), std::string_view::npos);
        QCOMPARE(utf8::firstInvalid("caf\xC3\xA9 \xF0\x9F\x99\x82"), std::string_view::npos);
        QCOMPARE(utf8::firstInvalid("ab\xFF"), size_t(2));
        QCOMPARE(utf8::firstInvalid("ab\xC3"), size_t(2));           // truncated
        QCOMPARE(utf8::firstInvalid("\xC0\xAF"), size_t(0));         // overlong '/'
        QCOMPARE(utf8::firstInvalid("x\xED\xA0\x80"), size_t(1));    // surrogate
        QCOMPARE(utf8::firstInvalid("\xF4\x90\x80\x80"), size_t(0)); // above U+10FFFF
        std::string s;
        for (char32_t c : {char32_t(0x41), char32_t(0xE9), char32_t(0x4E2D), char32_t(0x1F642)})
            utf8::append(s, c);
        QCOMPARE(s, std::string("A\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x99\x82"));
        QCOMPARE(int(utf8::decode(s, 6).value), 0x1F642);
    }
};

QTEST_GUILESS_MAIN(TestTextTokenizer)
#include "tst_text_tokenizer.moc"

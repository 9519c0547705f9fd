// The WordNet 3.0 reader: synonyms checked against the database files read independently
// here, morphology through the exception lists and suffix rules, and a missing database.
#include "core/transforms/text/wordnet.h"
#include "core/util/error.h"

#include <QtTest>

#include <set>

using namespace augstudio::core;

namespace {

const QString kDir = QStringLiteral("/usr/share/wordnet");

// Every synset of the four data files as lower-case lemmas with spaces, read the plain way.
std::vector<std::vector<std::string>> readSynsets() {
    std::vector<std::vector<std::string>> out;
    for (const char* name : {"data.noun", "data.verb", "data.adj", "data.adv"}) {
        QFile f(kDir + QLatin1Char('/') + QLatin1String(name));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        while (!f.atEnd()) {
            const QByteArray line = f.readLine();
            if (line.startsWith(' '))
                continue;
            const QList<QByteArray> fields = line.split(' ');
            bool ok = false;
            const int count = fields.value(3).toInt(&ok, 16);
            std::vector<std::string> words;
            for (int k = 0; k < count; ++k) {
                QByteArray w = fields.value(4 + 2 * k).toLower();
                if (w.endsWith(')'))
                    w = w.left(w.lastIndexOf('('));
                w.replace('_', ' ');
                words.push_back(w.toStdString());
            }
            out.push_back(std::move(words));
        }
    }
    return out;
}

std::set<std::string> independentSynonyms(const std::vector<std::vector<std::string>>& synsets,
                                          const std::string& lemma) {
    std::set<std::string> out;
    for (const auto& s : synsets)
        if (std::find(s.begin(), s.end(), lemma) != s.end())
            out.insert(s.begin(), s.end());
    out.erase(lemma);
    return out;
}

std::set<std::string> lowered(const std::vector<std::string_view>& v) {
    std::set<std::string> out;
    for (auto s : v) {
        std::string l(s);
        for (char& c : l)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        out.insert(l);
    }
    return out;
}

} // namespace

class TestTextWordNet : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(kDir + QStringLiteral("/data.noun")),
                 "wordnet-base is not installed (scripts/deps installs it)");
        qunsetenv("AUGSTUDIO_WORDNET_DIR");
    }

    void synonymsMatchTheDataFiles_data() {
        QTest::addColumn<QString>("word");
        for (const char* w : {"quick", "happy", "house", "song", "sing", "big", "car", "slowly",
                              "good", "run", "bank", "light"})
            QTest::newRow(w) << QString::fromLatin1(w);
    }
    void synonymsMatchTheDataFiles() {
        QFETCH(QString, word);
        static const auto synsets = readSynsets();
        QVERIFY(!synsets.empty());
        const auto wn = WordNet::shared(kDir.toStdString());
        std::vector<std::string_view> got;
        wn->synonyms(word.toStdString(), got);
        QVERIFY(!got.empty());
        // Each once, never the word itself.
        QCOMPARE(lowered(got).size(), got.size());
        QVERIFY(!lowered(got).count(word.toStdString()));
        // For a word in its base form the set is exactly the union of its synsets' lemmas.
        QCOMPARE(lowered(got), independentSynonyms(synsets, word.toStdString()));
    }

    void multiwordLemmasHaveSpaces() {
        const auto wn = WordNet::shared(kDir.toStdString());
        std::vector<std::string_view> got;
        wn->synonyms("car", got);
        QVERIFY(lowered(got).count("motor vehicle") == 0); // a hypernym, not a synonym
        QVERIFY(lowered(got).count("railway car"));
        for (auto s : got)
            QVERIFY2(s.find('_') == std::string_view::npos, std::string(s).c_str());
    }

    void caseInsensitiveLookupKeepsProperNouns() {
        const auto wn = WordNet::shared(kDir.toStdString());
        std::vector<std::string_view> upper, lower;
        wn->synonyms("QUICK", upper);
        wn->synonyms("quick", lower);
        QCOMPARE(upper, lower);
        std::vector<std::string_view> got;
        wn->synonyms("einstein", got);
        QVERIFY(std::find(got.begin(), got.end(), std::string_view("Albert Einstein")) !=
                got.end());
    }

    void morphology() {
        static const auto synsets = readSynsets();
        const auto wn = WordNet::shared(kDir.toStdString());
        std::vector<std::string_view> got;
        // Exception list: ran -> run.
        wn->synonyms("ran", got);
        QVERIFY(lowered(got).count("operate"));
        QVERIFY(!lowered(got).count("run")); // the base form counts as the word itself
        // Suffix rules: dogs -> dog, happier -> happy, singing -> sing.
        wn->synonyms("dogs", got);
        QVERIFY(lowered(got).count("domestic dog"));
        QVERIFY(!lowered(got).count("dog"));
        wn->synonyms("happier", got);
        QVERIFY(lowered(got).count("felicitous"));
        wn->synonyms("singing", got);
        for (const auto& s : independentSynonyms(synsets, "sing"))
            if (s != "singing")
                QVERIFY2(lowered(got).count(s), s.c_str());
        wn->synonyms("xqzzyv", got);
        QVERIFY(got.empty());
        QVERIFY(!wn->hasSynonyms("the")); // stop words have no synsets
    }

    void sharedIsLoadedOnce() {
        const auto a = WordNet::shared(kDir.toStdString());
        const auto b = WordNet::shared((kDir + QStringLiteral("/")).toStdString());
        QCOMPARE(a.get(), b.get());
        QVERIFY(a->synsetCount() > 117000); // WordNet 3.0: 117,659 synsets
        QVERIFY(a->lemmaCount() > 140000);
    }

    // The load time (spec: < 1 s) is measured by tests/bench/bench_text, not asserted here:
    // a timed test fails on a loaded machine or under the sanitizers.
    void loadsTheWholeDatabase() {
        const auto wn = WordNet::load(kDir.toStdString());
        // WordNet 3.0 has 117,659 synsets over its four data files.
        QCOMPARE(int64_t(wn->synsetCount()), int64_t(117659));
    }

    void missingDatabaseNamesThePath() {
        QTemporaryDir empty;
        try {
            WordNet::shared(empty.path().toStdString());
            QFAIL("loaded an empty folder");
        } catch (const Error& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.contains(empty.path() + QStringLiteral("/data.noun")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("WordNet data not found")), qPrintable(what));
        }
    }

    void environmentOverride() {
        qputenv("AUGSTUDIO_WORDNET_DIR", "/nowhere/wn");
        QCOMPARE(WordNet::defaultDirectory().string(), std::string("/nowhere/wn"));
        qunsetenv("AUGSTUDIO_WORDNET_DIR");
        QCOMPARE(WordNet::defaultDirectory().string(), std::string("/usr/share/wordnet"));
    }
};

QTEST_GUILESS_MAIN(TestTextWordNet)
#include "tst_text_wordnet.moc"

// The text transforms: EDA's four operations, char_noise and text.eda, through the registry
// and the pipeline as the CLI and the GUI run them.
#include "core/pipeline/pipeline.h"
#include "core/transforms/text/stopwords.h"
#include "core/transforms/text/textcatalog.h"
#include "core/transforms/text/tokenizedtext.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

const QString kDir = QStringLiteral("/usr/share/wordnet");

const Registry& registry() {
    static const Registry r = [] {
        Registry reg;
        registerTextTransforms(reg);
        return reg;
    }();
    return r;
}

Pipeline pipelineOf(const std::string& id, json params = json::object()) {
    return Pipeline::fromJson({{"version", 1},
                               {"modality", "text"},
                               {"seed", 1},
                               {"steps", {{{"transform", id}, {"p", 1.0}, {"params", params}}}}},
                              registry());
}

struct Output {
    std::string text;
    Values values;
};

Output run(const Pipeline& p, const std::string& text, uint64_t seed) {
    Sample s = TextSample{text, "label"};
    const RunResult r = p.run(s, seed);
    return {std::get<TextSample>(s).text, r.steps.at(0).values};
}

std::vector<std::string> wordsOf(const std::string& text) {
    const TokenizedText t(text);
    std::vector<std::string> out;
    for (size_t i = 0; i < t.size(); ++i)
        out.push_back(t.word(i));
    return out;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Lemmas sharing a synset with `lemma` in the data files, read independently of the engine
// with grep's logic: the synset lines whose word list holds the lemma (read once).
std::set<std::string> synonymsFromDataFiles(const std::string& lemma) {
    static const std::multimap<std::string, std::shared_ptr<std::vector<std::string>>> index = [] {
        std::multimap<std::string, std::shared_ptr<std::vector<std::string>>> m;
        for (const char* name : {"data.noun", "data.verb", "data.adj", "data.adv"}) {
            QFile f(kDir + QLatin1Char('/') + QLatin1String(name));
            if (!f.open(QIODevice::ReadOnly))
                continue;
            while (!f.atEnd()) {
                const QByteArray line = f.readLine();
                if (line.startsWith(' '))
                    continue;
                const QList<QByteArray> fields = line.split(' ');
                const int count = fields.value(3).toInt(nullptr, 16);
                auto words = std::make_shared<std::vector<std::string>>();
                for (int k = 0; k < count; ++k) {
                    QByteArray w = fields.value(4 + 2 * k).toLower();
                    if (w.endsWith(')'))
                        w = w.left(w.lastIndexOf('('));
                    w.replace('_', ' ');
                    words->push_back(w.toStdString());
                }
                for (const auto& w : *words)
                    m.emplace(w, words);
            }
        }
        return m;
    }();
    std::set<std::string> out;
    auto [b, e] = index.equal_range(lemma);
    for (auto it = b; it != e; ++it)
        out.insert(it->second->begin(), it->second->end());
    out.erase(lemma);
    return out;
}

bool hasWordNet() {
    return QFile::exists(kDir + QStringLiteral("/data.noun"));
}

} // namespace

class TestTextTransforms : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qunsetenv("AUGSTUDIO_WORDNET_DIR");
        QVERIFY2(hasWordNet(), "wordnet-base is not installed (scripts/deps installs it)");
    }

    void catalogHasEveryTransform() {
        for (const char* id : {"text.synonym_replace", "text.random_insert", "text.random_swap",
                               "text.random_delete", "text.char_noise", "text.eda"}) {
            const TransformInfo* info = registry().find(id);
            QVERIFY2(info, id);
            QCOMPARE(info->modality, Modality::Text);
            for (const auto& p : info->params)
                QVERIFY2(!p.help.empty(), (std::string(id) + "." + p.name).c_str());
            // Every text transform, char_noise included, honours the protected words.
            QVERIFY(std::any_of(info->params.begin(), info->params.end(),
                                [](const ParamSpec& p) { return p.name == "protected_words"; }));
            QVERIFY(std::any_of(info->params.begin(), info->params.end(),
                                [](const ParamSpec& p) { return p.name == "protected_regex"; }));
        }
        QCOMPARE(edaStopWords().size(), size_t(127));
        QVERIFY(isEdaStopWord("the") && isEdaStopWord("don") && !isEdaStopWord("quick"));
    }

    void synonymReplaceReplacesExactlyNWithRealSynonyms_data() {
        QTest::addColumn<double>("alpha");
        QTest::addColumn<int>("n");
        // 16 words; 10 non-stop words, all with synonyms.
        QTest::newRow("alpha 0.1 -> 1") << 0.1 << 1;
        QTest::newRow("alpha 0.25 -> 4") << 0.25 << 4;
        QTest::newRow("alpha 0.5 -> 8") << 0.5 << 8;
    }
    void synonymReplaceReplacesExactlyNWithRealSynonyms() {
        QFETCH(double, alpha);
        QFETCH(int, n);
        const std::string text =
            "A happy child will sing a loud song in the old park near the big house.";
        QCOMPARE(wordsOf(text).size(), size_t(16));
        const Pipeline p = pipelineOf("text.synonym_replace", {{"alpha", alpha}});
        for (uint64_t seed = 0; seed < 20; ++seed) {
            const Output out = run(p, text, seed);
            const nlohmann::json& replaced = out.values.at("replaced");
            QCOMPARE(int(replaced.size()), n);
            TokenizedText expected(text);
            std::set<size_t> positions;
            for (const auto& r : replaced) {
                const size_t at = r.at("at").get<size_t>();
                positions.insert(at);
                const std::string from = r.at("from").get<std::string>();
                const std::string to = r.at("to").get<std::string>();
                QCOMPARE(from, expected.word(at));
                QVERIFY(!isEdaStopWord(lower(from)));
                const auto real = synonymsFromDataFiles(lower(from));
                QVERIFY2(real.count(lower(to)), (from + " -> " + to).c_str());
                QVERIFY(lower(to) != lower(from));
                expected.replace(at, to);
            }
            QCOMPARE(int(positions.size()), n); // n different words
            QCOMPARE(out.text, expected.str()); // and nothing else changed
        }
    }

    void untouchedWordsKeepCaseAndPunctuation() {
        const std::string text = "Hello, World! The QUICK fox; \"jumps\" -- over (lazy) DOGS...";
        const Pipeline p = pipelineOf("text.synonym_replace", {{"alpha", 0.1}});
        for (uint64_t seed = 0; seed < 30; ++seed) {
            const Output out = run(p, text, seed);
            const auto& r = out.values.at("replaced").at(0);
            TokenizedText expected(text);
            expected.replace(r.at("at").get<size_t>(), r.at("to").get<std::string>());
            QCOMPARE(out.text, expected.str());
            // Case follows the replaced word: QUICK -> all caps, Hello -> capitalised.
            const std::string from = r.at("from").get<std::string>(),
                              to = r.at("to").get<std::string>();
            if (from == "QUICK" || from == "DOGS")
                QCOMPARE(to, QString::fromStdString(to).toUpper().toStdString());
            if (from == "Hello" || from == "World")
                QVERIFY(std::isupper(static_cast<unsigned char>(to[0])));
        }
        // Swap keeps separators in place: "Hello, World!" -> "World, Hello!".
        const Output swapped =
            run(pipelineOf("text.random_swap", {{"alpha", 0.5}}), "Hello, World!", 3);
        QCOMPARE(swapped.text, std::string("World, Hello!"));
    }

    void randomDeleteWithPOneLeavesOneWord() {
        const Pipeline p = pipelineOf("text.random_delete", {{"p", 1.0}});
        const std::string text = "One two three, four five six seven!";
        std::set<std::string> survivors;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            const Output out = run(p, text, seed);
            const auto words = wordsOf(out.text);
            QCOMPARE(words.size(), size_t(1));
            survivors.insert(words[0]);
            QCOMPARE(out.values.at("deleted").size(), size_t(6));
        }
        QVERIFY(survivors.size() > 3); // the kept word is random
        QCOMPARE(run(p, "Alone", 1).text, std::string("Alone"));
        QCOMPARE(run(p, "", 1).text, std::string());
    }

    void randomDeleteRate() {
        const Pipeline p = pipelineOf("text.random_delete", {{"p", 0.3}});
        std::string text;
        for (int i = 0; i < 100; ++i)
            text.append("w").append(std::to_string(i)).append(" ");
        size_t deleted = 0;
        for (uint64_t seed = 0; seed < 50; ++seed)
            deleted += 100 - wordsOf(run(p, text, seed).text).size();
        QVERIFY2(deleted > 1350 && deleted < 1650, qPrintable(QString::number(deleted)));
    }

    void randomSwapKeepsTheMultisetOfWords() {
        const std::string text = "alpha beta gamma delta, epsilon zeta eta theta iota kappa.";
        const Pipeline p = pipelineOf("text.random_swap", {{"alpha", 0.3}});
        auto sorted = [](std::vector<std::string> v) {
            std::sort(v.begin(), v.end());
            return v;
        };
        bool changed = false;
        for (uint64_t seed = 0; seed < 30; ++seed) {
            const Output out = run(p, text, seed);
            QCOMPARE(sorted(wordsOf(out.text)), sorted(wordsOf(text)));
            QCOMPARE(out.values.at("swapped").size(), size_t(3));
            changed = changed || out.text != text;
            // Separators stay in place.
            QCOMPARE(std::count(out.text.begin(), out.text.end(), ','), 1L);
            QCOMPARE(out.text.back(), '.');
        }
        QVERIFY(changed);
    }

    void randomInsertAddsSynonyms() {
        const std::string text = "The happy child sings a loud song in the old park.";
        const Pipeline p = pipelineOf("text.random_insert", {{"alpha", 0.2}});
        for (uint64_t seed = 0; seed < 20; ++seed) {
            const Output out = run(p, text, seed);
            const nlohmann::json& ins = out.values.at("inserted");
            QCOMPARE(ins.size(), size_t(2));
            TokenizedText expected(text);
            for (const auto& e : ins) {
                const std::string of = lower(e.at("synonym_of").get<std::string>());
                const std::string word = lower(e.at("word").get<std::string>());
                // Inflected sources ("sings") have their base form's synonyms.
                const auto real = synonymsFromDataFiles(of == "sings" ? "sing" : of);
                QVERIFY2(real.count(word), (of + " -> " + word).c_str());
                expected.insert(e.at("at").get<size_t>(), e.at("word").get<std::string>());
            }
            QCOMPARE(out.text, expected.str());
            // Every original word is still there, in order.
            const auto before = wordsOf(text);
            const auto after = wordsOf(out.text);
            size_t k = 0;
            for (const auto& w : after)
                if (k < before.size() && w == before[k])
                    ++k;
            QCOMPARE(k, before.size());
        }
    }

    void protectedWordsNeverChange_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("param");
        QTest::addColumn<double>("value");
        QTest::newRow("synonym_replace")
            << QStringLiteral("text.synonym_replace") << QStringLiteral("alpha") << 1.0;
        QTest::newRow("random_insert")
            << QStringLiteral("text.random_insert") << QStringLiteral("alpha") << 1.0;
        QTest::newRow("random_swap")
            << QStringLiteral("text.random_swap") << QStringLiteral("alpha") << 1.0;
        QTest::newRow("random_delete")
            << QStringLiteral("text.random_delete") << QStringLiteral("p") << 1.0;
        QTest::newRow("char_noise")
            << QStringLiteral("text.char_noise") << QStringLiteral("rate") << 1.0;
        QTest::newRow("eda") << QStringLiteral("text.eda") << QStringLiteral("alpha_sr") << 1.0;
    }
    void protectedWordsNeverChange() {
        QFETCH(QString, id);
        QFETCH(QString, param);
        QFETCH(double, value);
        // Apple and "New York" by list, the order number by regex.
        const std::string text =
            "Apple opened a big new store in New York near order #A-1234 today";
        json params = {{param.toStdString(), value},
                       {"protected_words", "apple, new york"},
                       {"protected_regex", "#[A-Z]-[0-9]+"}};
        const Pipeline p = pipelineOf(id.toStdString(), params);
        for (uint64_t seed = 0; seed < 40; ++seed) {
            const std::string out = run(p, text, seed).text;
            // Each protected span is still present, whole and in the same order.
            const size_t a = out.find("Apple"), ny = out.find("New York"),
                         num = out.find("#A-1234");
            QVERIFY2(a != std::string::npos && ny != std::string::npos && num != std::string::npos,
                     out.c_str());
            QVERIFY2(a < ny && ny < num, out.c_str());
        }
        // Without protection the same settings do touch them.
        const Pipeline open = pipelineOf(id.toStdString(), {{param.toStdString(), value}});
        bool touched = false;
        for (uint64_t seed = 0; seed < 40 && !touched; ++seed) {
            const std::string out = run(open, text, seed).text;
            touched = out.find("Apple") == std::string::npos ||
                      out.find("New York") == std::string::npos ||
                      out.find("#A-1234") == std::string::npos ||
                      out.find("Apple") > out.find("New York");
        }
        QVERIFY(touched);
    }

    void invalidRegexRefusedAtLoad() {
        try {
            pipelineOf("text.random_swap", {{"protected_regex", "([a-z"}});
            QFAIL("accepted an invalid regex");
        } catch (const PipelineError& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.startsWith(QStringLiteral("steps[0].params")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("protected_regex")), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("([a-z")), qPrintable(what));
        }
    }

    void sameSeedSameText_data() {
        QTest::addColumn<QString>("id");
        for (const char* id : {"text.synonym_replace", "text.random_insert", "text.random_swap",
                               "text.random_delete", "text.char_noise", "text.eda"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }
    void sameSeedSameText() {
        QFETCH(QString, id);
        const std::string text = "The quick brown fox jumps over the lazy dog while birds sing.";
        const Pipeline p = pipelineOf(id.toStdString());
        std::set<std::string> outputs;
        for (uint64_t seed = 0; seed < 20; ++seed) {
            const Output a = run(p, text, seed);
            const Output b = run(p, text, seed);
            QCOMPARE(a.text, b.text);
            QCOMPARE(a.values, b.values);
            // Replaying the recorded values gives the same text (apply is deterministic).
            Sample s = TextSample{text, "x"};
            StepRecord rec;
            rec.id = id.toStdString();
            rec.applied = true;
            rec.values = a.values;
            p.replay(s, {rec});
            QCOMPARE(std::get<TextSample>(s).text, a.text);
            outputs.insert(a.text);
        }
        QVERIFY(outputs.size() > 5); // different seeds, different texts
    }

    void charNoiseKeepsValidUtf8() {
        const std::string text =
            "Ünïcödé 🙂👍🏽 emoji, 日本語のテキスト, and ascii words; "
            "Ελληνικά κείμενο.";
        const Pipeline p = pipelineOf("text.char_noise", {{"rate", 0.5}});
        int edits = 0;
        for (uint64_t seed = 0; seed < 100; ++seed) {
            const Output out = run(p, text, seed);
            QCOMPARE(utf8::firstInvalid(out.text), std::string_view::npos);
            edits += int(out.values.at("edits").size());
            // Separators (emoji, punctuation) are never edited.
            QVERIFY(out.text.find("🙂👍🏽") != std::string::npos);
        }
        QVERIFY(edits > 100);
        // Only one kind at a time: delete alone shortens, never below one character a word.
        const Pipeline del =
            pipelineOf("text.char_noise",
                       {{"rate", 1.0}, {"keyboard", false}, {"swap", false}, {"insert", false}});
        // At rate 1 every character is deleted while its word has more than one left: each
        // word keeps its last character.
        const Output out = run(del, "abc de f", 1);
        QCOMPARE(out.text, std::string("c e f"));
        QCOMPARE(out.values.at("edits").size(), size_t(3));
        std::string deleted;
        for (const auto& e : out.values.at("edits")) {
            QCOMPARE(e.at("op").get<std::string>(), std::string("delete"));
            deleted += e.at("from").get<std::string>();
        }
        QCOMPARE(deleted, std::string("abd"));
        // Keyboard typos stay neighbouring keys with the same case.
        const Pipeline kb =
            pipelineOf("text.char_noise",
                       {{"rate", 1.0}, {"swap", false}, {"delete", false}, {"insert", false}});
        const Output k = run(kb, "Aa", 5);
        QCOMPARE(k.text.size(), size_t(2));
        QVERIFY(std::string("QWSZ").find(k.text[0]) != std::string::npos);
        QVERIFY(std::string("qwsz").find(k.text[1]) != std::string::npos);
    }

    void charNoiseNeedsAKind() {
        QVERIFY_THROWS_EXCEPTION(PipelineError, pipelineOf("text.char_noise", {{"keyboard", false},
                                                                               {"swap", false},
                                                                               {"delete", false},
                                                                               {"insert", false}}));
    }

    void edaAppliesOneOperation() {
        const Pipeline p = pipelineOf("text.eda");
        std::map<std::string, int> counts;
        const std::string text =
            "The quick brown fox jumps over the lazy dog while birds sing loudly.";
        for (uint64_t seed = 0; seed < 400; ++seed) {
            const Output out = run(p, text, seed);
            const std::string op = out.values.at("operation").get<std::string>();
            ++counts[op];
            int keys = 0;
            for (const char* k : {"replaced", "inserted", "swapped", "deleted"})
                keys += out.values.contains(k);
            QCOMPARE(keys, 1);
        }
        QCOMPARE(counts.size(), size_t(4));
        for (const auto& [op, c] : counts)
            QVERIFY2(c > 60 && c < 140, op.c_str());
        // A disabled operation is never drawn.
        const Pipeline noSr = pipelineOf("text.eda", {{"alpha_sr", 0.0}, {"alpha_ri", 0.0}});
        for (uint64_t seed = 0; seed < 50; ++seed) {
            const std::string op = run(noSr, text, seed).values.at("operation").get<std::string>();
            QVERIFY(op == "random_swap" || op == "random_delete");
        }
    }

    void missingWordNetIsReportedAndOthersWork() {
        QTemporaryDir empty;
        qputenv("AUGSTUDIO_WORDNET_DIR", empty.path().toUtf8());
        for (const char* id : {"text.synonym_replace", "text.random_insert", "text.eda"}) {
            try {
                pipelineOf(id);
                qunsetenv("AUGSTUDIO_WORDNET_DIR");
                QFAIL(id);
            } catch (const PipelineError& e) {
                const QString what = QString::fromStdString(e.what());
                QVERIFY2(what.contains(empty.path() + QStringLiteral("/data.noun")),
                         qPrintable(what));
                QVERIFY2(what.contains(QStringLiteral("WordNet data not found")), qPrintable(what));
            }
        }
        // The operations that need no synonyms still load and run.
        const Output swapped =
            run(pipelineOf("text.random_swap", {{"alpha", 0.5}}), "Hello, World!", 3);
        QCOMPARE(swapped.text, std::string("World, Hello!"));
        QCOMPARE(
            wordsOf(run(pipelineOf("text.random_delete", {{"p", 1.0}}), "a b c", 1).text).size(),
            size_t(1));
        const Output eda = run(pipelineOf("text.eda", {{"alpha_sr", 0.0}, {"alpha_ri", 0.0}}),
                               "one two three four", 2);
        QVERIFY(!eda.values.at("operation").get<std::string>().empty());
        qunsetenv("AUGSTUDIO_WORDNET_DIR");
    }

    void valuesAreReadable() {
        const Output out = run(pipelineOf("text.synonym_replace"), "The quick fox", 1);
        const nlohmann::json& r = out.values.at("replaced").at(0);
        QVERIFY(r.at("at").is_number_unsigned());
        QVERIFY(r.at("from").is_string());
        QVERIFY(r.at("to").is_string());
        QVERIFY(r.at("from") == "quick" || r.at("from") == "fox");
    }
};

QTEST_GUILESS_MAIN(TestTextTransforms)
#include "tst_text_transforms.moc"

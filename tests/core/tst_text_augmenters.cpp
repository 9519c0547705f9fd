// The text augmenters added for catalog parity (nlpaug's model-free ones, AEDA, sentence
// shuffling, reserved tokens): invariants over all of them (same seed same text, replay from
// the recorded values, empty text, valid UTF-8, identity parameters, protected words) and
// what each one promises (real WordNet antonyms, every word kept in order by AEDA, ...).
#include "core/pipeline/registry.h"
#include "core/pipeline/runcontext.h"
#include "core/transforms/text/textcatalog.h"
#include "core/transforms/text/tfidffit.h"
#include "core/transforms/text/tokenizedtext.h"
#include "core/transforms/text/wordnet.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

#include <QFile>
#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

const std::vector<std::string> kNewIds = {
    "text.antonym_replace", "text.split_words", "text.ocr_noise", "text.char_substitute",
    "text.spelling_noise",  "text.random_word", "text.aeda",      "text.sentence_shuffle",
    "text.reserved_replace"};
// (text.tfidf_replace needs the run's statistics: tfidfReplaceUsesTheRunStatistics.)

const Registry& registry() {
    static const Registry r = [] {
        Registry reg;
        registerTextTransforms(reg);
        return reg;
    }();
    return r;
}

std::unique_ptr<Transform> create(const std::string& id, const json& params = json::object()) {
    const TransformInfo* info = registry().find(id);
    if (!info)
        throw std::runtime_error("no transform " + id);
    return info->create(validateParams(info->params, params, id));
}

// Parameters under which each transform does change a typical text.
json strong(const std::string& id) {
    if (id == "text.reserved_replace")
        return {{"reserved", "quick|fast|speedy; brown fox|red fox"}};
    if (id == "text.antonym_replace" || id == "text.split_words")
        return {{"n", 3}};
    if (id == "text.random_word")
        return {{"n", 2}};
    if (id == "text.aeda")
        return json::object();
    if (id == "text.sentence_shuffle")
        return json::object();
    return {{"rate", 0.3}};
}

struct Output {
    std::string text;
    Values values;
};

Output run(const Transform& t, const std::string& text, uint64_t seed) {
    Sample s = TextSample{text, "label"};
    Rng rng(seed);
    const Values v = t.draw(rng, SampleInfo::of(s));
    t.apply(s, v);
    return {std::get<TextSample>(s).text, v};
}

std::vector<std::string> wordsOf(const std::string& text) {
    const TokenizedText t(text);
    std::vector<std::string> out;
    for (size_t i = 0; i < t.size(); ++i)
        out.push_back(t.word(i));
    return out;
}

const char* kText = "The quick brown fox is happy. It jumps over the lazy dog! Is the dog "
                    "awake? Modern letters believe 0110 in good tolerance.";

// Direct antonyms of `lemma` read from the data files independently of the engine: each
// synset line holding the lemma, its '!' pointers whose source word is the lemma, and the
// target word read from the target synset's line (found by its byte offset). Read once.
std::set<std::string> antonymsFromDataFiles(const std::string& lemma) {
    static const std::map<std::string, std::set<std::string>> index = [] {
        std::map<char, QByteArray> bytes;
        const std::map<char, const char*> names = {
            {'n', "data.noun"}, {'v', "data.verb"}, {'a', "data.adj"}, {'r', "data.adv"}};
        for (const auto& [pos, name] : names) {
            QFile f(QStringLiteral("/usr/share/wordnet/") + QLatin1String(name));
            if (f.open(QIODevice::ReadOnly))
                bytes[pos] = f.readAll();
        }
        auto wordsOfLine = [](const QByteArray& line) {
            const QList<QByteArray> fields = line.split(' ');
            const int count = fields.value(3).toInt(nullptr, 16);
            std::vector<std::string> words;
            for (int k = 0; k < count; ++k) {
                QByteArray w = fields.value(4 + 2 * k).toLower();
                if (w.endsWith(')'))
                    w = w.left(w.lastIndexOf('('));
                w.replace('_', ' ');
                words.push_back(w.toStdString());
            }
            return words;
        };
        auto lineAt = [&](char pos, qint64 offset) {
            const QByteArray& b = bytes[pos == 's' ? 'a' : pos];
            const qint64 end = b.indexOf('\n', offset);
            return b.mid(offset, end < 0 ? -1 : end - offset);
        };
        std::map<std::string, std::set<std::string>> out;
        for (const auto& [pos, b] : bytes)
            for (const QByteArray& line : b.split('\n')) {
                if (line.isEmpty() || line.startsWith(' '))
                    continue;
                const QList<QByteArray> fields = line.split(' ');
                const std::vector<std::string> words = wordsOfLine(line);
                int at = 4 + 2 * int(words.size());
                const int pointers = fields.value(at++).toInt();
                for (int k = 0; k < pointers; ++k, at += 4) {
                    if (fields.value(at) != "!")
                        continue;
                    const int st = fields.value(at + 3).toInt(nullptr, 16);
                    const auto target = wordsOfLine(
                        lineAt(fields.value(at + 2).at(0), fields.value(at + 1).toLongLong()));
                    if ((st >> 8) >= 1 && size_t(st >> 8) <= words.size() && (st & 0xFF) >= 1 &&
                        size_t(st & 0xFF) <= target.size())
                        out[words[size_t((st >> 8) - 1)]].insert(target[size_t((st & 0xFF) - 1)]);
                }
            }
        return out;
    }();
    const auto it = index.find(lemma);
    return it == index.end() ? std::set<std::string>{} : it->second;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

class TestTextAugmenters : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qunsetenv("AUGSTUDIO_WORDNET_DIR"); }

    void catalog() {
        for (const auto& id : kNewIds) {
            const TransformInfo* info = registry().find(id);
            QVERIFY2(info, id.c_str());
            QCOMPARE(info->modality, Modality::Text);
            QVERIFY(!info->summary.empty());
            for (const auto& p : info->params)
                QVERIFY2(!p.help.empty(), (id + "." + p.name).c_str());
        }
    }

    void invariants_data() {
        QTest::addColumn<QString>("id");
        for (const auto& id : kNewIds)
            QTest::newRow(id.c_str()) << QString::fromStdString(id);
    }
    void invariants() {
        QFETCH(QString, id);
        const std::string sid = id.toStdString();
        const auto t = create(sid, strong(sid));
        bool changed = false;
        for (uint64_t seed = 0; seed < 12; ++seed) {
            const Output a = run(*t, kText, seed), b = run(*t, kText, seed);
            QCOMPARE(a.text, b.text);
            QCOMPARE(a.values, b.values);
            // Replay from the recorded values alone.
            Sample replay = TextSample{kText, "label"};
            t->apply(replay, Values::fromJson(json::parse(a.values.dump())));
            QCOMPARE(std::get<TextSample>(replay).text, a.text);
            QCOMPARE(utf8::firstInvalid(a.text), std::string::npos);
            changed |= a.text != kText;
        }
        QVERIFY2(changed, "twelve seeds and the text never changed");
        // Degenerate texts: empty, only spaces, one word, emoji and CJK stay valid.
        for (const std::string text : {"", "   ", "word", "日本語 と 😀 emoji ok."}) {
            const Output out = run(*t, text, 3);
            QCOMPARE(utf8::firstInvalid(out.text), std::string::npos);
            if (text.find_first_not_of(' ') == std::string::npos)
                QCOMPARE(out.text, text);
        }
        // Protected words are never touched (sentence_shuffle moves whole sentences).
        if (sid != "text.sentence_shuffle" && sid != "text.aeda") {
            json params = strong(sid);
            params["protected_words"] = "quick, fox, happy, good, believe, 0110, dog";
            const auto guarded = create(sid, params);
            for (uint64_t seed = 0; seed < 12; ++seed) {
                const auto words = wordsOf(run(*guarded, kText, seed).text);
                for (const char* w : {"quick", "fox", "happy", "good", "believe", "0110"})
                    QVERIFY2(std::count(words.begin(), words.end(), std::string(w)) == 1, w);
            }
        }
    }

    void identityParameters_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("params");
        QTest::newRow("ocr rate 0") << "text.ocr_noise"
                                    << R"({"rate": 0})";
        QTest::newRow("char_substitute rate 0") << "text.char_substitute"
                                                << R"({"rate": 0})";
        QTest::newRow("spelling rate 0") << "text.spelling_noise"
                                         << R"({"rate": 0})";
        QTest::newRow("split min_chars 100") << "text.split_words"
                                             << R"({"min_chars": 100})";
        QTest::newRow("reserved rate 0") << "text.reserved_replace"
                                         << R"({"reserved": "quick|fast", "rate": 0})";
        QTest::newRow("reserved nothing given") << "text.reserved_replace"
                                                << R"({})";
    }
    void identityParameters() {
        QFETCH(QString, id);
        QFETCH(QString, params);
        const auto t = create(id.toStdString(), json::parse(params.toStdString()));
        for (uint64_t seed = 0; seed < 5; ++seed)
            QCOMPARE(run(*t, kText, seed).text, std::string(kText));
        const auto shuffle = create("text.sentence_shuffle");
        QCOMPARE(run(*shuffle, "Only one sentence here, no second.", 1).text,
                 std::string("Only one sentence here, no second."));
    }

    void antonymsAreRealWordNetAntonyms() {
        const auto wordnet = WordNet::shared();
        std::vector<std::string_view> found;
        for (const char* word : {"hot", "increase", "good", "fast", "happy", "awake"}) {
            wordnet->antonyms(word, found);
            const std::set<std::string> expected = antonymsFromDataFiles(word);
            QVERIFY2(!expected.empty(), word);
            std::set<std::string> got;
            for (auto a : found)
                got.insert(lower(std::string(a)));
            QVERIFY2(got == expected, word);
        }
        wordnet->antonyms("hot", found);
        QVERIFY(std::find(found.begin(), found.end(), "cold") != found.end());
        wordnet->antonyms("dog", found);
        QVERIFY(found.empty());
        // Through the transform: every replacement is an antonym of the word it replaces,
        // in its casing, and n caps the count.
        const auto t = create("text.antonym_replace", {{"n", 2}});
        for (uint64_t seed = 0; seed < 10; ++seed) {
            const Output out = run(*t, "Happy people stay awake in the hot kitchen.", seed);
            QCOMPARE(out.values["replaced"].size(), size_t(2));
            for (const auto& e : out.values["replaced"]) {
                const std::string from = e["from"], to = e["to"];
                const auto words = antonymsFromDataFiles(lower(from));
                QVERIFY2(words.count(lower(to)), (from + " -> " + to).c_str());
                if (from == "Happy")
                    QVERIFY(std::isupper(static_cast<unsigned char>(to[0])));
            }
        }
    }

    // TF-IDF statistics fitted over a corpus: words in every document score 0 and go first,
    // the rare ones stay; replacements come from the low end of the vocabulary.
    void tfidfReplaceUsesTheRunStatistics() {
        std::vector<std::string> corpus;
        for (int d = 0; d < 40; ++d)
            corpus.push_back("the cat and the dog " + std::string(d % 2 ? "sat" : "ran") +
                             " near word" + std::to_string(d));
        RunContext context;
        context.textStatistics = fitTextStatistics(corpus);
        const TextStatistics& stats = *context.textStatistics;
        QCOMPARE(stats.documents, size_t(40));
        QCOMPARE(stats.idf.at("the"), 0.0);
        QVERIFY(std::abs(stats.idf.at("sat") - std::log(2.0)) < 1e-12);
        QVERIFY(std::abs(stats.idf.at("word7") - std::log(40.0)) < 1e-12);
        QCOMPARE(stats.vocabulary.size(), stats.cumulativeWeight.size());
        // Summed over the corpus, "sat" and "ran" (in half the documents) score highest.
        QVERIFY(stats.vocabulary.back().first == "sat" || stats.vocabulary.back().first == "ran");

        const auto t = create("text.tfidf_replace", {{"p", 0.5}});
        const std::string text = "The cat and the dog sat near word7";
        std::map<std::string, int> replacedFrom, replacedTo;
        for (uint64_t seed = 0; seed < 300; ++seed) {
            Sample s = TextSample{text, ""};
            Rng rng(seed);
            const Values v = t->draw(rng, SampleInfo::of(s, &context));
            t->applyWith(s, v, context);
            Sample replay = TextSample{text, ""};
            t->apply(replay, Values::fromJson(json::parse(v.dump())));
            QCOMPARE(std::get<TextSample>(replay).text, std::get<TextSample>(s).text);
            for (const auto& e : v["replaced"]) {
                ++replacedFrom[lower(e["from"].get<std::string>())];
                ++replacedTo[lower(e["to"].get<std::string>())];
            }
        }
        QCOMPARE(replacedFrom.count("word7"), size_t(0)); // the text's most informative word
        QVERIFY(replacedFrom["the"] > replacedFrom["sat"]);
        // Drawn with weight (highest - score): never the top-scoring words, mostly score 0.
        QCOMPARE(replacedTo.count("sat") + replacedTo.count("ran"), size_t(0));
        QVERIFY(replacedTo["the"] + replacedTo["cat"] + replacedTo["and"] + replacedTo["dog"] +
                    replacedTo["near"] >
                replacedTo["word1"] + replacedTo["word2"] + replacedTo["word3"]);
        // Without statistics in the run: unchanged.
        for (uint64_t seed = 0; seed < 5; ++seed)
            QCOMPARE(run(*t, text, seed).text, text);
    }

    void aedaKeepsEveryWordInOrder() {
        const auto t = create("text.aeda", {{"ratio", {0.3, 0.3}}});
        const std::vector<std::string> before = wordsOf(kText);
        std::set<std::string> marks;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            const Output out = run(*t, kText, seed);
            QCOMPARE(wordsOf(out.text), before); // marks are not words
            const size_t inserted = out.values["inserted"].size();
            QVERIFY(inserted >= 1 && inserted <= size_t(0.3 * double(before.size())) + 1);
            for (const auto& e : out.values["inserted"])
                marks.insert(e["mark"].get<std::string>());
            // Each mark stands alone: " , " between words (or at the start).
            QVERIFY(out.text.size() == std::string(kText).size() + 2 * inserted);
        }
        QCOMPARE(marks, (std::set<std::string>{".", ";", "?", ":", "!", ","}));
        QCOMPARE(run(*t, "a b", 5).text.find("b"), run(*t, "a b", 5).text.size() - 1);
    }

    void sentenceShuffleKeepsSentences() {
        const auto t = create("text.sentence_shuffle");
        const std::string text = "  First one. Second, with a comma!  Third?\nFourth (ends).";
        const std::multiset<std::string> sentences = {"First one.", "Second, with a comma!",
                                                      "Third?", "Fourth (ends)."};
        std::set<std::string> seen;
        for (uint64_t seed = 0; seed < 30; ++seed) {
            const Output out = run(*t, text, seed);
            QVERIFY(out.text.starts_with("  "));
            std::multiset<std::string> got;
            for (const std::string& s : sentences)
                if (out.text.find(s) != std::string::npos)
                    got.insert(s);
            QCOMPARE(got, sentences);
            QCOMPARE(out.text.size(), text.size());
            seen.insert(out.text);
        }
        QVERIFY(seen.size() > 5);
        Sample bad = TextSample{text, ""};
        QVERIFY_THROWS_EXCEPTION(Error, t->apply(bad, {{"order", {0, 1}}}));
    }

    void reservedReplaceUsesTheGroups() {
        const auto t = create("text.reserved_replace",
                              {{"reserved", "FWD|forward|fwd; New York|NYC; Inc|Incorporated"}});
        // Members differing only in case count as the same: "fwd" becomes "forward".
        QCOMPARE(run(*t, "Please fwd the New York memo to Acme Inc.", 1).text,
                 std::string("Please forward the NYC memo to Acme Incorporated."));
        const auto sizes = create("text.reserved_replace", {{"reserved", "big|large|huge"}});
        std::set<std::string> seen;
        for (uint64_t seed = 0; seed < 30; ++seed)
            seen.insert(run(*sizes, "A BIG dog.", seed).text);
        QCOMPARE(seen, (std::set<std::string>{"A LARGE dog.", "A HUGE dog."}));
        QVERIFY_THROWS_EXCEPTION(Error, create("text.reserved_replace", {{"reserved", "alone"}}));
    }

    void randomWordActions() {
        const std::vector<std::string> before = wordsOf(kText);
        const auto sub = create("text.random_word", {{"n", 3}, {"substitute_with", "XX, YY"}});
        const auto crop = create("text.random_word", {{"action", "crop"}, {"n", 4}});
        const auto swap = create("text.random_word", {{"action", "swap"}, {"n", 1}});
        for (uint64_t seed = 0; seed < 10; ++seed) {
            const auto s = wordsOf(run(*sub, kText, seed).text);
            QCOMPARE(s.size(), before.size());
            size_t changed = 0;
            for (size_t i = 0; i < s.size(); ++i)
                if (s[i] != before[i]) {
                    ++changed;
                    QVERIFY(s[i] == "XX" || s[i] == "YY");
                }
            QVERIFY(changed >= 1 && changed <= 3);
            // crop: the words minus one run of four consecutive words.
            const auto c = wordsOf(run(*crop, kText, seed).text);
            QCOMPARE(c.size(), before.size() - 4);
            size_t k = 0;
            while (k < c.size() && c[k] == before[k])
                ++k;
            for (size_t j = k; j < c.size(); ++j)
                QCOMPARE(c[j], before[j + 4]);
            // swap: two neighbours trade places, nothing else moves.
            const auto w = wordsOf(run(*swap, kText, seed).text);
            std::vector<size_t> diff;
            for (size_t i = 0; i < w.size(); ++i)
                if (w[i] != before[i])
                    diff.push_back(i);
            QVERIFY(diff.empty() ||
                    (diff.size() == 2 && diff[1] == diff[0] + 1 && w[diff[0]] == before[diff[1]]));
        }
        QCOMPARE(wordsOf(run(*crop, "one", 1).text).size(), size_t(1));
    }

    void splitWordsSplitsInTwo() {
        const auto t = create("text.split_words", {{"n", 2}});
        const std::vector<std::string> before = wordsOf(kText);
        for (uint64_t seed = 0; seed < 10; ++seed) {
            const Output out = run(*t, kText, seed);
            QCOMPARE(wordsOf(out.text).size(), before.size() + 2);
            for (const auto& e : out.values["replaced"]) {
                std::string joined = e["to"];
                const size_t space = joined.find(' ');
                QVERIFY(space > 0 && space + 1 < joined.size());
                joined.erase(space, 1);
                QCOMPARE(joined, e["from"].get<std::string>());
                QVERIFY(e["from"].get<std::string>().size() >= 4);
            }
        }
    }

    void characterNoises() {
        // OCR: only confusions from the table.
        const auto ocr = create("text.ocr_noise", {{"rate", 0.5}});
        // "modern" has five places: m -> rn, o -> 0, d -> cl, e -> c, rn -> m.
        const std::vector<std::pair<std::string, std::string>> places = {
            {"m", "rn"}, {"o", "0"}, {"d", "cl"}, {"e", "c"}, {"rn", "m"}};
        std::set<std::string> modern;
        for (int bits = 0; bits < 32; ++bits) {
            std::string w;
            for (int k = 0; k < 5; ++k)
                w += bits >> k & 1 ? places[size_t(k)].second : places[size_t(k)].first;
            modern.insert(w);
        }
        std::set<std::string> seenOcr;
        for (uint64_t seed = 0; seed < 60; ++seed) {
            const std::string out = run(*ocr, "modern", seed).text;
            seenOcr.insert(out);
            QVERIFY2(modern.count(out), out.c_str());
        }
        QVERIFY(seenOcr.size() >= 10);
        const auto allOcr = create("text.ocr_noise", {{"rate", 1.0}});
        QCOMPARE(run(*allOcr, "modern", 1).text, std::string("rn0clcm"));
        QCOMPARE(run(*allOcr, "Ill", 1).text.size(), size_t(3));
        // Substitution: same length, letters stay letters of their case, digits digits.
        const auto sub = create("text.char_substitute", {{"rate", 1.0}});
        const std::string out = run(*sub, "Abc 123 é", 2).text;
        QCOMPARE(out.size(), std::string("Abc 123 é").size());
        QVERIFY(std::isupper(static_cast<unsigned char>(out[0])) && out[0] != 'A');
        QVERIFY(std::islower(static_cast<unsigned char>(out[1])) && out[1] != 'b');
        QVERIFY(std::isdigit(static_cast<unsigned char>(out[4])) && out[4] != '1');
        QVERIFY(out.ends_with(" é"));
        // Spelling: the misspellings the rules allow, each of them drawn.
        const auto spell = create("text.spelling_noise", {{"rate", 1.0}});
        std::set<std::string> letter;
        for (uint64_t seed = 0; seed < 80; ++seed)
            letter.insert(run(*spell, "letter", seed).text);
        QCOMPARE(letter, (std::set<std::string>{"leter", "litter", "lettir"}));
        std::set<std::string> tolerance;
        for (uint64_t seed = 0; seed < 200; ++seed)
            tolerance.insert(run(*spell, "tolerance", seed).text);
        QVERIFY(tolerance.count("tolerence") && tolerance.count("tollerance"));
        QCOMPARE(run(*spell, "believe", 1).values["replaced"].size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestTextAugmenters)
#include "tst_text_augmenters.moc"

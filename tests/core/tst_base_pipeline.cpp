// The pipeline document: loading, validation errors with JSON paths, composition, seeds.
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <cstdint>
#include <fstream>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;

namespace {

// A tiny registry of test transforms so the loader is tested apart from any catalog.
class AddConst : public TextTransform {
public:
    explicit AddConst(const ParamSet& p) : amount_(p.range("amount")) {}
    Values draw(Rng& rng, const SampleInfo&) const override {
        return {{"x", rng.uniform(amount_.lo, amount_.hi)}};
    }
    void applyTo(TextSample& s, const Values& v) const override {
        s.text += "[" + std::to_string(v["x"].get<double>()) + "]";
    }

private:
    Range amount_;
};

class Tag : public TextTransform {
public:
    explicit Tag(const ParamSet& p) : tag_(p.s("tag")) {}
    Values draw(Rng&, const SampleInfo&) const override { return Values::object(); }
    void applyTo(TextSample& s, const Values&) const override { s.text += tag_; }

private:
    std::string tag_;
};

Registry testRegistry() {
    Registry r;
    r.add({"text.add",
           Modality::Text,
           "token",
           "adds a number",
           {rangeParam("amount", 0, 1, -180, 180, "the number", "deg")},
           0.5,
           factoryOf<AddConst>()});
    r.add({"text.tag",
           Modality::Text,
           "token",
           "adds a tag",
           {enumParam("tag", "a", {"a", "b", "c"}, "which tag")},
           1.0,
           factoryOf<Tag>()});
    r.add({"image.none", Modality::Image, "pixel", "image", {}, 1.0, nullptr});
    return r;
}

json doc(json steps) {
    return {{"version", 1}, {"modality", "text"}, {"seed", 7}, {"steps", std::move(steps)}};
}

} // namespace

class TestPipeline : public QObject {
    Q_OBJECT
private slots:
    void badDocuments_data() {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("error");
        auto row = [](const char* name, json d, const char* err) {
            QTest::newRow(name) << QString::fromStdString(d.dump()) << QString::fromUtf8(err);
        };
        row("not an object", json::array(), "$: expected a pipeline object");
        row("no version", json{{"modality", "text"}, {"steps", json::array()}},
            "version: missing (expected 1)");
        row("newer version", json{{"version", 2}, {"modality", "text"}, {"steps", json::array()}},
            "version: version 2 is newer than this build supports (1)");
        row("version string",
            json{{"version", "1"}, {"modality", "text"}, {"steps", json::array()}},
            "version: expected the integer 1");
        row("bad modality", json{{"version", 1}, {"modality", "video"}, {"steps", json::array()}},
            "modality: expected one of image, audio, series, text");
        row("unknown top key",
            json{{"version", 1}, {"modality", "text"}, {"steps", json::array()}, {"x", 1}},
            "x: unknown key");
        row("no steps", json{{"version", 1}, {"modality", "text"}}, "steps: missing");
        row("steps not array", doc(json::object()), "steps: expected an array of steps");
        row("step not object", doc({1}), "steps[0]: expected a step object");
        row("unknown transform", doc({{{"transform", "text.nope"}}}),
            "steps[0].transform: unknown transform 'text.nope'");
        row("wrong modality", doc({{{"transform", "image.none"}}}),
            "steps[0].transform: 'image.none' is a image transform; this pipeline's modality is "
            "text");
        row("range as string", doc({{{"transform", "text.add"}, {"params", {{"amount", "x"}}}}}),
            "steps[0].params.amount: expected a number or [lo, hi] within [-180, 180]");
        row("range out of bounds",
            doc({{{"transform", "text.add"}, {"params", {{"amount", {-200, 0}}}}}}),
            "steps[0].params.amount: expected a number or [lo, hi] within [-180, 180]");
        row("range reversed", doc({{{"transform", "text.add"}, {"params", {{"amount", {5, 1}}}}}}),
            "steps[0].params.amount: expected a number or [lo, hi] within [-180, 180] with lo <= "
            "hi");
        row("range of three",
            doc({{{"transform", "text.add"}, {"params", {{"amount", {1, 2, 3}}}}}}),
            "steps[0].params.amount: expected a number or [lo, hi]");
        row("unknown param", doc({{{"transform", "text.add"}, {"params", {{"amont", 1}}}}}),
            "steps[0].params.amont: unknown parameter (this transform takes: amount)");
        row("bad enum", doc({{{"transform", "text.tag"}, {"params", {{"tag", "z"}}}}}),
            "steps[0].params.tag: expected one of a, b, c (got 'z')");
        row("p too big", doc({{{"transform", "text.tag"}, {"p", 1.5}}}),
            "steps[0].p: expected a probability within [0, 1]");
        row("nested bad",
            doc({{{"transform", "text.tag"}},
                 {{"one_of", {{{"transform", "text.add"}, {"params", {{"amount", true}}}}}}}}),
            "steps[1].one_of[0].params.amount: expected a number");
        row("empty one_of", doc({{{"one_of", json::array()}}}),
            "steps[0].one_of: expected at least one step");
        row("bad weights", doc({{{"one_of", {{{"transform", "text.tag"}}}}, {"weights", {1, 2}}}}),
            "steps[0].weights: expected 1 non-negative numbers");
        row("some_of n too big", doc({{{"some_of", {{{"transform", "text.tag"}}}}, {"n", {1, 3}}}}),
            "steps[0].n: expected an integer or [lo, hi] within [0, 1]");
        row("both kinds", doc({{{"transform", "text.tag"}, {"one_of", json::array()}}}),
            "steps[0]: expected exactly one of");
        row("negative seed",
            json{{"version", 1}, {"modality", "text"}, {"seed", -1}, {"steps", json::array()}},
            "seed: expected a non-negative integer");
    }
    void badDocuments() {
        QFETCH(QString, document);
        QFETCH(QString, error);
        const Registry r = testRegistry();
        try {
            Pipeline::fromJson(json::parse(document.toStdString()), r);
            QFAIL("accepted a bad document");
        } catch (const PipelineError& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.startsWith(error), qPrintable(what));
        }
    }

    // A pipeline file that nlohmann rejects for any reason (a syntax error, a number out of
    // range such as 1e999) is an error naming the file, never nlohmann's bare message.
    void loadNamesTheFileForEveryJsonError_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("syntax") << QByteArray("{\"version\": 1,") << "not valid JSON";
        QTest::newRow("number overflow")
            << QByteArray(R"({"version": 1, "modality": "text", "seed": 22e2222, "steps": []})")
            << "number overflow";
        QTest::newRow("overflow in a step")
            << QByteArray(R"({"version": 1, "modality": "text", "steps": [
                {"transform": "text.add", "params": {"amount": -1e999}}]})")
            << "number overflow";
    }
    void loadNamesTheFileForEveryJsonError() {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("p.json")).toStdString();
        std::ofstream(file, std::ios::binary) << text.toStdString();
        try {
            Pipeline::load(file, testRegistry());
            QFAIL("loaded a bad file");
        } catch (const PipelineError& e) {
            QCOMPARE(e.where(), file);
            QVERIFY2(QString::fromStdString(e.reason()).contains(reason), e.what());
        }
    }

    void defaultsAreFilledIn() {
        const Pipeline p = Pipeline::fromJson(doc({{{"transform", "text.add"}}}), testRegistry());
        const json& d = p.toJson();
        QCOMPARE(d["steps"][0]["p"].get<double>(), 0.5);
        QCOMPARE(d["steps"][0]["params"]["amount"], json({0.0, 1.0}));
        // A single number is exactly that value.
        const Pipeline q = Pipeline::fromJson(
            doc({{{"transform", "text.add"}, {"p", 1.0}, {"params", {{"amount", 0.25}}}}}),
            testRegistry());
        Sample s = TextSample{"t", ""};
        const RunResult r = q.run(s, 3);
        QCOMPARE(r.steps[0].values["x"].get<double>(), 0.25);
        // The normalised document loads back to the same document.
        QCOMPARE(Pipeline::fromJson(d, testRegistry()).toJson(), d);
    }

    void sameSeedSameResult() {
        const Pipeline p = Pipeline::fromJson(
            doc({{{"transform", "text.add"}, {"p", 0.5}},
                 {{"some_of", {{{"transform", "text.tag"}}, {{"transform", "text.add"}}}},
                  {"n", {1, 2}}}}),
            testRegistry());
        for (uint64_t seed = 0; seed < 50; ++seed) {
            Sample a = TextSample{"x", ""}, b = TextSample{"x", ""};
            const RunResult ra = p.run(a, seed), rb = p.run(b, seed);
            QCOMPARE(std::get<TextSample>(a).text, std::get<TextSample>(b).text);
            QCOMPARE(ra.stepsJson(), rb.stepsJson());
            QCOMPARE(ra.steps.size(), size_t(3));
        }
    }

    void probabilityIsHonoured() {
        const Pipeline p =
            Pipeline::fromJson(doc({{{"transform", "text.tag"}, {"p", 0.3}}}), testRegistry());
        int applied = 0;
        for (uint64_t seed = 0; seed < 4000; ++seed) {
            Sample s = TextSample{"", ""};
            applied += p.run(s, seed).steps[0].applied;
        }
        QVERIFY2(std::abs(applied / 4000.0 - 0.3) < 0.03, qPrintable(QString::number(applied)));
    }

    void oneOfAppliesExactlyOneWithWeights() {
        const Pipeline p =
            Pipeline::fromJson(doc({{{"one_of",
                                      {{{"transform", "text.tag"}, {"params", {{"tag", "a"}}}},
                                       {{"transform", "text.tag"}, {"params", {{"tag", "b"}}}}}},
                                     {"weights", {3, 1}}}}),
                               testRegistry());
        int a = 0;
        for (uint64_t seed = 0; seed < 4000; ++seed) {
            Sample s = TextSample{"", ""};
            const RunResult r = p.run(s, seed);
            QCOMPARE(int(r.steps[0].applied) + int(r.steps[1].applied), 1);
            const std::string& t = std::get<TextSample>(s).text;
            QVERIFY(t == "a" || t == "b");
            a += t == "a";
        }
        QVERIFY2(std::abs(a / 4000.0 - 0.75) < 0.03, qPrintable(QString::number(a)));
    }

    // some_of applies between lo and hi of its steps, each at most once and in document
    // order; which ones is drawn, so every step and every count in [lo, hi] turns up.
    void someOfAppliesWithinN_data() {
        QTest::addColumn<int>("lo");
        QTest::addColumn<int>("hi");
        for (auto [lo, hi] : std::initializer_list<std::pair<int, int>>{
                 {0, 0}, {1, 1}, {2, 2}, {3, 3}, {0, 3}, {1, 2}})
            QTest::addRow("n [%d, %d]", lo, hi) << lo << hi;
    }
    void someOfAppliesWithinN() {
        QFETCH(int, lo);
        QFETCH(int, hi);
        json three = {{{"transform", "text.tag"}, {"params", {{"tag", "a"}}}},
                      {{"transform", "text.tag"}, {"params", {{"tag", "b"}}}},
                      {{"transform", "text.tag"}, {"params", {{"tag", "c"}}}}};
        const Pipeline p =
            Pipeline::fromJson(doc({{{"some_of", three}, {"n", {lo, hi}}}}), testRegistry());
        std::set<int> counts;
        std::set<std::string> texts;
        int perStep[3] = {0, 0, 0};
        for (uint64_t seed = 0; seed < 300; ++seed) {
            Sample s = TextSample{"", ""};
            const RunResult r = p.run(s, seed);
            QCOMPARE(r.steps.size(), size_t(3));
            std::string expected;
            int applied = 0;
            for (size_t i = 0; i < 3; ++i)
                if (r.steps[i].applied) {
                    expected += char('a' + i); // the applied steps' tags, in step order
                    ++applied;
                    ++perStep[i];
                }
            QCOMPARE(std::get<TextSample>(s).text, expected);
            QVERIFY2(applied >= lo && applied <= hi, qPrintable(QString::number(applied)));
            counts.insert(applied);
            texts.insert(expected);
        }
        QCOMPARE(int(counts.size()), hi - lo + 1);
        // Every subset of each allowed size turns up: C(3, k) of them per k.
        size_t subsets = 0;
        for (int k = lo; k <= hi; ++k)
            subsets += size_t(k == 0 || k == 3 ? 1 : 3);
        QCOMPARE(texts.size(), subsets);
        for (int n : perStep)
            QVERIFY(hi == 0 ? n == 0 : n > 0);
    }

    void disabledStepsDoNothing() {
        const Pipeline p = Pipeline::fromJson(
            doc({{{"transform", "text.tag"}, {"p", 1.0}, {"enabled", false}}}), testRegistry());
        Sample s = TextSample{"x", ""};
        QCOMPARE(p.run(s, 1).steps[0].applied, false);
        QCOMPARE(std::get<TextSample>(s).text, std::string("x"));
    }

    void editingOneStepKeepsTheOthersDraws() {
        json steps = {{{"transform", "text.add"}, {"p", 1.0}},
                      {{"transform", "text.add"}, {"p", 1.0}}};
        const Pipeline a = Pipeline::fromJson(doc(steps), testRegistry());
        steps[0]["params"]["amount"] = {5, 6};
        const Pipeline b = Pipeline::fromJson(doc(steps), testRegistry());
        Sample sa = TextSample{"", ""}, sb = TextSample{"", ""};
        const RunResult ra = a.run(sa, 11), rb = b.run(sb, 11);
        QVERIFY(ra.steps[0].values != rb.steps[0].values);
        QCOMPARE(ra.steps[1].values, rb.steps[1].values);
    }

    void replayReproducesTheOutput() {
        const Pipeline p = Pipeline::fromJson(doc({{{"transform", "text.add"}},
                                                   {{"transform", "text.add"}},
                                                   {{"transform", "text.tag"}}}),
                                              testRegistry());
        for (uint64_t seed = 0; seed < 20; ++seed) {
            Sample a = TextSample{"x", ""}, b = TextSample{"x", ""};
            const RunResult r = p.run(a, seed);
            json recorded = r.stepsJson();
            std::vector<StepRecord> back;
            for (const auto& j : recorded)
                back.push_back(StepRecord::fromJson(j));
            p.replay(b, back);
            QCOMPARE(std::get<TextSample>(b).text, std::get<TextSample>(a).text);
        }
    }

    // Literal values: every recorded export and manifest depends on them. A failure here
    // means outputs of existing pipelines change: a deliberate, versioned decision (update
    // these values and tests/golden together, and say so in the change).
    void rngIsStableAcrossPlatforms() {
        // Published reference values: splitmix64 from state 0, and FNV-1a 64 test vectors.
        uint64_t state = 0;
        QCOMPARE(splitmix64(state), 0xe220a8397b1dcdafULL);
        QCOMPARE(hashKey(""), 0xcbf29ce484222325ULL);
        QCOMPARE(hashKey("a"), 0xaf63dc4c8601ec8cULL);
        QCOMPARE(hashKey("foobar"), 0x85944171f73967e8ULL);
        // xoshiro256** seeded through splitmix64: the first outputs for a few seeds.
        const std::pair<uint64_t, std::array<uint64_t, 4>> firsts[] = {
            {0,
             {0x99ec5f36cb75f2b4ULL, 0xbf6e1f784956452aULL, 0x1a5f849d4933e6e0ULL,
              0x6aa594f1262d2d2cULL}},
            {1,
             {0xb3f2af6d0fc710c5ULL, 0x853b559647364ceaULL, 0x92f89756082a4514ULL,
              0x642e1c7bc266a3a7ULL}},
            {42,
             {0x15780b2e0c2ec716ULL, 0x6104d9866d113a7eULL, 0xae17533239e499a1ULL,
              0xecb8ad4703b360a1ULL}},
            {UINT64_MAX,
             {0x8f5520d52a7ead08ULL, 0xc476a018caa1802dULL, 0x81de31c0d260469eULL,
              0xbf658d7e065f3c2fULL}}};
        for (const auto& [seed, expected] : firsts) {
            Rng r(seed);
            for (uint64_t x : expected)
                QCOMPARE(r.next(), x);
        }
        // Every distribution, drawn in this order from one generator. Doubles are compared
        // exactly (QCOMPARE on doubles is fuzzy).
        auto exactly = [](double got, double expected) {
            if (got != expected)
                qWarning("got %.17g, expected %.17g", got, expected);
            return got == expected;
        };
        Rng r(7);
        for (double x : {0.7005764821796896, 0.27875122947378428, 0.83962746187641979})
            QVERIFY(exactly(r.uniform(), x));
        for (double x : {2.9054886250746756, 2.9543013941653413, 2.3638696937256602})
            QVERIFY(exactly(r.uniform(-2, 3), x));
        for (int64_t k : {5, 5, 5, 2, 6, 5, 4, 6})
            QCOMPARE(r.integer(1, 6), k);
        for (int64_t k : {-196223971681LL, 495290626687LL, -900205736646LL})
            QCOMPARE(r.integer(-1000000000000LL, 1000000000000LL), k);
        // The full int64 range (a span that overflows int64_t).
        for (int64_t k : {8600945088747540894LL, 2886913760543872315LL})
            QCOMPARE(r.integer(INT64_MIN, INT64_MAX), k);
        for (double x : {0.95063411556768829, -0.45901004862384376, -0.0039085183255042743})
            QVERIFY(exactly(r.normal(), x));
        for (double x : {4.916381050603615, 1.9262290499184529, 3.0662727964831391})
            QVERIFY(exactly(r.normal(1, 2), x));
        for (bool b : {true, false, false, false, false, false, false, false, false, false})
            QCOMPARE(r.bernoulli(0.3), b);
        std::vector<int> v{0, 1, 2, 3, 4, 5, 6, 7};
        r.shuffle(v);
        QCOMPARE(v, (std::vector<int>{7, 1, 4, 6, 0, 5, 3, 2}));
        // Degenerate arguments draw nothing.
        Rng d(7), fresh(7);
        QCOMPARE(d.uniform(2, 2), 2.0);
        QCOMPARE(d.integer(3, 3), int64_t(3));
        QCOMPARE(d.bernoulli(1.0), true);
        QCOMPARE(d.bernoulli(0.0), false);
        QCOMPARE(d.next(), fresh.next());
        QCOMPARE(mixSeed(1, 2), 0xb2715e2c3907c3ccULL);
    }

    // The seed of one output, from the pipeline seed, the item's key (bytes as UTF-8) and
    // the copy index.
    void deriveSeedIsPinned_data() {
        QTest::addColumn<quint64>("pipelineSeed");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<quint64>("copy");
        QTest::addColumn<quint64>("seed");
        auto row = [](const char* name, uint64_t p, const char* key, uint64_t copy, uint64_t seed) {
            QTest::newRow(name) << quint64(p) << QByteArray(key) << quint64(copy) << quint64(seed);
        };
        row("empty key", 1, "", 0, 0xc08434ca341e8c5fULL);
        row("empty key copy 1", 1, "", 1, 0xcf69a27797a66c7dULL);
        row("path", 1, "a/b.jpg", 0, 0xf917ae32bf2aff7cULL);
        row("path copy 1", 1, "a/b.jpg", 1, 0xde9da00c4d38e969ULL);
        row("other seed", 20261201, "a/b.jpg", 7, 0xc0363c798fb768fdULL);
        row("space", 1, "cat/img 001.png", 0, 0x6e73c5fac52e6a44ULL);
        row("space copy 1", 1, "cat/img 001.png", 1, 0xbf73f285746fa4abULL);
        row("unicode", 1, "猫/ßild ✓.png", 0, 0x33cae37ce5e0f023ULL);
        row("unicode copy 1", 1, "猫/ßild ✓.png", 1, 0xb1ae0fe3c0b2dc46ULL);
        row("table row", 1, "train/series.csv#3", 0, 0x14c434e8e919edd5ULL);
        row("emoji", 1, "emoji 🙂👍🏽.txt", 0, 0xd6f355d5bc23408fULL);
        row("emoji copy 1", 1, "emoji 🙂👍🏽.txt", 1, 0x0d5e2232936c30b1ULL);
    }
    void deriveSeedIsPinned() {
        QFETCH(quint64, pipelineSeed);
        QFETCH(QByteArray, key);
        QFETCH(quint64, copy);
        QFETCH(quint64, seed);
        QCOMPARE(quint64(deriveSeed(pipelineSeed,
                                    std::string_view(key.constData(), size_t(key.size())), copy)),
                 seed);
    }

    // The distributions' shape, over many draws (the literals above pin the sequence).
    void distributionsHaveTheirMoments() {
        Rng u(1);
        int counts[3] = {0, 0, 0};
        for (int i = 0; i < 30000; ++i) {
            const double x = u.uniform(-2, 3);
            QVERIFY(x >= -2 && x < 3);
            const int64_t k = u.integer(1, 3);
            QVERIFY(k >= 1 && k <= 3);
            ++counts[k - 1];
        }
        for (int c : counts)
            QVERIFY2(std::abs(c - 10000) < 400, qPrintable(QString::number(c)));
        Rng n(5);
        double sum = 0, sq = 0;
        const int count = 200000;
        for (int i = 0; i < count; ++i) {
            const double x = n.normal(1.0, 2.0);
            sum += x;
            sq += x * x;
        }
        const double mean = sum / count, var = sq / count - mean * mean;
        QVERIFY(std::abs(mean - 1.0) < 0.02);
        QVERIFY(std::abs(std::sqrt(var) - 2.0) < 0.02);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_base_pipeline.moc"

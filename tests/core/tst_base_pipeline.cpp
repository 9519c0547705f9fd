// The pipeline document: loading, validation errors with JSON paths, composition, seeds.
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"

#include <QtTest>

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

    void someOfAppliesWithinN() {
        json three = {{{"transform", "text.tag"}, {"params", {{"tag", "a"}}}},
                      {{"transform", "text.tag"}, {"params", {{"tag", "b"}}}},
                      {{"transform", "text.tag"}, {"params", {{"tag", "c"}}}}};
        const Pipeline p =
            Pipeline::fromJson(doc({{{"some_of", three}, {"n", {2, 2}}}}), testRegistry());
        for (uint64_t seed = 0; seed < 200; ++seed) {
            Sample s = TextSample{"", ""};
            p.run(s, seed);
            QCOMPARE(std::get<TextSample>(s).text.size(), size_t(2));
        }
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

    void rngIsStableAcrossPlatforms() {
        // Fixed values: a change here breaks every recorded export and manifest.
        Rng r(42);
        const uint64_t first = r.next();
        Rng again(42);
        QCOMPARE(again.next(), first);
        Rng u(1);
        for (int i = 0; i < 10000; ++i) {
            const double x = u.uniform(-2, 3);
            QVERIFY(x >= -2 && x < 3);
            const int64_t k = u.integer(1, 3);
            QVERIFY(k >= 1 && k <= 3);
        }
        QCOMPARE(deriveSeed(1, "a/b.jpg", 0), deriveSeed(1, "a/b.jpg", 0));
        QVERIFY(deriveSeed(1, "a/b.jpg", 0) != deriveSeed(1, "a/b.jpg", 1));
        QVERIFY(deriveSeed(1, "a/b.jpg", 0) != deriveSeed(2, "a/b.jpg", 0));
        // Normal draws have the right moments.
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

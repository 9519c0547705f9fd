// Values, the flat list of a step's drawn values: lookups, JSON conversion, and that a
// skipped step costs no allocation.
#include "core/pipeline/pipeline.h"
#include "core/pipeline/values.h"

#include <QtTest>

#include <atomic>
#include <cstdlib>
#include <new>
#include <stdexcept>

using namespace augstudio::core;
using json = nlohmann::json;

// Every allocation of this executable goes through these, so a test can count what a piece
// of code allocates.
namespace {
std::atomic<long> gAllocations{0};
}

void* operator new(std::size_t size) {
    gAllocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}

namespace {

class Skipped : public TextTransform {
public:
    explicit Skipped(const ParamSet&) {}
    Values draw(Rng& rng, const SampleInfo&) const override {
        return {{"x", rng.uniform(0.0, 1.0)}};
    }
    void applyTo(TextSample& s, const Values&) const override { s.text += "!"; }
};

Registry testRegistry() {
    Registry r;
    r.add({"text.bang", Modality::Text, "token", "adds !", {}, 0.5, factoryOf<Skipped>()});
    return r;
}

// A pipeline of `n` steps that never run (p = 0).
Pipeline skippedSteps(int n) {
    json steps = json::array();
    for (int i = 0; i < n; ++i)
        steps.push_back({{"transform", "text.bang"}, {"p", 0.0}});
    return Pipeline::fromJson({{"version", 1}, {"modality", "text"}, {"seed", 7}, {"steps", steps}},
                              testRegistry());
}

long allocationsOfRun(const Pipeline& p) {
    Sample s = TextSample{"some text", ""};
    const long before = gAllocations.load();
    {
        const RunResult r = p.run(s, 11);
        if (r.steps.empty())
            return -1; // no run: the caller's comparison fails
    }
    return gAllocations.load() - before;
}

} // namespace

class TestValues : public QObject {
    Q_OBJECT
private slots:
    void constructionAndLookup() {
        const Values v = {{"angle", -12.5}, {"mode", "rms"}, {"n", 3}};
        QCOMPARE(v.size(), size_t(3));
        QVERIFY(!v.empty());
        QCOMPARE(v.at("angle").get<double>(), -12.5);
        QCOMPARE(v.at("mode").get<std::string>(), std::string("rms"));
        QCOMPARE(v["n"].get<int>(), 3);
        QVERIFY(v.contains("mode"));
        QVERIFY(!v.contains("mod"));
        QCOMPARE(v.value("n", 0), 3);
        QCOMPARE(v.value("missing", 7), 7);
        QCOMPARE(v.value("missing", "none"), std::string("none"));
        QVERIFY(v["missing"].is_null()); // const lookup does not insert
        QCOMPARE(v.size(), size_t(3));
        QVERIFY(Values::object().empty());
        QCOMPARE(makeValues({{"a", 1}}).at("a").get<int>(), 1);
        // Of a repeated key the first is kept, as a JSON object built from a list does.
        const Values twice = {{"k", 1}, {"k", 2}};
        QCOMPARE(twice.size(), size_t(1));
        QCOMPARE(twice.at("k").get<int>(), 1);
    }

    void missingKeyThrowsLikeJson() {
        const Values v = {{"angle", 1.0}};
        try {
            (void)v.at("angel");
            QFAIL("no exception for a missing key");
        } catch (const json::out_of_range& e) {
            QVERIFY2(std::string(e.what()).find("key 'angel' not found") != std::string::npos,
                     e.what());
        }
    }

    void overwriteInsertErase() {
        Values v = {{"b", 1}};
        v["b"] = 2.5;
        QCOMPARE(v.size(), size_t(1));
        QCOMPARE(v.at("b").get<double>(), 2.5);
        v["a"] = "first";
        v.set("c", true);
        QCOMPARE(v.size(), size_t(3));
        // Kept in key order, like a JSON object.
        QStringList keys;
        for (const auto& e : v)
            keys << QString::fromStdString(e.key());
        QCOMPARE(keys,
                 QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(v.erase("b"), size_t(1));
        QCOMPARE(v.erase("b"), size_t(0));
        QVERIFY(!v.contains("b"));
        QCOMPARE(v.size(), size_t(2));
        QCOMPARE(v.at("c").get<bool>(), true);
        v.at("a") = 4;
        QCOMPARE(v.at("a").get<int>(), 4);
    }

    void jsonRoundTripKeepsNumberKinds() {
        const Values v = {{"int", -3},        {"unsigned", uint64_t(18446744073709551615ull)},
                          {"float", 2.0},     {"bool", false},
                          {"list", {1, 2.5}}, {"null", nullptr}};
        const json j = v.toJson();
        QVERIFY(j.is_object());
        QVERIFY(j["int"].is_number_integer() && !j["int"].is_number_unsigned());
        QVERIFY(j["unsigned"].is_number_unsigned());
        QVERIFY(j["float"].is_number_float());
        // Byte for byte what the JSON object of the same entries dumps (2.0 stays a float).
        const json same = {{"int", -3},        {"unsigned", uint64_t(18446744073709551615ull)},
                           {"float", 2.0},     {"bool", false},
                           {"list", {1, 2.5}}, {"null", nullptr}};
        QCOMPARE(j.dump(), same.dump());
        QCOMPARE(v.dump(), same.dump());
        const json implicitly = v; // to_json
        QCOMPARE(implicitly.dump(), same.dump());

        const Values back = Values::fromJson(json::parse(j.dump()));
        QVERIFY(back == v);
        QVERIFY(back.at("unsigned").is_number_unsigned());
        QVERIFY(back.at("float").is_number_float());
        QVERIFY(back.at("int").is_number_integer());
        QCOMPARE(back.toJson().dump(), j.dump());
        QCOMPARE(Values::fromJson(json(j)).toJson().dump(), j.dump()); // moving form
        QCOMPARE(Values(v).takeJson().dump(), j.dump());
    }

    void fromJsonRefusesNonObjects() {
        for (const json& bad : {json::array({1}), json(3), json("x"), json()}) {
            try {
                (void)Values::fromJson(bad);
                QFAIL(qPrintable(QString::fromStdString("accepted " + bad.dump())));
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).find("must be a JSON object") != std::string::npos,
                         e.what());
            }
        }
        QVERIFY(Values::fromJson(json::object()).empty());
    }

    void spillsBeyondInlineCapacity() {
        Values v;
        const int n = int(Values::kInline) * 3 + 1;
        for (int i = n - 1; i >= 0; --i) // reverse order: every insert goes first
            v["k" + std::to_string(100 + i)] = i;
        QCOMPARE(v.size(), size_t(n));
        for (int i = 0; i < n; ++i)
            QCOMPARE(v.at("k" + std::to_string(100 + i)).get<int>(), i);
        int expected = 0;
        for (const auto& [key, value] : v) {
            QCOMPARE(key, "k" + std::to_string(100 + expected));
            QCOMPARE(value.get<int>(), expected++);
        }
        const Values copy = v;
        QVERIFY(copy == v);
        Values moved = std::move(v);
        QVERIFY(moved == copy);
        QVERIFY(v.empty()); // NOLINT: moved-from is left empty on purpose
        QCOMPARE(Values::fromJson(copy.toJson()).toJson(), copy.toJson());
        QCOMPARE(moved.erase("k100"), size_t(1));
        QCOMPARE(moved.size(), size_t(n - 1));
        QVERIFY(!moved.contains("k100"));
        QCOMPARE(moved.at("k101").get<int>(), 1);
    }

    void smallValuesDoNotAllocate() {
        const long before = gAllocations.load();
        {
            Values empty = Values::object();
            Values moved = std::move(empty);
            const Values small = {{"angle", 1.5}, {"flip", true}, {"n", 3}, {"level", -2}};
            const Values copy = small;
            QVERIFY(copy.contains("flip"));
            QCOMPARE(copy.at("angle").get<double>(), 1.5);
            StepRecord skipped{"text.bang", false, Values::object()};
            QVERIFY(skipped.values.empty() && moved.empty());
        }
        QCOMPARE(gAllocations.load() - before, 0L);
        // The counter does count: a spilled list allocates.
        const long spillBefore = gAllocations.load();
        {
            Values big;
            for (char c = 'a'; c < char('a' + Values::kInline + 1); ++c)
                big[std::string(1, c)] = 1;
        }
        QVERIFY(gAllocations.load() - spillBefore > 0);
    }

    void skippedStepsAllocateNothingPerStep() {
        // A run's own allocations (its record list) do not depend on how many steps were
        // skipped; the skipped steps' values add none.
        const Pipeline one = skippedSteps(1), many = skippedSteps(16);
        allocationsOfRun(one); // first-use allocations out of the way
        allocationsOfRun(many);
        const long a = allocationsOfRun(one), b = allocationsOfRun(many);
        QVERIFY2(
            a == b,
            qPrintable(QStringLiteral("1 skipped step: %1 allocations, 16: %2").arg(a).arg(b)));
        // And skipped steps record no values.
        Sample s = TextSample{"t", ""};
        const RunResult r = many.run(s, 3);
        QCOMPARE(r.steps.size(), size_t(16));
        for (const StepRecord& step : r.steps)
            QVERIFY(!step.applied && step.values.empty());
        QCOMPARE(std::get<TextSample>(s).text, std::string("t"));
    }
};

QTEST_APPLESS_MAIN(TestValues)
#include "tst_base_values.moc"

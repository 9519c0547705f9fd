// Exporting series datasets: series.mixup_same_class takes its partners from the dataset's
// training series (the exporter fills SeriesPool), each output is a convex mix of its source
// and a series of the same class, the result equals `augstudio-cli apply` on the training
// file, and it does not depend on --jobs or --shard.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/pipeline/pipeline.h"
#include "testfiles.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;

using augstudio::testfiles::manifest;
using augstudio::testfiles::readText;
using augstudio::testfiles::writeText;

namespace {

// Appends instead of chaining operator+ (GCC 12 warns falsely on that with -O2).
std::string named(const char* prefix, long i, const char* suffix) {
    std::string s = prefix;
    s += std::to_string(i);
    s += suffix;
    return s;
}

struct Row {
    std::string label;
    std::vector<double> values;
};

std::vector<Row> readUcr(const fs::path& file) {
    std::vector<Row> rows;
    std::istringstream in(readText(file));
    for (std::string line; std::getline(in, line);) {
        std::istringstream cells(line);
        Row r;
        std::getline(cells, r.label, '\t');
        for (std::string cell; std::getline(cells, cell, '\t');)
            r.values.push_back(std::stod(cell));
        rows.push_back(std::move(r));
    }
    return rows;
}

// Distinct smooth series, 3 classes of 4 in the training file (classes interleaved, so a
// class's pool order is not the file order), 2 test rows.
fs::path ucrDataset(const fs::path& root) {
    std::string train, test;
    auto row = [](int label, int index) {
        std::string line = std::to_string(label);
        for (int t = 0; t < 16; ++t) {
            const double v = label * 2.0 + std::sin(0.3 * t * (index + 1)) + 0.125 * index;
            line += '\t';
            line += std::to_string(v);
        }
        return line + "\n";
    };
    for (int i = 0; i < 12; ++i)
        train += row(1 + i % 3, i);
    for (int i = 0; i < 2; ++i)
        test += row(1 + i, 20 + i);
    writeText(root / "Toy_TRAIN.tsv", train);
    writeText(root / "Toy_TEST.tsv", test);
    return root;
}

json mixupPipelineJson() {
    return {{"version", 1},
            {"modality", "series"},
            {"seed", 5},
            {"steps", json::array({{{"transform", "series.mixup_same_class"},
                                    {"p", 1.0},
                                    {"params", {{"alpha", 1.0}}}}})}};
}

// Every file but summary.json (it holds the run time) byte for byte.
std::map<std::string, std::string> tree(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) {
            const std::string rel = e.path().lexically_relative(root).generic_string();
            if (rel != "summary.json")
                out[rel] = readText(e.path());
        }
    return out;
}

int rowOf(const std::string& key) {
    return std::stoi(key.substr(key.rfind('#') + 1));
}

} // namespace

class TestExportSeries : public QObject {
    Q_OBJECT
private slots:
    void mixupPartnersFromTrainingSeries() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = ucrDataset(base / "in");
        const Pipeline pipeline = pipelineFromJson(mixupPipelineJson());
        ExportOptions o;
        o.output = base / "out";
        o.copies = 2;
        o.jobs = 1;
        const ExportSummary s = runExport(pipeline, in, o);
        QVERIFY(s.complete);
        QCOMPARE(s.failures, int64_t(0));
        QCOMPARE(s.outputs, int64_t(12 * 2 + 2));

        const std::vector<Row> sources = readUcr(in / "Toy_TRAIN.tsv");
        const std::vector<Row> outputs = readUcr(o.output / "Toy_TRAIN.tsv");
        QCOMPARE(outputs.size(), size_t(24));
        // The pool of a class: its training rows in file order.
        std::map<std::string, std::vector<int>> pool;
        for (int r = 0; r < int(sources.size()); ++r)
            pool[sources[size_t(r)].label].push_back(r);
        int checked = 0;
        for (const json& line : manifest(o.output / "manifest.jsonl")) {
            if (line["split"] != "train")
                continue;
            const int src = rowOf(line["source"]), out = rowOf(line["output"]);
            const Row& source = sources[size_t(src)];
            const Row& output = outputs[size_t(out)];
            QCOMPARE(output.label, source.label);
            const json& values = line["steps"][0]["values"];
            QVERIFY2(!values["partner"].is_null(), line.dump().c_str());
            const double lambda = values["lambda"];
            QVERIFY(lambda >= 0.5 && lambda < 1.0);
            const auto& members = pool.at(source.label);
            const int64_t partner = values["partner"];
            QVERIFY(partner >= 0 && partner < int64_t(members.size()));
            const Row& mate = sources[size_t(members[size_t(partner)])];
            QCOMPARE(mate.label, source.label);
            QVERIFY(members[size_t(partner)] != src); // never mixed with itself
            double change = 0;
            for (size_t t = 0; t < source.values.size(); ++t) {
                const double expected = lambda * source.values[t] + (1 - lambda) * mate.values[t];
                QVERIFY2(std::abs(output.values[t] - expected) < 1e-12,
                         (line.dump() + " step " + std::to_string(t)).c_str());
                change = std::max(change, std::abs(output.values[t] - source.values[t]));
            }
            QVERIFY2(change > 1e-3, line.dump().c_str());
            ++checked;
        }
        QCOMPARE(checked, 24);
        // The test split is copied unchanged (values; the table is written anew).
        const std::vector<Row> test = readUcr(in / "Toy_TEST.tsv");
        const std::vector<Row> testOut = readUcr(o.output / "Toy_TEST.tsv");
        QCOMPARE(testOut.size(), test.size());
        for (size_t r = 0; r < test.size(); ++r) {
            QCOMPARE(testOut[r].label, test[r].label);
            QCOMPARE(testOut[r].values, test[r].values);
        }
    }

    void jobsAndShardsByteIdentical() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = ucrDataset(base / "in");
        const Pipeline pipeline = pipelineFromJson(mixupPipelineJson());
        auto run = [&](const fs::path& out, int jobs, int shard, int count) {
            ExportOptions o;
            o.output = out;
            o.copies = 3;
            o.includeOriginals = true;
            o.jobs = jobs;
            o.shardIndex = shard;
            o.shardCount = count;
            return runExport(pipeline, in, o);
        };
        QVERIFY(run(base / "one", 1, 0, 1).complete);
        QVERIFY(run(base / "two", 2, 0, 1).complete);
        const auto one = tree(base / "one");
        QCOMPARE(tree(base / "two"), one);
        QVERIFY(readText(base / "one" / "Toy_TRAIN.tsv") != readText(in / "Toy_TRAIN.tsv"));
        // Each shard fills the pool from every training series, not only its own items.
        QVERIFY(!run(base / "shards", 2, 1, 3).complete);
        QVERIFY(!run(base / "shards", 1, 0, 3).complete);
        QVERIFY(run(base / "shards", 2, 2, 3).complete);
        QCOMPARE(tree(base / "shards"), one);
    }

    void equalsApplyOnTheTrainingFile() {
        if (!QFileInfo::exists(QStringLiteral(CLI_PATH)))
            QSKIP("augstudio-cli is not built");
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = ucrDataset(base / "in");
        writeText(base / "pipeline.json", mixupPipelineJson().dump());
        ExportOptions o;
        o.output = base / "out";
        runExport(pipelineFromJson(mixupPipelineJson()), in, o);
        QProcess p;
        p.start(QStringLiteral(CLI_PATH),
                {QStringLiteral("apply"), QStringLiteral("--pipeline"),
                 QString::fromStdString((base / "pipeline.json").string()),
                 QString::fromStdString((in / "Toy_TRAIN.tsv").string()),
                 QString::fromStdString((base / "applied.tsv").string())});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const std::string applied = readText(base / "applied.tsv");
        QVERIFY(!applied.empty());
        QCOMPARE(readText(o.output / "Toy_TRAIN.tsv"), applied);
    }

    void classFolderCsvsMixWithinTheirFolder() {
        // Per-series CSV files carry no label: the class folder gives it, for the pool and
        // for the sample being augmented alike.
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        for (int c = 0; c < 2; ++c)
            for (int i = 0; i < 3; ++i) {
                std::string text = "x,y\n";
                for (int t = 0; t < 8; ++t)
                    text += named("", c * 100 + i * 10 + t, ",") +
                            named("", -(c * 100 + i * 10) - t, "\n");
                writeText(base / "in" / (c ? "b" : "a") / named("s", i, ".csv"), text);
            }
        ExportOptions o;
        o.output = base / "out";
        const ExportSummary s = runExport(pipelineFromJson(mixupPipelineJson()), base / "in", o);
        QCOMPARE(s.outputs, int64_t(6));
        for (const json& line : manifest(o.output / "manifest.jsonl")) {
            const json& values = line["steps"][0]["values"];
            QVERIFY2(!values["partner"].is_null(), line.dump().c_str());
            // The partner is the class's file at that index (the scan's order), never one
            // of the other class.
            auto firstX = [](const fs::path& file) {
                std::istringstream csv(readText(file));
                std::string header, first;
                std::getline(csv, header);
                std::getline(csv, first);
                return std::stod(first.substr(0, first.find(',')));
            };
            const std::string label = line["class"];
            const fs::path mate =
                base / "in" / label / named("s", values["partner"].get<long>(), ".csv");
            const double lambda = values["lambda"];
            const double expected =
                lambda * firstX(base / "in" / line["source"].get<std::string>()) +
                (1 - lambda) * firstX(mate);
            QVERIFY2(std::abs(firstX(o.output / line["output"].get<std::string>()) - expected) <
                         1e-9,
                     line.dump().c_str());
            QVERIFY(readText(o.output / line["output"].get<std::string>()) !=
                    readText(base / "in" / line["source"].get<std::string>()));
        }
    }
};

QTEST_GUILESS_MAIN(TestExportSeries)
#include "tst_export_series.moc"

// --balance-with: the copies that fill the smaller classes get series.smote or same-class
// mixup after the pipeline. Classes reach the target exactly; a SMOTE copy lies on the
// segment from its source to a same-class series; a mixup copy is a convex blend of two
// same-class images; copies of the largest class are left to the pipeline alone; bytes are
// equal across jobs and shards, and after a stop and resume; refusals name the reason.
#include "core/catalog/builtin.h"
#include "core/export/exporter.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <sstream>
#include <thread>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;
using augstudio::testfiles::manifest;
using augstudio::testfiles::readText;
using augstudio::testfiles::tree;
using augstudio::testfiles::writeText;
using Fill = ExportOptions::BalanceFill;

namespace {

Pipeline pipelineOf(const std::string& modality, json steps) {
    return pipelineFromJson(
        {{"version", 1}, {"modality", modality}, {"seed", 9}, {"steps", std::move(steps)}});
}

// A step that never applies: the fill step sees the sources as they are.
json idle(const std::string& transform) {
    return json::array({{{"transform", transform}, {"p", 0.0}}});
}

std::string numbered(const char* prefix, int i, const char* suffix) {
    std::string s = prefix;
    s += std::to_string(i);
    s += suffix;
    return s;
}

// Constant-colour images: `counts` per class, each item its own colour.
fs::path imageDataset(const fs::path& root, const std::vector<std::pair<std::string, int>>& counts,
                      int size = 12) {
    int n = 0;
    for (const auto& [label, count] : counts)
        for (int i = 0; i < count; ++i, ++n) {
            fs::create_directories(root / label);
            const cv::Mat m(size, size, CV_8UC3, cv::Scalar(20 + 37 * n % 200, 200 - 13 * n, 90));
            cv::imwrite((root / label / numbered("i", i, ".png")).string(), m);
        }
    return root;
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

// Classes 1, 2, 3 of 6, 3 and 2 distinct series of 16 steps.
fs::path seriesDataset(const fs::path& root) {
    std::string train;
    const int labels[] = {1, 1, 2, 1, 3, 1, 2, 1, 1, 2, 3};
    for (int i = 0; i < 11; ++i) {
        std::string line = std::to_string(labels[i]);
        for (int t = 0; t < 16; ++t) {
            line += '\t';
            line += std::to_string(labels[i] + std::sin(0.3 * t * (i + 1)) + 0.05 * i);
        }
        train += line + "\n";
    }
    writeText(root / "Toy_TRAIN.tsv", train);
    return root;
}

int rowOf(const std::string& key) {
    return std::stoi(key.substr(key.rfind('#') + 1));
}

void compareTrees(const fs::path& a, const fs::path& b) {
    const auto ta = tree(a), tb = tree(b);
    for (const auto& [rel, bytes] : ta) {
        const auto it = tb.find(rel);
        QVERIFY2(it != tb.end(), (rel + " missing in " + b.string()).c_str());
        QVERIFY2(it->second == bytes, (rel + " differs").c_str());
    }
    QCOMPARE(ta.size(), tb.size());
}

ExportOptions balanced(const fs::path& out, Fill fill, int jobs = 1) {
    ExportOptions o;
    o.output = out;
    o.mode = ExportOptions::Mode::Balance;
    o.balanceWith = fill;
    o.jobs = jobs;
    return o;
}

} // namespace

class TestExportBalance : public QObject {
    Q_OBJECT
private slots:
    // Every class of the split ends at the target, whichever fill and modality.
    void classesReachTheTarget_data() {
        QTest::addColumn<QString>("modality");
        QTest::addColumn<int>("fill");
        QTest::addColumn<int>("target"); // 0: the largest class
        QTest::newRow("series smote") << "series" << int(Fill::Smote) << 0;
        QTest::newRow("series mixup, target 8") << "series" << int(Fill::Mixup) << 8;
        QTest::newRow("image mixup") << "image" << int(Fill::Mixup) << 0;
    }
    void classesReachTheTarget() {
        QFETCH(QString, modality);
        QFETCH(int, fill);
        QFETCH(int, target);
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const bool series = modality == QLatin1String("series");
        const fs::path in = series ? seriesDataset(base / "in")
                                   : imageDataset(base / "in", {{"a", 5}, {"b", 2}, {"c", 1}});
        ExportOptions o = balanced(base / "out", Fill(fill));
        o.target = target;
        const ExportSummary s = runExport(
            pipelineOf(modality.toStdString(), idle(series ? "series.jitter" : "image.hflip")), in,
            o);
        QVERIFY(s.complete);
        QCOMPARE(s.failures, int64_t(0));
        const json& after = s.json["counts"]["after"]["train"];
        QCOMPARE(int(after.size()), 3);
        for (const auto& [label, count] : after.items())
            QCOMPARE(count.get<int>(), target ? target : (series ? 6 : 5));
        QCOMPARE(s.json["balance_with"]["fill"].get<std::string>(),
                 std::string(fill == int(Fill::Smote) ? "smote" : "mixup"));
        // The manifest records the fill step on every filled copy, with its partner.
        int filled = 0;
        for (const json& line : manifest(o.output / "manifest.jsonl"))
            if (!line["copy"].is_null() && line["steps"].size() == 2) {
                const json& step = line["steps"][1];
                QCOMPARE(step["id"].get<std::string>(),
                         std::string(fill == int(Fill::Smote) ? "series.smote"
                                     : series                 ? "series.mixup_same_class"
                                                              : "image.mixup"));
                const json& values = step["values"];
                QVERIFY2((values.contains("partner") && !values["partner"].is_null()) ||
                             (values.contains("partners") && !values["partners"].empty()),
                         line.dump().c_str());
                ++filled;
            }
        QVERIFY(filled > 0);
        // series.mixup_same_class records no soft-label partners (its class is the item's).
        QCOMPARE(fs::exists(o.output / "soft_labels.csv"), !(series && fill == int(Fill::Mixup)));
    }

    // Each SMOTE copy is source + u (neighbour - source), u in [0, 1], for a series of the
    // same class; the largest class's copies (target above it) get no SMOTE step.
    void smoteCopiesLieOnASegmentToASameClassSeries() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = seriesDataset(base / "in");
        ExportOptions o = balanced(base / "out", Fill::Smote);
        o.target = 7;
        QVERIFY(runExport(pipelineOf("series", idle("series.jitter")), in, o).complete);
        const std::vector<Row> sources = readUcr(in / "Toy_TRAIN.tsv");
        const std::vector<Row> outputs = readUcr(o.output / "Toy_TRAIN.tsv");
        int filled = 0, largest = 0;
        for (const json& line : manifest(o.output / "manifest.jsonl")) {
            if (line["copy"].is_null())
                continue;
            const Row& source = sources[size_t(rowOf(line["source"]))];
            const Row& output = outputs[size_t(rowOf(line["output"]))];
            QCOMPARE(output.label, source.label);
            if (source.label == "1") { // the largest class: the pipeline only
                QCOMPARE(line["steps"].size(), size_t(1));
                ++largest;
                continue;
            }
            QCOMPARE(line["steps"].size(), size_t(2));
            const json& smote = line["steps"][1];
            QCOMPARE(smote["id"].get<std::string>(), std::string("series.smote"));
            const double gap = smote["values"]["gap"];
            QVERIFY(gap >= 0 && gap <= 1);
            // The neighbour: a same-class series (not the source) the output lies towards.
            bool onSegment = false;
            for (const Row& other : sources) {
                if (other.label != source.label || &other == &source)
                    continue;
                double worst = 0;
                for (size_t t = 0; t < source.values.size(); ++t) {
                    const double expected =
                        source.values[t] + gap * (other.values[t] - source.values[t]);
                    worst = std::max(worst, std::abs(output.values[t] - expected));
                }
                onSegment = onSegment || worst < 1e-5;
            }
            QVERIFY2(onSegment, line.dump().c_str());
            QVERIFY(line["steps"][1]["values"]["partners"][0]["label"] == source.label);
            ++filled;
        }
        QCOMPARE(filled, (7 - 3) + (7 - 2));
        QCOMPARE(largest, 1);
        QVERIFY(readText(o.output / "soft_labels.csv").find("__aug") != std::string::npos ||
                readText(o.output / "soft_labels.csv").find("Toy_TRAIN.tsv#") != std::string::npos);
    }

    // Each mixup copy is lambda source + (1 - lambda) partner, pixel by pixel, for a partner
    // of the same class other than the source; soft_labels.csv gives the two weights.
    void mixupCopiesAreConvexBlendsOfTwoSameClassImages() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = imageDataset(base / "in", {{"a", 4}, {"b", 2}});
        const ExportOptions o = balanced(base / "out", Fill::Mixup);
        QVERIFY(runExport(pipelineOf("image", idle("image.hflip")), in, o).complete);
        int filled = 0;
        for (const json& line : manifest(o.output / "manifest.jsonl")) {
            if (line["copy"].is_null())
                continue;
            QCOMPARE(line["class"].get<std::string>(), std::string("b"));
            const json& mix = line["steps"].back();
            QCOMPARE(mix["id"].get<std::string>(), std::string("image.mixup"));
            const double lambda = mix["values"]["lambda"];
            const json& partner = mix["values"]["partners"][0];
            QCOMPARE(partner["label"].get<std::string>(), std::string("b"));
            QVERIFY(partner["key"] != line["source"]);
            const cv::Mat src = cv::imread((in / line["source"].get<std::string>()).string());
            const cv::Mat mate = cv::imread((in / partner["key"].get<std::string>()).string());
            const cv::Mat out = cv::imread((o.output / line["output"].get<std::string>()).string());
            QCOMPARE(out.size(), src.size());
            cv::Mat expected;
            cv::addWeighted(src, lambda, mate, 1 - lambda, 0, expected, CV_64F);
            cv::Mat got;
            out.convertTo(got, CV_64F);
            QVERIFY2(cv::norm(got, expected, cv::NORM_INF) <= 1.0, line.dump().c_str());
            QVERIFY(cv::norm(src, mate, cv::NORM_INF) > 10); // distinct colours: a real check
            ++filled;
        }
        QCOMPARE(filled, 2);
        const std::string soft = readText(o.output / "soft_labels.csv");
        QVERIFY2(std::count(soft.begin(), soft.end(), '\n') >= 1 + 2, soft.c_str());
    }

    // Same bytes with 1 or 2 jobs and in 2 shards sharing the folder.
    void sameBytesAcrossJobsAndShards() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = imageDataset(base / "in", {{"a", 6}, {"b", 2}, {"c", 3}});
        const Pipeline p = pipelineOf("image", idle("image.hflip"));
        QVERIFY(runExport(p, in, balanced(base / "one", Fill::Mixup, 1)).complete);
        QVERIFY(runExport(p, in, balanced(base / "two", Fill::Mixup, 2)).complete);
        compareTrees(base / "one", base / "two");
        ExportOptions shard = balanced(base / "shared", Fill::Mixup, 2);
        shard.shardCount = 2;
        QVERIFY(!runExport(p, in, shard).complete);
        shard.shardIndex = 1;
        QVERIFY(runExport(p, in, shard).complete);
        compareTrees(base / "one", base / "shared");
    }

    // An export with mixup and mosaic partners, filled by mixup, stopped after some items
    // through the cancel hook and run again, equals an uninterrupted run byte for byte.
    void stoppedAndResumedEqualsUninterrupted() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = imageDataset(base / "in", {{"a", 24}, {"b", 6}, {"c", 10}}, 64);
        const Pipeline p =
            pipelineOf("image", json::array({{{"transform", "image.mixup"}, {"p", 0.7}},
                                             {{"transform", "image.mosaic"},
                                              {"p", 0.7},
                                              {"params", {{"width", 96}, {"height", 96}}}}}));
        QVERIFY(runExport(p, in, balanced(base / "whole", Fill::Mixup)).complete);
        bool stoppedHalfway = false;
        for (int attempt = 0; attempt < 4 && !stoppedHalfway; ++attempt) {
            const fs::path out = base / numbered("resumed", attempt, "");
            std::atomic<bool> cancel{false}, finished{false};
            // Stops the run once a few item records are in place (each is one finished item).
            std::thread watcher([&] {
                const fs::path records = out / ".augstudio" / "records";
                while (!finished.load()) {
                    std::error_code ec;
                    int n = 0;
                    for (auto it = fs::directory_iterator(records, ec);
                         !ec && it != fs::directory_iterator(); ++it)
                        ++n;
                    if (n >= 4) {
                        cancel = true;
                        return;
                    }
                    std::this_thread::yield();
                }
            });
            ExportOptions o = balanced(out, Fill::Mixup);
            o.cancel = &cancel;
            const ExportSummary first = runExport(p, in, o);
            finished = true;
            watcher.join();
            if (first.complete)
                continue; // finished before the stop: try again
            stoppedHalfway = true;
            QVERIFY(first.cancelled);
            ExportOptions again = balanced(out, Fill::Mixup);
            QVERIFY(runExport(p, in, again).complete);
            compareTrees(base / "whole", out);
        }
        QVERIFY2(stoppedHalfway, "every run finished before the stop: nothing resumed");
    }

    // Refused up front, naming the reason: text, SMOTE on images, a fill without balance.
    void refusedWhereItDoesNotApply_data() {
        QTest::addColumn<QString>("modality");
        QTest::addColumn<int>("fill");
        QTest::addColumn<bool>("balance");
        QTest::addColumn<QString>("reason");
        QTest::newRow("text") << "text" << int(Fill::Mixup) << true << "text datasets";
        QTest::newRow("smote on images")
            << "image" << int(Fill::Smote) << true << "smote interpolates series";
        QTest::newRow("no balance") << "image" << int(Fill::Mixup) << false << "balance";
    }
    void refusedWhereItDoesNotApply() {
        QFETCH(QString, modality);
        QFETCH(int, fill);
        QFETCH(bool, balance);
        QFETCH(QString, reason);
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const bool text = modality == QLatin1String("text");
        if (text)
            writeText(base / "in" / "train.tsv", "pos\tgood film\nneg\tbad film\npos\tfine\n");
        else
            imageDataset(base / "in", {{"a", 2}, {"b", 1}});
        ExportOptions o = balanced(base / "out", Fill(fill));
        if (!balance)
            o.mode = ExportOptions::Mode::Copies;
        try {
            runExport(
                pipelineOf(modality.toStdString(), idle(text ? "text.random_swap" : "image.hflip")),
                base / "in", o);
            QFAIL("not refused");
        } catch (const OptionError& e) {
            QCOMPARE(e.where(), std::string("balanceWith"));
            QVERIFY2(e.reason().find(reason.toStdString()) != std::string::npos, e.what());
        }
        QVERIFY(!fs::exists(o.output / "manifest.jsonl"));
    }
};

QTEST_GUILESS_MAIN(TestExportBalance)
#include "tst_export_balance.moc"

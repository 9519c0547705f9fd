// The offline export through the core API: plans and balance arithmetic, outputs mirroring
// the layout (class folders, YOLO, COCO, masks, tables), manifest replay, --jobs and shard
// independence, refusals, corrupt items, featurewise statistics.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/io/image/imagefile.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;

using augstudio::testfiles::manifest;
using augstudio::testfiles::readText;
using augstudio::testfiles::tree;
using augstudio::testfiles::writeText;

namespace {

std::string named(const char* prefix, int i, const char* suffix) {
    std::string s = prefix;
    s += std::to_string(i);
    s += suffix;
    return s;
}

// A distinctive image: a gradient plus the index, so outputs differ per source.
void writeImage(const fs::path& p, int index, int w = 24, int h = 16) {
    fs::create_directories(p.parent_path());
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) =
                cv::Vec3b(uchar(x * 10 + index), uchar(y * 15), uchar(index * 30));
    QVERIFY(cv::imwrite(p.string(), m));
}

Pipeline imagePipeline(const json& steps, uint64_t seed = 11, bool featurewise = false) {
    json doc = {{"version", 1}, {"modality", "image"}, {"seed", seed}, {"steps", steps}};
    if (featurewise)
        doc["featurewise"] = {{"center", true}, {"std_normalization", true}};
    return pipelineFromJson(doc);
}

json defaultSteps() {
    return json::array(
        {{{"transform", "image.hflip"}, {"p", 0.5}},
         {{"transform", "image.rotate"}, {"p", 1.0}, {"params", {{"degrees", {-30, 30}}}}}});
}

// Every regular file under `root` with its bytes, keyed by relative path. summary.json holds
// the run time, so it is compared apart (without time_s).
// Names the first differing file, so a failure says where.
void compareTrees(const fs::path& a, const fs::path& b) {
    const auto ta = tree(a), tb = tree(b);
    for (const auto& [rel, bytes] : ta) {
        const auto it = tb.find(rel);
        QVERIFY2(it != tb.end(), (rel + " missing in " + b.string()).c_str());
        QVERIFY2(it->second == bytes, (rel + " differs").c_str());
    }
    QCOMPARE(ta.size(), tb.size());
}

fs::path classDataset(const fs::path& root, int cats = 3, int dogs = 1) {
    for (int i = 0; i < cats; ++i)
        writeImage(root / "cat" / named("c", i, ".png"), i);
    for (int i = 0; i < dogs; ++i)
        writeImage(root / "dog" / named("d", i, ".png"), 100 + i);
    return root;
}

} // namespace

class TestExportRun : public QObject {
    Q_OBJECT
private slots:
    void balanceArithmetic_data() {
        QTest::addColumn<int>("a");
        QTest::addColumn<int>("b");
        QTest::addColumn<int>("target");
        QTest::addColumn<int>("afterA");
        QTest::addColumn<int>("afterB");
        QTest::newRow("to largest") << 7 << 3 << 0 << 7 << 7;
        QTest::newRow("to 10") << 7 << 3 << 10 << 10 << 10;
        QTest::newRow("target below a") << 7 << 3 << 5 << 7 << 5; // a copied unchanged
        QTest::newRow("equal") << 4 << 4 << 0 << 4 << 4;
    }
    void balanceArithmetic() {
        QFETCH(int, a);
        QFETCH(int, b);
        QFETCH(int, target);
        QFETCH(int, afterA);
        QFETCH(int, afterB);
        Dataset ds;
        auto item = [](std::string key, std::string label, std::string split) {
            DatasetItem it;
            it.key = std::move(key);
            it.label = std::move(label);
            it.split = std::move(split);
            return it;
        };
        for (int i = 0; i < a; ++i)
            ds.items.push_back(item(named("a/", i, ".png"), "a", "train"));
        for (int i = 0; i < b; ++i)
            ds.items.push_back(item(named("b/", i, ".png"), "b", "train"));
        ds.items.push_back(item("val/b/x.png", "b", "val"));
        ExportOptions o;
        o.mode = ExportOptions::Mode::Balance;
        o.target = target;
        const PlannedCounts c = planCounts(ds, o);
        QCOMPARE(c.before.at("train").at("a"), int64_t(a));
        QCOMPARE(c.after.at("train").at("a"), int64_t(afterA));
        QCOMPARE(c.after.at("train").at("b"), int64_t(afterB));
        QCOMPARE(c.after.at("val").at("b"), int64_t(1)); // validation copied unchanged
        // Copies: K per train item, originals optional.
        o.mode = ExportOptions::Mode::Copies;
        o.copies = 3;
        o.includeOriginals = true;
        QCOMPARE(planCounts(ds, o).after.at("train").at("a"), int64_t(4 * a));
        o.includeOriginals = false;
        QCOMPARE(planCounts(ds, o).after.at("train").at("b"), int64_t(3 * b));
    }

    void balanceRoundRobin() {
        // 2 dogs to reach 7: 5 extra outputs, drawn 3 from d0 and 2 from d1.
        QTemporaryDir tmp;
        const fs::path in = classDataset(fs::path(tmp.path().toStdString()) / "in", 7, 2);
        ExportOptions o;
        o.output = fs::path(tmp.path().toStdString()) / "out";
        o.mode = ExportOptions::Mode::Balance;
        const ExportSummary s = runExport(imagePipeline(defaultSteps()), in, o);
        QCOMPARE(s.json["counts"]["after"]["train"]["dog"].get<int>(), 7);
        QCOMPARE(s.json["counts"]["after"]["train"]["cat"].get<int>(), 7);
        QVERIFY(fs::exists(o.output / "dog" / "d0__aug2.png"));
        QVERIFY(!fs::exists(o.output / "dog" / "d0__aug3.png"));
        QVERIFY(fs::exists(o.output / "dog" / "d1__aug1.png"));
        QVERIFY(!fs::exists(o.output / "dog" / "d1__aug2.png"));
        // Over-represented classes are copied unchanged, byte for byte.
        QCOMPARE(readText(o.output / "cat" / "c3.png"), readText(in / "cat" / "c3.png"));
        QVERIFY(!fs::exists(o.output / "cat" / "c3__aug0.png"));
    }

    void copiesManifestReplay() {
        QTemporaryDir tmp;
        const fs::path in = classDataset(fs::path(tmp.path().toStdString()) / "in");
        const Pipeline pipeline = imagePipeline(defaultSteps());
        ExportOptions o;
        o.output = fs::path(tmp.path().toStdString()) / "out";
        o.copies = 2;
        o.includeOriginals = true;
        const ExportSummary s = runExport(pipeline, in, o);
        QVERIFY(s.complete);
        QCOMPARE(s.outputs, int64_t(12));
        const auto lines = manifest(o.output / "manifest.jsonl");
        QCOMPARE(lines.size(), size_t(12));
        QCOMPARE(json::parse(readText(o.output / "pipeline.json")), pipeline.toJson());
        int replayed = 0;
        for (const auto& line : lines) {
            const std::string source = line["source"];
            const fs::path out = o.output / line["output"].get<std::string>();
            QVERIFY2(fs::exists(out), out.c_str());
            if (line["copy"].is_null()) {
                QCOMPARE(readText(out), readText(in / source));
                continue;
            }
            // The seed is the one apply and the preview use; replay reproduces the bytes.
            QCOMPARE(line["seed"].get<uint64_t>(),
                     deriveSeed(11, source, line["copy"].get<uint64_t>()));
            std::vector<StepRecord> steps;
            for (const auto& st : line["steps"])
                steps.push_back(StepRecord::fromJson(st));
            Sample sample = readImage(in / source);
            pipeline.replay(sample, steps);
            const auto bytes = encodeImage(".png", std::get<ImageSample>(sample).image);
            QCOMPARE(std::string(bytes.begin(), bytes.end()), readText(out));
            ++replayed;
        }
        QCOMPARE(replayed, 8);
        const json summary = json::parse(readText(o.output / "summary.json"));
        QCOMPARE(summary["counts"]["before"]["train"]["cat"].get<int>(), 3);
        QCOMPARE(summary["counts"]["after"]["train"]["cat"].get<int>(), 9);
        QCOMPARE(summary["failed"].get<int>(), 0);
    }

    void jobsAndShardsByteIdentical() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = classDataset(base / "in", 9, 4);
        const Pipeline pipeline = imagePipeline(defaultSteps());
        auto run = [&](const fs::path& out, int jobs, int shard, int count) {
            ExportOptions o;
            o.output = out;
            o.copies = 3;
            o.jobs = jobs;
            o.shardIndex = shard;
            o.shardCount = count;
            return runExport(pipeline, in, o);
        };
        run(base / "one", 1, 0, 1);
        run(base / "two", 2, 0, 1);
        compareTrees(base / "one", base / "two");
        // Shards sharing one folder: the last one assembles the single run's files.
        QVERIFY(!run(base / "shared", 2, 0, 3).complete);
        QVERIFY(!run(base / "shared", 1, 2, 3).complete);
        QVERIFY(fs::exists(base / "shared" / "manifest.shard-2-of-3.jsonl"));
        QVERIFY(run(base / "shared", 2, 1, 3).complete);
        compareTrees(base / "shared", base / "one");
        // Shards in separate folders: the union of their files is the single run's, and
        // their manifest lines together are the single run's lines.
        std::set<std::string> lines;
        std::map<std::string, std::string> media;
        for (int i = 0; i < 3; ++i) {
            const fs::path out = base / named("s", i, "");
            run(out, 1, i, 3);
            for (const auto& [rel, bytes] : tree(out))
                if (rel.find(".png") != std::string::npos)
                    media[rel] = bytes;
            std::ifstream m(out / named("manifest.shard-", i, "-of-3.jsonl"));
            for (std::string line; std::getline(m, line);)
                QVERIFY(lines.insert(line).second);
        }
        std::map<std::string, std::string> singleMedia;
        for (const auto& [rel, bytes] : tree(base / "one"))
            if (rel.find(".png") != std::string::npos)
                singleMedia[rel] = bytes;
        QCOMPARE(media, singleMedia);
        std::set<std::string> singleLines;
        std::ifstream m(base / "one" / "manifest.jsonl");
        for (std::string line; std::getline(m, line);)
            singleLines.insert(line);
        QCOMPARE(lines, singleLines);
    }

    void yoloBoxes() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = base / "yolo";
        writeText(in / "data.yaml", "names:\n  0: car\n  1: bus\n");
        writeImage(in / "images" / "train" / "a.png", 1, 100, 50);
        // Box: x 10..30, y 5..25 of a 100 x 50 image.
        writeText(in / "labels" / "train" / "a.txt", "1 0.2 0.3 0.2 0.4\n");
        auto exportWith = [&](const json& steps, const std::string& outName) {
            ExportOptions o;
            o.output = base / outName;
            o.copies = 1;
            runExport(imagePipeline(steps), in, o);
            return readText(base / outName / "labels" / "train" / "a__aug0.txt");
        };
        QCOMPARE(exportWith(json::array({{{"transform", "image.hflip"}, {"p", 1.0}}}), "h"),
                 std::string("1 0.800000 0.300000 0.200000 0.400000\n"));
        QCOMPARE(readText(base / "h" / "data.yaml"), readText(in / "data.yaml"));
        const std::string r =
            exportWith(json::array({{{"transform", "image.rotate90"}, {"p", 1.0}}}), "r");
        const auto m = manifest(base / "r" / "manifest.jsonl");
        const int k = m[0]["steps"][0]["values"]["k"];
        // k quarter turns counter-clockwise of a 100 x 50 image with box x 10..30, y 5..25.
        const std::map<int, std::string> expected = {
            {1, "1 0.300000 0.800000 0.400000 0.200000\n"},  // 50 x 100: x 5..25, y 70..90
            {2, "1 0.800000 0.700000 0.200000 0.400000\n"},  // x 70..90, y 25..45
            {3, "1 0.700000 0.200000 0.400000 0.200000\n"}}; // x 25..45, y 10..30
        QCOMPARE(r, expected.at(k));
        const cv::Mat out = cv::imread((base / "r" / "images" / "train" / "a__aug0.png").string());
        QCOMPARE(out.cols, k == 2 ? 100 : 50);
    }

    void cocoBoxes() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = base / "coco";
        writeImage(in / "images" / "p.png", 1, 40, 30);
        writeImage(in / "images" / "q.png", 2, 40, 30);
        writeText(in / "annotations" / "instances_train.json", R"({
          "images": [{"id": 7, "file_name": "p.png", "width": 40, "height": 30},
                     {"id": 9, "file_name": "q.png", "width": 40, "height": 30}],
          "annotations": [{"id": 1, "image_id": 7, "category_id": 5, "bbox": [4, 2, 10, 6],
                           "segmentation": [[4, 2, 14, 2, 14, 8]]},
                          {"id": 2, "image_id": 9, "category_id": 5, "bbox": [0, 0, 8, 8]}],
          "categories": [{"id": 5, "name": "cup"}]})");
        ExportOptions o;
        o.output = base / "out";
        o.includeOriginals = true;
        runExport(imagePipeline(json::array({{{"transform", "image.hflip"}, {"p", 1.0}}})), in, o);
        const json doc = json::parse(readText(o.output / "annotations" / "instances_train.json"));
        QCOMPARE(doc["images"].size(), size_t(4));
        QCOMPARE(doc["annotations"].size(), size_t(4));
        QCOMPARE(doc["categories"][0]["id"].get<int>(), 5);
        // New ids 1.. in output order: p, p__aug0, q, q__aug0.
        QCOMPARE(doc["images"][1]["id"].get<int>(), 2);
        QCOMPARE(doc["images"][1]["file_name"].get<std::string>(), std::string("p__aug0.png"));
        QCOMPARE(doc["annotations"][1]["image_id"].get<int>(), 2);
        QCOMPARE(doc["annotations"][1]["category_id"].get<int>(), 5);
        // Mirrored: x 4..14 of 40 -> 26..36.
        QCOMPARE(doc["annotations"][1]["bbox"], json({26.0, 2.0, 10.0, 6.0}));
        QCOMPARE(doc["annotations"][0]["bbox"], json({4.0, 2.0, 10.0, 6.0}));
        // The polygon is written back, and mirrored with its box (x -> 40 - x).
        QCOMPARE(doc["annotations"][0]["segmentation"], json({{4.0, 2.0, 14.0, 2.0, 14.0, 8.0}}));
        QCOMPARE(doc["annotations"][1]["segmentation"], json({{36.0, 2.0, 26.0, 2.0, 26.0, 8.0}}));
        QVERIFY(!doc["annotations"][2].contains("segmentation"));
        QVERIFY(fs::exists(o.output / "images" / "q__aug0.png"));
    }

    void masksBeside() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        writeImage(base / "in" / "images" / "a.png", 1);
        cv::Mat mask(16, 24, CV_8UC1, cv::Scalar(0));
        mask(cv::Rect(0, 0, 4, 16)).setTo(7);
        fs::create_directories(base / "in" / "masks");
        cv::imwrite((base / "in" / "masks" / "a.png").string(), mask);
        ExportOptions o;
        o.output = base / "out";
        runExport(imagePipeline(json::array({{{"transform", "image.hflip"}, {"p", 1.0}}})),
                  base / "in", o);
        const cv::Mat m =
            cv::imread((o.output / "masks" / "a__aug0.png").string(), cv::IMREAD_UNCHANGED);
        QCOMPARE(m.at<uchar>(0, 23), uchar(7));
        QCOMPARE(m.at<uchar>(0, 0), uchar(0));
    }

    void refusals() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = classDataset(base / "in");
        const Pipeline pipeline = imagePipeline(defaultSteps());
        auto refused = [&](ExportOptions o, const std::string& part) {
            try {
                runExport(pipeline, in, o);
            } catch (const IoError& e) {
                return std::string(e.what()).find(part) != std::string::npos;
            }
            return false;
        };
        ExportOptions o;
        o.output = in / "cat" / "out";
        QVERIFY(refused(o, "inside the input"));
        QVERIFY(!fs::exists(in / "cat" / "out")); // the input is not touched
        o.output = base;
        QVERIFY(refused(o, "input dataset is inside the output"));
        o.output = base / "busy";
        writeText(base / "busy" / "mine.txt", "user data");
        QVERIFY(refused(o, "not empty and is not an export"));
        QCOMPARE(readText(base / "busy" / "mine.txt"), std::string("user data"));
        o.output = base / "ro";
        fs::create_directories(o.output);
        fs::permissions(o.output, fs::perms::owner_read | fs::perms::owner_exec);
        if (::geteuid() != 0) // root writes anywhere
            QVERIFY(refused(o, "not writable"));
        fs::permissions(o.output, fs::perms::owner_all);
        // A previous export of the same plan resumes; of another plan is refused.
        o.output = base / "prev";
        runExport(pipeline, in, o);
        runExport(pipeline, in, o); // same plan: accepted (nothing left to do)
        ExportOptions other = o;
        other.copies = 2;
        QVERIFY(refused(other, "different plan"));
        other.overwrite = true;
        QCOMPARE(runExport(pipeline, in, other).outputs, int64_t(8));
        QVERIFY(fs::exists(base / "prev" / "cat" / "c0__aug1.png"));
        // Inputs unchanged: still 4 files.
        int files = 0;
        for (const auto& e : fs::recursive_directory_iterator(in))
            files += e.is_regular_file();
        QCOMPARE(files, 4);
    }

    void corruptItemsSkipped() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = classDataset(base / "in");
        writeText(in / "cat" / "zero.jpg", "");
        writeText(in / "dog" / "noise.png", std::string("\x89PNG\r\n\x1a\n", 8) + "garbage!");
        // A JPEG cut after its header: passes the scan's probe, fails to decode.
        std::vector<unsigned char> jpg;
        cv::imencode(".jpg", cv::Mat(64, 64, CV_8UC3, cv::Scalar(1, 2, 3)), jpg);
        writeText(in / "dog" / "cut.jpg", std::string(jpg.begin(), jpg.begin() + 200));
        ExportOptions o;
        o.output = base / "out";
        const ExportSummary s = runExport(imagePipeline(defaultSteps()), in, o);
        QCOMPARE(s.outputs, int64_t(4));
        QCOMPARE(s.failures, int64_t(3));
        std::set<std::string> failed;
        for (const auto& f : s.json["failures"]) {
            failed.insert(f["source"].get<std::string>());
            QVERIFY(f["reason"].get<std::string>().find("cannot decode") != std::string::npos);
        }
        QCOMPARE(failed, (std::set<std::string>{"cat/zero.jpg", "dog/noise.png", "dog/cut.jpg"}));
        QCOMPARE(json::parse(readText(o.output / "summary.json"))["failed"].get<int>(), 3);
        QVERIFY(!fs::exists(o.output / "dog" / "cut__aug0.jpg"));
    }

    void featurewiseStats() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        for (int i = 0; i < 2; ++i) {
            fs::create_directories(base / "in" / "a");
            cv::Mat m(4, 4, CV_8UC3, cv::Scalar(10 * (i + 1), 20, 100)); // B, G, R
            cv::imwrite((base / "in" / "a" / named("", i, ".png")).string(), m);
        }
        ExportOptions o;
        o.output = base / "out";
        const ExportSummary s = runExport(
            imagePipeline(json::array({{{"transform", "image.hflip"}, {"p", 1.0}}}), 1, true),
            base / "in", o);
        const json fw = s.json["featurewise"];
        QCOMPARE(fw["channels"].get<std::string>(), std::string("rgb"));
        QCOMPARE(fw["mean"], json({100.0, 20.0, 15.0}));
        QCOMPARE(fw["std"][2].get<double>(), 5.0);
        QCOMPARE(fw["std"][0].get<double>(), 0.0);
    }

    void formatAndQuality() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = classDataset(base / "in", 1, 1);
        ExportOptions o;
        o.output = base / "out";
        o.format = "jpg";
        o.quality = 80;
        o.includeOriginals = true;
        runExport(imagePipeline(defaultSteps()), in, o);
        QVERIFY(fs::exists(o.output / "cat" / "c0__aug0.jpg"));
        QVERIFY(fs::exists(o.output / "cat" / "c0.jpg")); // original re-encoded, name kept
        QCOMPARE(probeImage(o.output / "cat" / "c0.jpg").format, std::string("jpeg"));
    }

    void textTableExport() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        writeText(base / "in" / "train.tsv", "pos\tgood film\nneg\tbad film\nneg\tdull plot\n");
        const Pipeline p = pipelineFromJson(
            {{"version", 1},
             {"modality", "text"},
             {"seed", 3},
             {"steps", json::array({{{"transform", "text.random_swap"}, {"p", 1.0}}})}});
        ExportOptions o;
        o.output = base / "out";
        o.mode = ExportOptions::Mode::Balance;
        const ExportSummary s = runExport(p, base / "in", o);
        QCOMPARE(s.json["counts"]["after"]["train"]["pos"].get<int>(), 2);
        const std::string table = readText(o.output / "train.tsv");
        QCOMPARE(std::count(table.begin(), table.end(), '\n'), 4L);
        const auto m = manifest(o.output / "manifest.jsonl");
        QCOMPARE(m.size(), size_t(4));
        QCOMPARE(m[1]["output"].get<std::string>(), std::string("train.tsv#1"));
        QCOMPARE(m[1]["copy"].get<int>(), 0);
    }

    // text.tfidf_replace gets word statistics fitted over the export's texts: words are
    // replaced, only by words of the dataset, and the same whatever the jobs or shards.
    void tfidfStatisticsFittedOverTheDataset() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        std::string rows;
        for (int i = 0; i < 12; ++i)
            rows += std::string(i % 3 ? "pos" : "neg") + "\tthe film was good and the plot " +
                    (i % 2 ? "moved" : "dragged") + " scene" + std::to_string(i) + "\n";
        writeText(base / "in" / "train.tsv", rows);
        const Pipeline p = pipelineFromJson(
            {{"version", 1},
             {"modality", "text"},
             {"seed", 5},
             {"steps",
              json::array(
                  {{{"transform", "text.tfidf_replace"}, {"p", 1.0}, {"params", {{"p", 0.5}}}}})}});
        auto run = [&](const fs::path& out, int jobs, int shard, int count) {
            ExportOptions o;
            o.output = out;
            o.copies = 2;
            o.jobs = jobs;
            o.shardIndex = shard;
            o.shardCount = count;
            return runExport(p, base / "in", o);
        };
        run(base / "one", 1, 0, 1);
        const auto m = manifest(base / "one" / "manifest.jsonl");
        QCOMPARE(m.size(), size_t(24));
        std::set<std::string> vocabulary = {"the", "film", "was",   "good",
                                            "and", "plot", "moved", "dragged"};
        for (int i = 0; i < 12; ++i)
            vocabulary.insert(named("scene", i, ""));
        int replaced = 0;
        for (const json& line : m)
            for (const json& step : line["steps"])
                for (const json& e : step["values"]["replaced"]) {
                    QVERIFY2(vocabulary.count(e["to"].get<std::string>()), e.dump().c_str());
                    ++replaced;
                }
        QVERIFY2(replaced > 24, std::to_string(replaced).c_str());
        QVERIFY(readText(base / "one" / "train.tsv") != rows);
        run(base / "two", 2, 0, 1);
        compareTrees(base / "one", base / "two");
        QVERIFY(!run(base / "shared", 1, 0, 2).complete);
        QVERIFY(run(base / "shared", 2, 1, 2).complete);
        compareTrees(base / "shared", base / "one");
    }
};

QTEST_GUILESS_MAIN(TestExportRun)
#include "tst_export_run.moc"

// An export reads inside its dataset and writes inside its output folder, whatever the
// annotations say: the traversal cases of COCO, labels CSV, YOLO data.yaml and HF metadata
// leave nothing outside the output (the parent folders are compared before and after) and
// never open the victim files (watched with inotify). The layouts without class folders
// round-trip: the unlabelled folder is mirrored, HF metadata files are rewritten.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/export/outputfolder.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <opencv2/imgcodecs.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <set>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;
using augstudio::testfiles::manifest;
using augstudio::testfiles::readText;
using augstudio::testfiles::writeText;

namespace {

void writeImage(const fs::path& p, int shade) {
    fs::create_directories(p.parent_path());
    cv::Mat m(12, 16, CV_8UC3);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 9 + shade), uchar(y * 13), uchar(shade));
    QVERIFY(cv::imwrite(p.string(), m));
}

Pipeline flipPipeline() {
    return pipelineFromJson({{"version", 1},
                             {"modality", "image"},
                             {"seed", 5},
                             {"steps", {{{"transform", "image.hflip"}, {"p", 1.0}}}}});
}

// Every path under `root` (files and folders, links not followed) with a file's bytes.
std::map<std::string, std::string> snapshot(const fs::path& root, const fs::path& except) {
    std::map<std::string, std::string> out;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
        if (it->path() == except) {
            it.disable_recursion_pending();
            continue;
        }
        const std::string rel = it->path().lexically_relative(root).generic_string();
        out[rel] = it->is_regular_file() && !it->is_symlink() ? readText(it->path()) : "<dir>";
    }
    return out;
}

// Counts the opens of the watched files (inotify IN_OPEN), so a test can assert that a file
// the scan and export must not touch was never opened.
class OpenWatch {
public:
    explicit OpenWatch(const std::vector<fs::path>& files)
        : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
        for (const auto& f : files)
            inotify_add_watch(fd_, f.c_str(), IN_OPEN);
    }
    ~OpenWatch() { ::close(fd_); }
    OpenWatch(const OpenWatch&) = delete;
    OpenWatch& operator=(const OpenWatch&) = delete;
    bool valid() const { return fd_ >= 0; }
    int opens() {
        alignas(inotify_event) char buf[4096];
        int n = 0;
        for (ssize_t got; (got = ::read(fd_, buf, sizeof buf)) > 0;)
            for (char* p = buf; p < buf + got;) {
                const auto* e = reinterpret_cast<const inotify_event*>(p);
                n += (e->mask & IN_OPEN) != 0;
                p += sizeof(inotify_event) + e->len;
            }
        return n;
    }

private:
    int fd_;
};

} // namespace

class TestExportPaths : public QObject {
    Q_OBJECT
private slots:
    void outputFolderRefusesPathsLeavingIt_data() {
        QTest::addColumn<QString>("rel");
        QTest::newRow("parent") << "../escaped.txt";
        QTest::newRow("deep parent") << "a/../../escaped.txt";
        QTest::newRow("absolute") << "/tmp/augstudio-escaped.txt";
        QTest::newRow("through a link") << "up/escaped.txt";
    }
    void outputFolderRefusesPathsLeavingIt() {
        QFETCH(QString, rel);
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), out = base / "out";
        fs::create_directories(out);
        fs::create_directory_symlink(base, out / "up");
        writeText(base / "source.txt", "payload");
        const auto before = snapshot(base, out);
        {
            OutputFolder folder(out, "all");
            const std::string r = rel.toStdString();
            QVERIFY_THROWS_EXCEPTION(IoError, folder.write(r, std::string("x")));
            QVERIFY_THROWS_EXCEPTION(IoError, folder.copyFile(base / "source.txt", r));
            QVERIFY(!folder.exists(r));
            folder.write("inside/ok.txt", std::string("y")); // the folder still works
        }
        QCOMPARE(snapshot(base, out), before);
        QVERIFY(!fs::exists("/tmp/augstudio-escaped.txt"));
        QCOMPARE(readText(out / "inside" / "ok.txt"), std::string("y"));
    }

    void traversalExports_data() {
        QTest::addColumn<QString>("layout");
        QTest::newRow("coco") << "coco";
        QTest::newRow("labels_csv") << "labels_csv";
        QTest::newRow("yolo") << "yolo";
        QTest::newRow("hf_metadata") << "hf_metadata";
        QTest::newRow("symlinks") << "symlinks";
    }
    // The cases: names of files outside the root (readable images, so a reader would
    // take them) are reported, never opened, and nothing lands outside the output folder.
    void traversalExports() {
        QFETCH(QString, layout);
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "ds", out = base / "out";
        const fs::path secret = base / "secret.jpg", victim = base / "elsewhere" / "victim.jpg";
        writeImage(secret, 10);
        writeImage(victim, 20);
        writeImage(base / "outside" / "images" / "v.jpg", 30);
        writeText(base / "outside" / "labels" / "v.txt", "0 0.5 0.5 0.2 0.2\n");
        writeImage(root / "images" / "a.jpg", 40);
        const std::string absolute = secret.string();
        std::vector<std::string> leaving; // what the scan must report, by entry
        if (layout == QLatin1String("coco")) {
            writeText(
                root / "annotations" / "instances.json",
                json{{"images",
                      {{{"id", 1}, {"file_name", "a.jpg"}, {"width", 16}, {"height", 12}},
                       {{"id", 2}, {"file_name", "../../secret.jpg"}},
                       {{"id", 3}, {"file_name", "/etc/hostname"}},
                       {{"id", 4}, {"file_name", absolute}}}},
                     {"annotations",
                      {{{"id", 1}, {"image_id", 2}, {"bbox", {1, 1, 4, 4}}, {"category_id", 0}},
                       {{"id", 2}, {"image_id", 1}, {"bbox", {2, 2, 4, 4}}, {"category_id", 0}}}},
                     {"categories", {{{"id", 0}, {"name", "x"}}}}}
                    .dump());
            leaving = {"../../secret.jpg", "/etc/hostname", absolute};
        } else if (layout == QLatin1String("labels_csv")) {
            writeText(root / "labels.csv", "path,label\nimages/a.jpg,cat\n../elsewhere/victim.jpg,"
                                           "dog\n" +
                                               absolute + ",dog\n");
            leaving = {"../elsewhere/victim.jpg", absolute};
        } else if (layout == QLatin1String("yolo")) {
            writeText(root / "labels" / "a.txt", "0 0.5 0.5 0.5 0.5\n");
            writeText(root / "data.yaml", "names: [thing]\ntrain: ../outside/images\nval: " +
                                              (base / "outside" / "images").string() + "\n");
            leaving = {"../outside/images", (base / "outside" / "images").string()};
        } else if (layout == QLatin1String("hf_metadata")) {
            writeText(root / "metadata.csv", "file_name,label\nimages/a.jpg,cat\n"
                                             "../elsewhere/victim.jpg,dog\n../secret.jpg,dog\n" +
                                                 absolute + ",dog\n");
            leaving = {"../elsewhere/victim.jpg", "../secret.jpg", absolute};
        } else {
            writeImage(root / "cat" / "a.jpg", 50);
            fs::remove_all(root / "images");
            fs::create_symlink(secret, root / "cat" / "secret.jpg");
            fs::create_directory_symlink(base / "elsewhere", root / "cat" / "elsewhere");
            fs::create_directory_symlink(base / "outside", root / "cat" / "outside");
        }
        const auto before = snapshot(base, out);
        OpenWatch watch({secret, victim, base / "outside" / "images" / "v.jpg",
                         base / "outside" / "labels" / "v.txt"});
        QVERIFY(watch.valid());

        const Dataset ds = scanDataset(root);
        ExportOptions o;
        o.output = out;
        o.copies = 2;
        o.includeOriginals = true;
        o.splits = {"train", "val", "test"};
        const ExportSummary s = runExport(flipPipeline(), ds, o);
        QCOMPARE(watch.opens(), 0);
        readText(secret);
        QVERIFY(watch.opens() > 0); // the watch does see an open

        // Nothing outside the output folder changed; inside it, names stay below it.
        QCOMPARE(snapshot(base, out), before);
        for (const auto& e : fs::recursive_directory_iterator(out))
            QVERIFY2(e.path().filename().string().find("secret") == std::string::npos &&
                         e.path().filename().string().find("victim") == std::string::npos &&
                         e.path().filename().string() != "v.jpg" &&
                         e.path().filename().string().rfind("v__aug", 0) != 0,
                     e.path().c_str());
        QCOMPARE(ds.items.size(), size_t(1));
        QCOMPARE(s.outputs, int64_t(3));
        for (const auto& line : manifest(out / "manifest.jsonl"))
            QVERIFY(line["source"] == ds.items[0].key);

        // Each entry is reported with the reason, also among summary.json's failures.
        const json summary = json::parse(readText(out / "summary.json"));
        std::multiset<std::string> reported;
        const std::string prefix = "path leaves the dataset: ";
        for (const auto& f : summary["failures"]) {
            const std::string reason = f["reason"].get<std::string>();
            if (reason.rfind(prefix, 0) == 0)
                reported.insert(reason.substr(prefix.size()));
        }
        QCOMPARE(reported, std::multiset<std::string>(leaving.begin(), leaving.end()));
        if (layout == QLatin1String("symlinks")) {
            std::set<std::string> skipped;
            for (const auto& b : ds.skipped)
                skipped.insert(b.path + ": " + b.reason);
            QCOMPARE(skipped, (std::set<std::string>{
                                  "cat/elsewhere: link leaves the dataset; not followed",
                                  "cat/outside: link leaves the dataset; not followed",
                                  "cat/secret.jpg: link leaves the dataset; not followed"}));
        }
    }

    void unlabelledFolderMirrored() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "photos", out = base / "out";
        writeImage(root / "astronaut.png", 1);
        writeImage(root / "coffee.jpg", 2);
        writeText(root / "notes.txt", "not a picture");
        writeText(root / "arrays.npy", "\x93NUMPY");
        writeText(root / "more" / "x.py", "pass\n");
        ExportOptions o;
        o.output = out;
        o.copies = 2;
        const ExportSummary s = runExport(flipPipeline(), root, o);
        QCOMPARE(s.outputs, int64_t(4));
        QCOMPARE(s.failures, int64_t(0));
        std::set<std::string> files;
        for (const auto& e : fs::recursive_directory_iterator(out))
            if (e.is_regular_file() && e.path().string().find(".augstudio") == std::string::npos)
                files.insert(e.path().lexically_relative(out).generic_string());
        QCOMPARE(files, (std::set<std::string>{"astronaut__aug0.png", "astronaut__aug1.png",
                                               "coffee__aug0.jpg", "coffee__aug1.jpg",
                                               "manifest.jsonl", "pipeline.json", "summary.json"}));
        for (const auto& line : manifest(out / "manifest.jsonl"))
            QCOMPARE(line["class"].get<std::string>(), std::string());
        // The flip really ran: the first copy is the mirror of the source.
        const cv::Mat src = cv::imread((root / "astronaut.png").string());
        cv::Mat flipped;
        cv::flip(src, flipped, 1);
        const cv::Mat got = cv::imread((out / "astronaut__aug0.png").string());
        QCOMPARE(cv::norm(got, flipped, cv::NORM_INF), 0.0);
        const json summary = json::parse(readText(out / "summary.json"));
        QCOMPARE(summary["layout"].get<std::string>(), std::string("unlabelled"));
        // The output opens as the same layout, and the skipped files stayed behind.
        const Dataset again = scanDataset(out);
        QCOMPARE(layoutName(again.layout), "unlabelled");
        QCOMPARE(again.items.size(), size_t(4));
    }

    void hfMetadataRoundTrip_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("csv") << "csv";
        QTest::newRow("jsonl") << "jsonl";
    }
    void hfMetadataRoundTrip() {
        QFETCH(QString, format);
        const bool csv = format == QLatin1String("csv");
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "hf", out = base / "out";
        writeImage(root / "train" / "a.png", 1);
        writeImage(root / "train" / "imgs" / "b.png", 2);
        writeImage(root / "test" / "t.png", 3);
        const std::string meta = "metadata." + format.toStdString();
        writeText(root / "train" / meta,
                  csv ? "file_name,label,caption\na.png,cat,\"sits, still\"\nimgs/b.png,dog,runs\n"
                      : "{\"file_name\":\"a.png\",\"label\":\"cat\",\"caption\":\"sits, "
                        "still\",\"score\":0.5}\n"
                        "{\"file_name\":\"imgs/b.png\",\"label\":\"dog\",\"caption\":\"runs\","
                        "\"score\":1}\n");
        writeText(root / "test" / meta, csv ? "file_name,label,caption\nt.png,dog,x\n"
                                            : "{\"file_name\":\"t.png\",\"label\":\"dog\"}\n");
        ExportOptions o;
        o.output = out;
        o.copies = 2;
        o.includeOriginals = true;
        const ExportSummary s = runExport(flipPipeline(), root, o);
        QCOMPARE(s.failures, int64_t(0));
        QCOMPARE(s.outputs, int64_t(7)); // train: 2 x (original + 2); test copied unchanged
        const std::string trainMeta = readText(out / "train" / meta);
        if (csv) {
            QCOMPARE(trainMeta, std::string("file_name,label,caption\n"
                                            "a.png,cat,\"sits, still\"\n"
                                            "a__aug0.png,cat,\"sits, still\"\n"
                                            "a__aug1.png,cat,\"sits, still\"\n"
                                            "imgs/b.png,dog,runs\n"
                                            "imgs/b__aug0.png,dog,runs\n"
                                            "imgs/b__aug1.png,dog,runs\n"));
            QCOMPARE(readText(out / "test" / meta),
                     std::string("file_name,label,caption\nt.png,dog,x\n"));
        } else {
            QCOMPARE(trainMeta,
                     std::string("{\"file_name\":\"a.png\",\"label\":\"cat\",\"caption\":\"sits, "
                                 "still\",\"score\":0.5}\n"
                                 "{\"file_name\":\"a__aug0.png\",\"label\":\"cat\",\"caption\":"
                                 "\"sits, still\",\"score\":0.5}\n"
                                 "{\"file_name\":\"a__aug1.png\",\"label\":\"cat\",\"caption\":"
                                 "\"sits, still\",\"score\":0.5}\n"
                                 "{\"file_name\":\"imgs/b.png\",\"label\":\"dog\",\"caption\":"
                                 "\"runs\",\"score\":1}\n"
                                 "{\"file_name\":\"imgs/b__aug0.png\",\"label\":\"dog\","
                                 "\"caption\":\"runs\",\"score\":1}\n"
                                 "{\"file_name\":\"imgs/b__aug1.png\",\"label\":\"dog\","
                                 "\"caption\":\"runs\",\"score\":1}\n"));
        }
        // The output scans as the same layout with the counts the plan gave.
        const Dataset again = scanDataset(out);
        QCOMPARE(layoutName(again.layout), "hf_metadata");
        QVERIFY(again.bad.empty());
        const auto counts = again.counts();
        QCOMPARE(counts.at("train").at("cat"), int64_t(3));
        QCOMPARE(counts.at("train").at("dog"), int64_t(3));
        QCOMPARE(counts.at("test").at("dog"), int64_t(1));
        const json summary = json::parse(readText(out / "summary.json"));
        QCOMPARE(summary["counts"]["after"], summary["counts"]["planned"]);
    }

    // The CLI speaks of its flags where the engine names fields, and opts in to external links.
    void cliFlags() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "in";
        writeImage(root / "cat" / "a.png", 1);
        writeImage(base / "elsewhere" / "e.png", 2);
        fs::create_directory_symlink(base / "elsewhere", root / "cat" / "ext");
        writeText(base / "p.json", flipPipeline().toJson().dump());
        auto run = [](const QStringList& args, std::string* err = nullptr) {
            QProcess p;
            p.start(QStringLiteral(CLI_PATH), args);
            p.waitForFinished(60000);
            if (err)
                *err = p.readAllStandardError().toStdString();
            return std::make_pair(p.exitCode(), p.readAllStandardOutput().toStdString());
        };
        const QString in = QString::fromStdString(root.string());
        const QString out = QString::fromStdString((base / "out").string());
        const QString pipe = QString::fromStdString((base / "p.json").string());
        std::string err;
        auto r = run({QStringLiteral("export"), QStringLiteral("--pipeline"), pipe,
                      QStringLiteral("--input"), in, QStringLiteral("--output"), out,
                      QStringLiteral("--shard"), QStringLiteral("3/2")},
                     &err);
        QCOMPARE(r.first, 1);
        QVERIFY2(err.find("augstudio-cli: --shard: expected i/N") != std::string::npos,
                 err.c_str());

        r = run({QStringLiteral("scan"), in, QStringLiteral("--json")});
        QCOMPARE(r.first, 0);
        json scan = json::parse(r.second);
        QCOMPARE(scan["items"].get<int>(), 1);
        QCOMPARE(scan["skipped"][0]["path"].get<std::string>(), std::string("cat/ext"));
        r = run({QStringLiteral("scan"), in, QStringLiteral("--json"),
                 QStringLiteral("--follow-external-links")});
        scan = json::parse(r.second);
        QCOMPARE(scan["items"].get<int>(), 2);
        QVERIFY(scan["skipped"].empty());

        r = run({QStringLiteral("export"), QStringLiteral("--pipeline"), pipe,
                 QStringLiteral("--input"), in, QStringLiteral("--output"), out,
                 QStringLiteral("--follow-external-links"), QStringLiteral("--json")});
        QCOMPARE(r.first, 0);
        QCOMPARE(json::parse(r.second)["outputs"].get<int>(), 2);
        QVERIFY(fs::exists(base / "out" / "cat" / "ext" / "e__aug0.png"));
    }

    void optionErrorsNameFields() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "in";
        writeImage(root / "a.png", 1);
        ExportOptions o;
        o.output = fs::path(tmp.path().toStdString()) / "out";
        o.shardIndex = 3;
        o.shardCount = 2;
        try {
            runExport(flipPipeline(), root, o);
            QFAIL("a bad shard was accepted");
        } catch (const OptionError& e) {
            QCOMPARE(e.where(), std::string("shard"));
        }
        o.shardIndex = 0;
        o.shardCount = 1;
        o.format = "gif";
        try {
            runExport(flipPipeline(), root, o);
            QFAIL("a bad format was accepted");
        } catch (const OptionError& e) {
            QCOMPARE(e.where(), std::string("format"));
            QVERIFY(std::string(e.what()).find("--") == std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestExportPaths)
#include "tst_export_paths.moc"

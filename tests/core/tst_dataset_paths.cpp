// Paths a dataset names stay inside its root: the confinement check itself, symlinks (inside
// followed, outside skipped unless opted in, loops), and the layouts that take paths from
// files or folders without classes: the unlabelled media folder and Hugging Face metadata.
#include "core/dataset/dataset.h"
#include "core/io/audio/audiofile.h"
#include "core/util/confinedroot.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

using namespace augstudio::core;
namespace fs = std::filesystem;
using augstudio::testfiles::writeText;

namespace {

void writeImage(const fs::path& p, int shade = 90) {
    fs::create_directories(p.parent_path());
    QVERIFY(cv::imwrite(p.string(), cv::Mat(6, 8, CV_8UC3, cv::Scalar::all(shade))));
}

void writeClip(const fs::path& p) {
    fs::create_directories(p.parent_path());
    AudioSample a;
    a.sampleRate = 8000;
    a.channels = {std::vector<float>(800, 0.25f)};
    writeAudioFile(p, a);
}

const BadFile* findIn(const std::vector<BadFile>& list, const std::string& path) {
    for (const auto& b : list)
        if (b.path == path)
            return &b;
    return nullptr;
}

std::vector<std::string> keysOf(const Dataset& ds) {
    std::vector<std::string> keys;
    for (const auto& item : ds.items)
        keys.push_back(item.key);
    return keys;
}

} // namespace

class TestDatasetPaths : public QObject {
    Q_OBJECT
private slots:
    void confinedResolve_data() {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("base");     // relative to the root
        QTest::addColumn<QString>("expected"); // relative to the root; "" when refused
        QTest::newRow("plain") << "a/b.jpg"
                               << ""
                               << "a/b.jpg";
        QTest::newRow("dot segments inside") << "a/../c/./d.jpg"
                                             << ""
                                             << "c/d.jpg";
        QTest::newRow("climbs out") << "../x.jpg"
                                    << ""
                                    << "";
        QTest::newRow("climbs out deeply") << "../../secret.jpg"
                                           << "images"
                                           << "";
        QTest::newRow("climbs back inside") << "../y.jpg"
                                            << "images"
                                            << "y.jpg";
        QTest::newRow("absolute") << "/etc/hostname"
                                  << ""
                                  << "";
        QTest::newRow("out and back in by name") << "../root/z.jpg"
                                                 << ""
                                                 << "z.jpg";
        QTest::newRow("empty") << ""
                               << ""
                               << "";
    }
    void confinedResolve() {
        QFETCH(QString, entry);
        QFETCH(QString, base);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "root";
        fs::create_directories(root / "images");
        const ConfinedRoot confined(root);
        const auto got = confined.resolve(entry.toStdString(),
                                          base.isEmpty() ? fs::path() : root / base.toStdString());
        if (expected.isEmpty()) {
            QVERIFY2(!got, got ? got->c_str() : "");
        } else {
            QVERIFY(got);
            QCOMPARE(QString::fromStdString(got->lexically_relative(root).generic_string()),
                     expected);
        }
    }

    void confinedSymlinks() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "root";
        writeText(base / "outside.txt", "x");
        writeText(root / "inside.txt", "y");
        fs::create_symlink(base / "outside.txt", root / "out-link");
        fs::create_symlink(root / "inside.txt", root / "in-link");
        fs::create_directory_symlink(base, root / "up");
        const ConfinedRoot strict(root), lenient(root, /*followExternalLinks=*/true);
        QVERIFY(strict.contains(root / "in-link"));
        QVERIFY(!strict.contains(root / "out-link"));
        QVERIFY(!strict.contains(root / "up" / "outside.txt"));
        QVERIFY(!strict.resolve("up/outside.txt"));
        QVERIFY(lenient.contains(root / "out-link"));
        QVERIFY(lenient.resolve("up/outside.txt"));
        // The opt-in is about links only: ".." and absolute paths stay refused.
        QVERIFY(!lenient.resolve("../outside.txt"));
        QVERIFY(!lenient.resolve((base / "outside.txt").string()));
        // A root reached through a link of its own compares with its target.
        fs::create_directory_symlink(root, base / "alias");
        const ConfinedRoot viaAlias(base / "alias");
        QVERIFY(viaAlias.contains(base / "alias" / "in-link"));
        QVERIFY(!viaAlias.contains(base / "alias" / "out-link"));
    }

    void folderLinkToEtcNotWalked() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "cat" / "a.png");
        writeImage(root / "dog" / "b.png");
        fs::create_directory_symlink("/etc", root / "cat" / "system");
        const Dataset ds = scanDataset(root);
        QCOMPARE(ds.items.size(), size_t(2));
        const BadFile* s = findIn(ds.skipped, "cat/system");
        QVERIFY(s);
        QVERIFY2(s->reason.find("link leaves the dataset") != std::string::npos, s->reason.c_str());
        int mentions = 0;
        for (const auto& b : ds.skipped)
            mentions += b.path.rfind("cat/system", 0) == 0;
        for (const auto& b : ds.bad)
            mentions += b.path.rfind("cat/system", 0) == 0;
        QCOMPARE(mentions, 1); // once, and nothing from inside /etc
        QCOMPARE(ds.toJson()["skipped"][0]["path"].get<std::string>(), std::string("cat/system"));
    }

    void linksInsideFollowedOutsideOptIn() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "root";
        writeImage(root / "cat" / "a.png");
        writeImage(root / ".shared" / "s.png"); // hidden: reached through the link alone
        writeImage(base / "elsewhere" / "e.png");
        writeImage(base / "victim.png");
        fs::create_directory_symlink(root / ".shared", root / "cat" / "more");  // inside
        fs::create_symlink(root / "cat" / "a.png", root / "cat" / "alias.png"); // inside
        fs::create_directory_symlink(base / "elsewhere", root / "cat" / "ext"); // outside
        fs::create_symlink(base / "victim.png", root / "cat" / "victim.png");   // outside
        fs::create_directory_symlink(root / "cat", root / "cat" / "loop");      // a loop
        const Dataset strict = scanDataset(root);
        QCOMPARE(keysOf(strict),
                 (std::vector<std::string>{"cat/a.png", "cat/alias.png", "cat/more/s.png"}));
        QVERIFY(findIn(strict.skipped, "cat/ext"));
        QVERIFY(findIn(strict.skipped, "cat/victim.png"));
        const BadFile* loop = findIn(strict.bad, "cat/loop");
        QVERIFY(loop && loop->reason.find("symlink loop") != std::string::npos);

        ScanOptions follow;
        follow.followExternalLinks = true;
        const Dataset lenient = scanDataset(root, follow);
        QCOMPARE(keysOf(lenient),
                 (std::vector<std::string>{"cat/a.png", "cat/alias.png", "cat/ext/e.png",
                                           "cat/more/s.png", "cat/victim.png"}));
        QVERIFY(lenient.skipped.empty());
        QVERIFY(findIn(lenient.bad, "cat/loop"));
    }

    void layoutFolderLinkedOut() {
        // YOLO's val/images linked to a folder outside: neither listed nor read.
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "ds";
        writeImage(root / "train" / "images" / "a.jpg");
        writeText(root / "train" / "labels" / "a.txt", "0 0.5 0.5 0.5 0.5\n");
        writeImage(base / "outside" / "b.jpg");
        fs::create_directories(root / "val" / "labels");
        fs::create_directory_symlink(base / "outside", root / "val" / "images");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "yolo");
        QCOMPARE(keysOf(ds), std::vector<std::string>{"train/images/a.jpg"});
        QVERIFY(findIn(ds.skipped, "val/images"));
        QCOMPARE(ds.skipped.size(), size_t(1));
    }

    void annotationPathsLeaving_data() {
        QTest::addColumn<QString>("layout");
        QTest::newRow("coco") << "coco";
        QTest::newRow("labels_csv") << "labels_csv";
        QTest::newRow("hf_metadata") << "hf_metadata";
        QTest::newRow("yolo") << "yolo";
    }
    // Each layout names one good file and files outside the root (by "..", absolute, and a
    // link inside the root pointing out): only the good one is an item; the others are
    // reported "path leaves the dataset".
    void annotationPathsLeaving() {
        QFETCH(QString, layout);
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString(), root = base / "ds";
        writeImage(base / "secret.jpg");
        writeImage(base / "elsewhere" / "victim.jpg");
        writeImage(root / "images" / "a.jpg");
        fs::create_symlink(base / "secret.jpg", root / "images" / "link.jpg");
        const std::string absolute = (base / "secret.jpg").string();
        std::string where;
        std::vector<std::string> leaving;
        if (layout == QLatin1String("coco")) {
            where = "annotations/instances.json";
            writeText(root / where, nlohmann::json{{"images",
                                                    {{{"id", 1}, {"file_name", "a.jpg"}},
                                                     {{"id", 2}, {"file_name", "../../secret.jpg"}},
                                                     {{"id", 3}, {"file_name", "/etc/hostname"}},
                                                     {{"id", 4}, {"file_name", absolute}},
                                                     {{"id", 5}, {"file_name", "link.jpg"}}}},
                                                   {"annotations", nlohmann::json::array()},
                                                   {"categories", {{{"id", 0}, {"name", "x"}}}}}
                                        .dump());
            leaving = {"../../secret.jpg", "/etc/hostname", absolute, "link.jpg"};
        } else if (layout == QLatin1String("labels_csv")) {
            where = "labels.csv";
            writeText(root / where, "path,label\nimages/a.jpg,cat\n../elsewhere/victim.jpg,dog\n" +
                                        absolute + ",dog\nimages/link.jpg,dog\n");
            leaving = {"../elsewhere/victim.jpg", absolute, "images/link.jpg"};
        } else if (layout == QLatin1String("hf_metadata")) {
            where = "metadata.jsonl";
            writeText(root / where,
                      "{\"file_name\": \"images/a.jpg\", \"label\": \"cat\"}\n"
                      "{\"file_name\": \"../elsewhere/victim.jpg\", \"label\": \"dog\"}\n"
                      "{\"file_name\": \"" +
                          absolute +
                          "\", \"label\": \"dog\"}\n"
                          "{\"file_name\": \"images/link.jpg\", \"label\": \"dog\"}\n");
            leaving = {"../elsewhere/victim.jpg", absolute, "images/link.jpg"};
        } else {
            fs::remove(root / "images" / "link.jpg"); // YOLO names folders, not files
            writeImage(base / "outside" / "images" / "v.jpg");
            writeText(base / "outside" / "labels" / "v.txt", "0 0.5 0.5 0.2 0.2\n");
            writeText(root / "labels" / "a.txt", "0 0.5 0.5 0.5 0.5\n");
            where = "data.yaml";
            writeText(root / where, "names: [thing]\ntrain: ../outside/images\nval: " +
                                        (base / "outside" / "images").string() + "\n");
            leaving = {"../outside/images", (base / "outside" / "images").string()};
        }
        const Dataset ds = scanDataset(root);
        QCOMPARE(keysOf(ds), std::vector<std::string>{"images/a.jpg"});
        std::vector<std::string> reported;
        for (const auto& b : ds.bad) {
            QVERIFY2(b.path.find("..") == std::string::npos, b.path.c_str());
            const std::string prefix = std::string(ConfinedRoot::kLeavesDataset) + ": ";
            if (b.path.rfind(where, 0) == 0 && b.reason.rfind(prefix, 0) == 0)
                reported.push_back(b.reason.substr(prefix.size()));
        }
        std::sort(reported.begin(), reported.end());
        std::sort(leaving.begin(), leaving.end());
        QCOMPARE(reported, leaving);
    }

    void yamlFoldersInsideUsed() {
        // Roboflow's data.yaml names "../train/images" for train/images: read, not reported.
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "train" / "images" / "a.jpg");
        writeText(root / "train" / "labels" / "a.txt", "0 0.5 0.5 0.5 0.5\n");
        writeImage(root / "extra" / "images" / "b.jpg");
        writeText(root / "data.yaml",
                  "names: ['x']\ntrain: ../train/images\nval: extra/images  # more\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "yolo");
        QCOMPARE(keysOf(ds),
                 (std::vector<std::string>{"extra/images/b.jpg", "train/images/a.jpg"}));
        QCOMPARE(ds.items[0].split, std::string("val"));
        QVERIFY(ds.bad.empty());
    }

    void unlabelledImageFolder() {
        // Like scikit-image's data/: images beside .npy, .txt and .py files and a sub-folder.
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "astronaut.png");
        writeImage(root / "coffee.jpg");
        writeImage(root / "chessboard.tif");
        writeText(root / "lfw_subset.npy", "\x93NUMPY");
        writeText(root / "README.txt", "data files");
        writeText(root / "setup.py", "pass\n");
        writeText(root / "animation.gif", "GIF89a");
        writeText(root / "tests" / "test_data.py", "pass\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "unlabelled");
        QCOMPARE(ds.modality, Modality::Image);
        QCOMPARE(keysOf(ds),
                 (std::vector<std::string>{"astronaut.png", "chessboard.tif", "coffee.jpg"}));
        for (const auto& item : ds.items) {
            QCOMPARE(item.label, std::string());
            QCOMPARE(item.width, 8);
        }
        QVERIFY(ds.bad.empty());
        std::vector<std::string> skipped;
        for (const auto& s : ds.skipped)
            skipped.push_back(s.path);
        QCOMPARE(skipped, (std::vector<std::string>{"README.txt", "animation.gif", "lfw_subset.npy",
                                                    "setup.py", "tests"}));
        QVERIFY(ds.classes.empty());
        QCOMPARE(ds.toJson()["skipped"].size(), size_t(5));
    }

    void unlabelledAudioFolder() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeClip(root / "take1.wav");
        writeClip(root / "take2.wav");
        writeText(root / "notes.md", "two takes");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "unlabelled");
        QCOMPARE(ds.modality, Modality::Audio);
        QCOMPARE(keysOf(ds), (std::vector<std::string>{"take1.wav", "take2.wav"}));
        QCOMPARE(ds.items[0].sampleRate, 8000);
        QCOMPARE(ds.skipped.size(), size_t(1));
    }

    void tablesStillWinOverAStrayPicture() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeText(root / "train.tsv", "pos\tgood film\nneg\tbad film\n");
        writeText(root / "test.tsv", "pos\tfine\n");
        writeImage(root / "plot.png");
        QCOMPARE(layoutName(scanDataset(root).layout), "text_table");
    }

    void hfMetadata_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("csv") << "csv";
        QTest::newRow("jsonl") << "jsonl";
    }
    void hfMetadata() {
        QFETCH(QString, format);
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        const bool csv = format == QLatin1String("csv");
        const std::vector<std::array<std::string, 3>> train = {
            {"a.png", "cat", "a sitting cat"},
            {"sub/b.png", "dog", "a dog, running"},
            {"c.png", "cat", "another cat"}};
        for (const auto& row : train)
            writeImage(root / "train" / row[0]);
        writeImage(root / "test" / "t.png");
        std::string text = csv ? "file_name,caption,label\n" : "";
        for (const auto& [name, label, caption] : train)
            text += csv ? name + ",\"" + caption + "\"," + label + "\n"
                        : nlohmann::ordered_json{{"file_name", name},
                                                 {"caption", caption},
                                                 {"label", label}}
                                  .dump() +
                              "\n";
        writeText(root / "train" / ("metadata." + format.toStdString()), text);
        writeText(root / "test" / ("metadata." + format.toStdString()),
                  csv ? "file_name,caption,label\nt.png,x,dog\nmissing.png,y,dog\n"
                      : "{\"file_name\": \"t.png\", \"label\": \"dog\"}\n"
                        "{\"file_name\": \"missing.png\", \"label\": \"dog\"}\nnot json\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "hf_metadata");
        QCOMPARE(ds.modality, Modality::Image);
        QCOMPARE(keysOf(ds), (std::vector<std::string>{"test/t.png", "train/a.png", "train/c.png",
                                                       "train/sub/b.png"}));
        QCOMPARE(ds.classes, (std::vector<std::string>{"cat", "dog"}));
        const auto counts = ds.counts();
        QCOMPARE(counts.at("train").at("cat"), int64_t(2));
        QCOMPARE(counts.at("train").at("dog"), int64_t(1));
        QCOMPARE(counts.at("test").at("dog"), int64_t(1));
        const std::string testMeta = "test/metadata." + format.toStdString();
        bool missing = false, malformed = false;
        for (const auto& b : ds.bad) {
            missing = missing || (b.path == testMeta && b.line == (csv ? 3 : 2) &&
                                  b.reason.find("missing file: missing.png") != std::string::npos);
            malformed = malformed || (b.path == testMeta && b.line == 3 &&
                                      b.reason.find("not a JSON object") != std::string::npos);
        }
        QVERIFY(missing);
        QCOMPARE(malformed, !csv);
    }

    void hfMetadataLabelColumnChosen_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // labels of a, b, c joined by '|'
        QTest::newRow("label column") << "file_name,label,kind\na.png,x,p\nb.png,y,p\nc.png,x,q\n"
                                      << "x|y|x";
        QTest::newRow("another string column")
            << "file_name,score,kind\na.png,0.5,p\nb.png,0.7,q\nc.png,0.1,p\n"
            << "p|q|p";
        QTest::newRow("only unique strings: unlabelled")
            << "file_name,caption\na.png,one\nb.png,two\nc.png,three\n"
            << "||";
    }
    void hfMetadataLabelColumnChosen() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        for (const char* n : {"a.png", "b.png", "c.png"})
            writeImage(root / n);
        writeText(root / "metadata.csv", text.toStdString());
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "hf_metadata");
        QStringList labels;
        for (const auto& item : ds.items)
            labels << QString::fromStdString(item.label);
        QCOMPARE(labels.join(QLatin1Char('|')), expected);
    }
};

QTEST_GUILESS_MAIN(TestDatasetPaths)
#include "tst_dataset_paths.moc"

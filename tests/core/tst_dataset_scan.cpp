// Dataset scanning: every layout the scanner knows, bad files with reasons, header probes,
// EXIF orientation, the pixel limit, symlink loops, unicode paths. Fixtures are generated.
#include "core/dataset/dataset.h"
#include "core/dataset/yolo.h"
#include "core/io/image/imagefile.h"
#include "core/util/error.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace augstudio::core;
namespace fs = std::filesystem;

namespace {

std::string named(const char* prefix, int i, const char* suffix) {
    std::string s = prefix;
    s += std::to_string(i);
    s += suffix;
    return s;
}

void writeText(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

void writeImage(const fs::path& p, int w = 8, int h = 6, int type = CV_8UC3) {
    fs::create_directories(p.parent_path());
    cv::Mat m(h, w, type, cv::Scalar::all(90));
    QVERIFY(cv::imwrite(p.string(), m));
}

std::map<std::string, int64_t> countsOf(const Dataset& ds, const std::string& split) {
    const auto all = ds.counts();
    const auto it = all.find(split);
    return it == all.end() ? std::map<std::string, int64_t>{} : it->second;
}

bool hasBad(const Dataset& ds, const std::string& path, const std::string& reasonPart,
            int64_t line = -1) {
    for (const auto& b : ds.bad)
        if (b.path == path && b.reason.find(reasonPart) != std::string::npos &&
            (line < 0 || b.line == line))
            return true;
    return false;
}

// A JPEG with an APP1 EXIF block carrying `orientation`, spliced after SOI.
std::vector<unsigned char> jpegWithOrientation(const cv::Mat& image, int orientation) {
    std::vector<unsigned char> jpg;
    cv::imencode(".jpg", image, jpg, {cv::IMWRITE_JPEG_QUALITY, 100});
    const unsigned char tiff[] = {'I',
                                  'I',
                                  42,
                                  0,
                                  8,
                                  0,
                                  0,
                                  0, // header, IFD at 8
                                  1,
                                  0, // one entry
                                  0x12,
                                  0x01,
                                  3,
                                  0,
                                  1,
                                  0,
                                  0,
                                  0, // orientation, SHORT, count 1
                                  static_cast<unsigned char>(orientation),
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0}; // no next IFD
    std::vector<unsigned char> app1 = {'E', 'x', 'i', 'f', 0, 0};
    app1.insert(app1.end(), std::begin(tiff), std::end(tiff));
    const size_t len = app1.size() + 2;
    std::vector<unsigned char> out = {0xFF,
                                      0xD8,
                                      0xFF,
                                      0xE1,
                                      static_cast<unsigned char>(len >> 8),
                                      static_cast<unsigned char>(len & 0xFF)};
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpg.begin() + 2, jpg.end());
    return out;
}

} // namespace

class TestDatasetScan : public QObject {
    Q_OBJECT
private slots:
    void classFoldersWithBadFiles() {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "my data ünï";
        for (int i = 0; i < 5; ++i)
            writeImage(root / "cat" / named("c", i, ".png"));
        for (int i = 0; i < 2; ++i)
            writeImage(root / "dog" / named("d ", i, ".jpg"), 10, 4);
        writeText(root / "dog" / "zero.jpg", "");
        writeText(root / "dog" / "noise.png", "\x13\x88random bytes that are no image");
        writeText(root / "dog" / "notes.md", "not media");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "class_folders");
        QCOMPARE(ds.modality, Modality::Image);
        QCOMPARE(ds.items.size(), size_t(7));
        QCOMPARE(ds.classes, (std::vector<std::string>{"cat", "dog"}));
        const auto train = countsOf(ds, "train");
        QCOMPARE(train.at("cat"), int64_t(5));
        QCOMPARE(train.at("dog"), int64_t(2));
        QCOMPARE(ds.imbalanceRatio(), 2.5);
        QVERIFY(hasBad(ds, "dog/zero.jpg", "cannot decode: empty file"));
        QVERIFY(hasBad(ds, "dog/noise.png", "cannot decode"));
        // Metadata from headers, keys relative with unicode and spaces intact.
        const auto it = std::find_if(ds.items.begin(), ds.items.end(),
                                     [](const DatasetItem& i) { return i.key == "dog/d 1.jpg"; });
        QVERIFY(it != ds.items.end());
        QCOMPARE(it->width, 10);
        QCOMPARE(it->height, 4);
        QCOMPARE(it->channels, 3);
        const auto j = ds.toJson();
        QCOMPARE(j["layout"].get<std::string>(), std::string("class_folders"));
        QCOMPARE(j["splits"]["train"]["cat"].get<int>(), 5);
        QCOMPARE(j["imbalance_ratio"].get<double>(), 2.5);
        QCOMPARE(j["bad"].size(), size_t(2));
    }

    void splitFolders() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "train" / "a" / "1.png");
        writeImage(root / "train" / "a" / "2.png");
        writeImage(root / "train" / "b" / "1.png");
        writeImage(root / "valid" / "a" / "1.png");
        writeImage(root / "test" / "b" / "1.png");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "split_folders");
        QCOMPARE(countsOf(ds, "train").at("a"), int64_t(2));
        QCOMPARE(countsOf(ds, "val").at("a"), int64_t(1));
        QCOMPARE(countsOf(ds, "test").at("b"), int64_t(1));
        QCOMPARE(ds.imbalanceRatio("train"), 2.0);
    }

    void labelsCsv() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "img" / "x.png");
        writeImage(root / "img" / "y.png");
        writeText(root / "labels.csv",
                  "path,label\nimg/x.png,cat\n\"img/y.png\",dog\nimg/missing.png,dog\nbad\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "labels_csv");
        QCOMPARE(ds.items.size(), size_t(2));
        QCOMPARE(countsOf(ds, "train").at("dog"), int64_t(1));
        QVERIFY(hasBad(ds, "labels.csv", "missing file", 4));
        QVERIFY(hasBad(ds, "labels.csv", "ragged", 5));
    }

    void yoloNames_data() {
        QTest::addColumn<QString>("yaml");
        QTest::newRow("flow") << QStringLiteral("path: .\nnames: [cat, 'dog', \"bird\"]\n");
        QTest::newRow("block list")
            << QStringLiteral("names:\n  - cat\n  - dog\n  - bird\nnc: 3\n");
        QTest::newRow("block dict")
            << QStringLiteral("names:\n  0: cat\n  1: dog # a dog\n  2: bird\n");
        QTest::newRow("flow dict") << QStringLiteral("names: {0: cat, 1: dog, 2: bird}\n");
    }
    void yoloNames() {
        QFETCH(QString, yaml);
        QCOMPARE(yolo::parseNames(yaml.toStdString()),
                 (std::vector<std::string>{"cat", "dog", "bird"}));
    }

    void yolo() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeText(root / "data.yaml", "names: [cat, dog]\n");
        writeImage(root / "images" / "train" / "a.jpg", 100, 50);
        writeImage(root / "images" / "train" / "b.jpg", 100, 50);
        writeImage(root / "images" / "val" / "c.jpg", 100, 50);
        writeText(root / "labels" / "train" / "a.txt",
                  "0 0.5 0.5 0.2 0.4\n1 0.1 0.1 0.1 0.1\n1 0.2 0.2 0.1 0.1\n");
        writeText(root / "labels" / "train" / "b.txt",
                  "0 0.95 0.5 0.2 0.2\n7 0.5 0.5 0.1 0.1\n0 0.5 0.5\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "yolo");
        QCOMPARE(ds.classes, (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(ds.items.size(), size_t(3));
        const DatasetItem& a = ds.items[0];
        QCOMPARE(a.key, std::string("images/train/a.jpg"));
        QCOMPARE(a.boxes.size(), size_t(3));
        QCOMPARE(a.boxes[0].x1, 40.0);
        QCOMPARE(a.boxes[0].y2, 35.0);
        QCOMPARE(a.label, std::string("dog")); // most boxes
        const DatasetItem& b = ds.items[1];
        QCOMPARE(b.boxes.size(), size_t(1));
        QCOMPARE(b.boxes[0].x2, 100.0); // clipped from 105
        QVERIFY(hasBad(ds, "labels/train/b.txt", "box clipped", 1));
        QVERIFY(hasBad(ds, "labels/train/b.txt", "class id 7", 2));
        QVERIFY(hasBad(ds, "labels/train/b.txt", "expected 5 fields", 3));
        QCOMPARE(ds.items[2].split, std::string("val"));
        QVERIFY(ds.items[2].boxes.empty());
    }

    void coco() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "images" / "p.png", 40, 30);
        writeImage(root / "images" / "q.png", 40, 30);
        writeText(root / "annotations" / "instances_train.json", R"({
          "images": [{"id": 10, "file_name": "p.png", "width": 40, "height": 30},
                     {"id": 11, "file_name": "q.png", "width": 40, "height": 30},
                     {"id": 12, "file_name": "gone.png", "width": 40, "height": 30}],
          "annotations": [{"id": 1, "image_id": 10, "category_id": 3, "bbox": [1, 2, 10, 5]},
                          {"id": 2, "image_id": 99, "category_id": 3, "bbox": [1, 2, 10, 5]},
                          {"id": 3, "image_id": 11, "category_id": 4, "bbox": [0, 0, 4, 4]}],
          "categories": [{"id": 3, "name": "car"}, {"id": 4, "name": "bus"}]})");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "coco");
        QCOMPARE(ds.items.size(), size_t(2));
        QCOMPARE(ds.classes, (std::vector<std::string>{"car", "bus"}));
        QCOMPARE(ds.items[0].boxes.size(), size_t(1));
        QCOMPARE(ds.items[0].boxes[0].x2, 11.0);
        QCOMPARE(ds.items[0].boxes[0].y2, 7.0);
        QCOMPARE(ds.items[0].label, std::string("car"));
        QCOMPARE(ds.items[1].label, std::string("bus"));
        QVERIFY(hasBad(ds, "annotations/instances_train.json", "missing image: gone.png"));
        QVERIFY(hasBad(ds, "annotations/instances_train.json: annotations[1]", "unknown"));
    }

    void malformedCoco() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "images" / "p.png");
        writeText(root / "annotations" / "x.json", "{\"images\": [");
        QVERIFY_THROWS_EXCEPTION(IoError, scanDataset(root));
    }

    // Every nlohmann exception from a COCO file (a number out of range while parsing, a value
    // of the wrong type or size later) is a report naming the file and the entry; the
    // scan goes on with the other files, and the broken file adds no item.
    void cocoJsonErrorsNameFileAndField_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("reason");
        const QByteArray coco = R"({"images": [{"id": 1, "file_name": "q.png", "width": W}],
            "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4]}],
            "categories": [{"id": CID, "name": NAME}]})";
        auto doc = [&](const char* w, const char* cid, const char* name) {
            QByteArray d = coco;
            return d.replace("W", w).replace("CID", cid).replace("NAME", name);
        };
        // The broken file sorts first: it would define the categories for both.
        const QString file = QStringLiteral("annotations/instances_a.json");
        // tests/fuzz/corpus/coco/coco-number-overflow.bin, the input fuzz_coco found.
        QTest::newRow("fuzz: number overflow") << QByteArray("{\"images\":[22e2222\x9b"
                                                             "2\xb1"
                                                             "205\"",
                                                             25)
                                               << file << "number overflow";
        QTest::newRow("overflowing width")
            << doc("1e999", "3", "\"bus\"") << file << "number overflow";
        QTest::newRow("name not a string")
            << doc("40", "3", "7") << file + QStringLiteral(": categories[0]")
            << "type must be string";
        QTest::newRow("width a string")
            << doc("\"40\"", "3", "\"bus\"") << file + QStringLiteral(": images[0].width")
            << "expected an integer";
        QTest::newRow("width beyond int")
            << doc("1e300", "3", "\"bus\"") << file + QStringLiteral(": images[0].width")
            << "out of range";
        QTest::newRow("category id beyond int64")
            << doc("40", "1e300", "\"bus\"") << file + QStringLiteral(": categories[0].id")
            << "out of range";
        QTest::newRow("category not an object")
            << doc("40", "3", "\"bus\"").replace("{\"id\": 3, \"name\": \"bus\"}", "[3]")
            << file + QStringLiteral(": categories[0]") << "expected an object";
    }
    void cocoJsonErrorsNameFileAndField() {
        QFETCH(QByteArray, json);
        QFETCH(QString, where);
        QFETCH(QString, reason);
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "images" / "p.png", 40, 30);
        writeImage(root / "images" / "q.png", 40, 30);
        writeText(root / "annotations" / "instances_a.json", json.toStdString());
        writeText(root / "annotations" / "instances_b.json", R"({
          "images": [{"id": 10, "file_name": "p.png", "width": 40, "height": 30}],
          "annotations": [{"id": 1, "image_id": 10, "category_id": 3, "bbox": [1, 2, 10, 5]}],
          "categories": [{"id": 3, "name": "car"}]})");
        const Dataset ds = scanDataset(root);
        QCOMPARE(ds.items.size(), size_t(1));
        QCOMPARE(ds.items[0].key, std::string("images/p.png"));
        QCOMPARE(ds.classes, std::vector<std::string>{"car"});
        std::string all;
        for (const auto& b : ds.bad)
            all += b.path + ": " + b.reason + "\n";
        QVERIFY2(hasBad(ds, where.toStdString(), reason.toStdString()), all.c_str());
    }

    // data.yaml may not make the parser allocate or loop for a huge class id (a gap before an
    // id is filled with placeholder names): refused with the file and line.
    void yoloHugeClassIdIsRefused() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "images" / "train" / "a.png", 20, 16);
        // tests/fuzz/corpus/yolo/yolo-names-huge-index-timeout.bin, as fuzz_yolo found it.
        writeText(root / "labels" / "train" / "a.txt", "0://5test2\n");
        writeText(root / "data.yaml", "names:t\n  199999999999992 [--00 1.d4 \xc7\xd3 \xde://: ");
        try {
            scanDataset(root);
            QFAIL("accepted a class id of 199999999999992");
        } catch (const IoError& e) {
            QCOMPARE(std::string(e.where()), (root / "data.yaml").string() + ":2");
            QVERIFY2(std::string(e.reason()).find("199999999999992") != std::string::npos,
                     e.what());
        }
        QVERIFY_THROWS_EXCEPTION(IoError, yolo::parseNames("names: {0: a, 100000: b}\n"));
        // The largest id allowed still works, gaps filled.
        const auto names = yolo::parseNames("names:\n  2: c\n  0: a\n");
        QCOMPARE(names, (std::vector<std::string>{"a", "1", "c"}));
        // A label line's class id is bounded too (and never converted out of range).
        writeText(root / "data.yaml", "names: [cat]\n");
        writeText(root / "labels" / "train" / "a.txt",
                  "1e300 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2 0.2\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(ds.items.at(0).boxes.size(), size_t(1));
        QVERIFY(hasBad(ds, "labels/train/a.txt", "class id above", 1));
    }

    void masks() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "images" / "a.jpg");
        writeImage(root / "images" / "b.jpg");
        writeImage(root / "masks" / "a.png", 8, 6, CV_8UC1);
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "masks");
        QCOMPARE(ds.items.size(), size_t(1));
        QCOMPARE(ds.items[0].mask.filename().string(), std::string("a.png"));
        QVERIFY(hasBad(ds, "images/b.jpg", "no mask"));
    }

    void ucr() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeText(root / "Toy_TRAIN.tsv", "1\t0.1\t0.2\t0.3\n2\t1\t2\tNaN\n1\t0.5\tx\t1\n");
        writeText(root / "Toy_TEST.tsv", "2\t3\t4\t5\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "ucr_tsv");
        QCOMPARE(ds.modality, Modality::Series);
        QCOMPARE(ds.items.size(), size_t(3));
        QCOMPARE(countsOf(ds, "train").at("1"), int64_t(1));
        QCOMPARE(countsOf(ds, "test").at("2"), int64_t(1));
        QVERIFY(hasBad(ds, "Toy_TRAIN.tsv", "non-numeric", 3));
        const auto it = std::find_if(ds.items.begin(), ds.items.end(), [](const DatasetItem& i) {
            return i.key == "Toy_TRAIN.tsv#1";
        });
        QVERIFY(it != ds.items.end());
        QCOMPARE(it->steps, int64_t(2)); // NaN padding is not part of the series
        // One file given directly.
        const Dataset one = scanDataset(root / "Toy_TEST.tsv");
        QCOMPARE(one.items.size(), size_t(1));
        QCOMPARE(one.items[0].key, std::string("Toy_TEST.tsv#0"));
    }

    void seriesCsvFolders() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeText(root / "walk" / "s1.csv", "time,x,y\n0,1,2\n1,2,3\n2,3,4\n");
        writeText(root / "run" / "s2.csv", "x,y,z\r\n1,2,3\r\n");
        writeText(root / "run" / "s3.csv", "x,y\n1,2\n1,2,3\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "series_csv_folders");
        QCOMPARE(ds.items.size(), size_t(2));
        const DatasetItem& s1 = ds.items[1].key == "walk/s1.csv" ? ds.items[1] : ds.items[0];
        QCOMPARE(s1.steps, int64_t(3));
        QCOMPARE(s1.channels, 2);
        QVERIFY(hasBad(ds, "run/s3.csv", "ragged", 3));
    }

    void longCsv() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeText(root / "series.csv", "series_id,label,time,x\na,up,0,1\na,up,1,2\nb,down,0,5\n"
                                       "b,down,1\nb,down,2,7\n");
        const Dataset ds = scanDataset(root);
        QCOMPARE(layoutName(ds.layout), "long_csv");
        QCOMPARE(ds.items.size(), size_t(2));
        QCOMPARE(ds.items[0].seriesId, std::string("a"));
        QCOMPARE(ds.items[0].steps, int64_t(2));
        QCOMPARE(ds.items[1].steps, int64_t(2));
        QVERIFY(hasBad(ds, "series.csv", "ragged", 5));
    }

    void textTables() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeText(root / "tsv" / "train.tsv",
                  "pos\tgreat movie\nneg\tawful\t(tabs kept)\n\nneg\tbad \xff bytes\n");
        const Dataset ds = scanDataset(root / "tsv");
        QCOMPARE(layoutName(ds.layout), "text_table");
        QCOMPARE(ds.modality, Modality::Text);
        QCOMPARE(ds.items.size(), size_t(2));
        QCOMPARE(ds.items[0].textLength, int64_t(11));
        QVERIFY(hasBad(ds, "train.tsv", "invalid UTF-8", 4));
        writeText(root / "csv" / "data.csv",
                  "\xEF\xBB\xBFtext,label\r\n\"hello, world\",a\r\nbye,b\r\n");
        const Dataset c = scanDataset(root / "csv");
        QCOMPARE(layoutName(c.layout), "text_table");
        QCOMPARE(c.items.size(), size_t(2));
        QCOMPARE(c.items[0].label, std::string("a"));
        QCOMPARE(c.items[0].textLength, int64_t(12));
    }

    void symlinkLoop() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        writeImage(root / "cat" / "a.png");
        fs::create_directory_symlink(root / "cat", root / "cat" / "loop");
        writeImage(root / "dog" / "b.png");
        const Dataset ds = scanDataset(root);
        QCOMPARE(ds.items.size(), size_t(2));
        QVERIFY(hasBad(ds, "cat/loop", "symlink loop"));
    }

    void headerProbe_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("channels");
        QTest::newRow("png gray") << QStringLiteral(".png") << int(CV_8UC1) << 1;
        QTest::newRow("png 16-bit rgba") << QStringLiteral(".png") << int(CV_16UC4) << 4;
        QTest::newRow("jpeg") << QStringLiteral(".jpg") << int(CV_8UC3) << 3;
        QTest::newRow("bmp") << QStringLiteral(".bmp") << int(CV_8UC3) << 3;
        QTest::newRow("webp") << QStringLiteral(".webp") << int(CV_8UC3) << 3;
        QTest::newRow("tiff") << QStringLiteral(".tiff") << int(CV_8UC3) << 3;
        QTest::newRow("ppm") << QStringLiteral(".ppm") << int(CV_8UC3) << 3;
    }
    void headerProbe() {
        QFETCH(QString, ext);
        QFETCH(int, type);
        QFETCH(int, channels);
        QTemporaryDir tmp;
        const fs::path file =
            fs::path(tmp.path().toStdString()) / std::string("x").append(ext.toStdString());
        writeImage(file, 37, 21, type);
        const ImageHeader h = probeImage(file);
        QCOMPARE(h.width, 37);
        QCOMPARE(h.height, 21);
        QCOMPARE(h.channels, channels);
        const ImageSample s = readImage(file);
        QCOMPARE(s.image.cols, 37);
        QCOMPARE(s.image.channels(), channels);
    }

    void sixteenBitKept() {
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "deep.png";
        cv::Mat m(4, 4, CV_16UC1, cv::Scalar(40000));
        cv::imwrite(file.string(), m);
        const ImageSample s = readImage(file);
        QCOMPARE(s.image.depth(), CV_16U);
        QCOMPARE(s.image.at<uint16_t>(0, 0), uint16_t(40000));
    }

    void exifOrientation_data() {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("brightCornerX"); // where the bright top-left block ends up
        QTest::addColumn<int>("brightCornerY");
        QTest::newRow("1 none") << 1 << 32 << 16 << 0 << 0;
        QTest::newRow("3 rotate 180") << 3 << 32 << 16 << 31 << 15;
        QTest::newRow("6 rotate cw") << 6 << 16 << 32 << 15 << 0;
        QTest::newRow("8 rotate ccw") << 8 << 16 << 32 << 0 << 31;
        QTest::newRow("2 mirror") << 2 << 32 << 16 << 31 << 0;
    }
    void exifOrientation() {
        QFETCH(int, orientation);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, brightCornerX);
        QFETCH(int, brightCornerY);
        cv::Mat m(16, 32, CV_8UC3, cv::Scalar::all(0));
        m(cv::Rect(0, 0, 8, 8)).setTo(cv::Scalar::all(255));
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "exif.jpg";
        const auto bytes = jpegWithOrientation(m, orientation);
        std::ofstream(file, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        QCOMPARE(probeImage(file).orientation, orientation);
        const ImageSample s = readImage(file);
        QCOMPARE(s.image.cols, width);
        QCOMPARE(s.image.rows, height);
        QVERIFY(s.image.at<cv::Vec3b>(brightCornerY, brightCornerX)[0] > 200);
    }

    void pixelLimitBeforeDecoding() {
        // A PNG header claiming 20000 x 20000 followed by garbage: refused by its size, not by
        // a decode error (nothing is decoded).
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "bomb.png";
        std::string png = "\x89PNG\r\n\x1a\n";
        png += std::string("\0\0\0\x0dIHDR", 8);
        png += std::string("\0\0\x4e\x20\0\0\x4e\x20\x08\x02\0\0\0", 13);
        png += std::string(64, 'z');
        writeText(file, png);
        try {
            readImage(file);
            QFAIL("expected a refusal");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find("pixel limit") != std::string::npos, e.what());
        }
        QCOMPARE(probeImage(file).width, 20000);
    }

    void notADataset() {
        QTemporaryDir tmp;
        QVERIFY_THROWS_EXCEPTION(IoError, scanDataset(fs::path(tmp.path().toStdString()) / "nope"));
        writeText(fs::path(tmp.path().toStdString()) / "readme.md", "hello");
        QVERIFY_THROWS_EXCEPTION(IoError, scanDataset(tmp.path().toStdString()));
    }

    void manyFilesListing() {
        // Listing and labels of 20,000 files without reading a header (the time is measured
        // by bench_dataset_scan, not asserted here). The files are empty: a header read would
        // report every one as bad, so none reported and no size known shows none was read.
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        for (int c = 0; c < 10; ++c) {
            fs::create_directories(root / named("c", c, ""));
            for (int i = 0; i < 2000; ++i)
                std::ofstream(root / named("c", c, "") / named("", i, ".jpg"));
        }
        ScanOptions o;
        o.metadata = false;
        const Dataset ds = scanDataset(root, o);
        QCOMPARE(ds.items.size(), size_t(20000));
        for (int c = 0; c < 10; ++c)
            QCOMPARE(countsOf(ds, "train").at(named("c", c, "")), int64_t(2000));
        QVERIFY(ds.bad.empty());
        for (const auto& item : ds.items)
            QVERIFY(item.width == 0 && item.height == 0);
        // With metadata the same files are read, and each is reported.
        const fs::path few = root / "small";
        fs::create_directories(few / "a");
        for (int i = 0; i < 3; ++i)
            std::ofstream(few / "a" / named("", i, ".jpg"));
        writeImage(few / "b" / "ok.png");
        ScanOptions withHeaders;
        withHeaders.metadata = true;
        QCOMPARE(scanDataset(few, withHeaders).bad.size(), size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestDatasetScan)
#include "tst_dataset_scan.moc"

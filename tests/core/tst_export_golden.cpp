// Golden exports: small datasets made here (PNGs in class folders, a UCR series table, a text
// TSV) exported by the CLI through fixed pipelines with fixed seeds. The manifest and the
// SHA-256 of every output are compared with the copies committed in tests/golden/<name>/.
// Any change to the generator, the seed derivation, a transform used here or an encoder
// shows up here: when it is meant, regenerate with AUGSTUDIO_UPDATE_GOLDEN=1 (see
// tests/golden/README.md) and commit the new files with the change that explains them.
#include "testfiles.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;

using augstudio::testfiles::readText;
using augstudio::testfiles::writeText;

namespace {

const fs::path kGolden = fs::path(TEST_DATA_DIR).parent_path() / "golden";

bool updating() {
    return qEnvironmentVariableIntValue("AUGSTUDIO_UPDATE_GOLDEN") == 1;
}

// Small images with structure in every direction, so flips, rotations and crops all change
// the bytes; levels differ per image and per class.
cv::Mat pattern(int w, int h, int k) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) =
                cv::Vec3b(uchar((x * 9 + k * 40) % 256), uchar((y * 13 + x * x + k * 17) % 256),
                          uchar(((x ^ y) * 7 + k * 60) % 256));
    return m;
}

void imageDataset(const fs::path& in) {
    int k = 0;
    for (const char* cls : {"cat", "dog"})
        for (int i = 0; i < 2; ++i, ++k) {
            fs::create_directories(in / cls);
            cv::imwrite((in / cls / ("img " + std::to_string(i) + ".png")).string(),
                        pattern(24 + 4 * k, 16 + 2 * k, k));
        }
}

void seriesDataset(const fs::path& in) {
    std::string train;
    for (int i = 0; i < 6; ++i) {
        train += std::to_string(1 + i % 2);
        for (int t = 0; t < 12; ++t) {
            char cell[32];
            std::snprintf(cell, sizeof cell, "\t%.4f", std::sin(0.5 * t + i) + 0.25 * i);
            train += cell;
        }
        train += "\n";
    }
    writeText(in / "Golden_TRAIN.tsv", train);
}

void textDataset(const fs::path& in) {
    writeText(in / "train.tsv", "pos\tthe quick brown fox jumps over the lazy dog\n"
                                "neg\ta slow grey cat sleeps under the warm sun\n"
                                "pos\tbright ideas travel fast across quiet rooms\n"
                                "neg\tcold rain falls on the empty street tonight\n");
}

struct Case {
    const char* name;
    void (*make)(const fs::path&);
    const char* pipeline;
};

const Case kCases[] = {
    {"image", imageDataset,
     R"({"version": 1, "modality": "image", "seed": 20261201, "steps": [
        {"transform": "image.rotate", "p": 1.0, "params": {"degrees": [-30, 30]}},
        {"transform": "image.hflip", "p": 0.5},
        {"transform": "image.brightness_contrast", "p": 1.0},
        {"transform": "image.gaussian_noise", "p": 0.7},
        {"transform": "image.coarse_dropout", "p": 0.5},
        {"one_of": [{"transform": "image.gaussian_blur"}, {"transform": "image.posterize"}]}]})"},
    // The same pipeline step by step: its outputs are the bytes the image case had before
    // fused execution (only pipeline.json, which records "fuse", differs).
    {"image_step_by_step", imageDataset,
     R"({"version": 1, "modality": "image", "seed": 20261201, "fuse": false, "steps": [
        {"transform": "image.rotate", "p": 1.0, "params": {"degrees": [-30, 30]}},
        {"transform": "image.hflip", "p": 0.5},
        {"transform": "image.brightness_contrast", "p": 1.0},
        {"transform": "image.gaussian_noise", "p": 0.7},
        {"transform": "image.coarse_dropout", "p": 0.5},
        {"one_of": [{"transform": "image.gaussian_blur"}, {"transform": "image.posterize"}]}]})"},
    {"series", seriesDataset,
     R"({"version": 1, "modality": "series", "seed": 77, "steps": [
        {"transform": "series.jitter", "p": 1.0},
        {"transform": "series.scaling", "p": 1.0},
        {"transform": "series.time_warp", "p": 0.5},
        {"transform": "series.window_slice", "p": 0.5}]})"},
    {"text", textDataset,
     R"({"version": 1, "modality": "text", "seed": 5, "steps": [
        {"transform": "text.random_swap", "p": 1.0},
        {"transform": "text.char_noise", "p": 1.0, "params": {"rate": 0.1}},
        {"transform": "text.random_delete", "p": 0.5}]})"},
};

// Every output file but summary.json (its run time varies), as "<sha256>  <path>" lines in
// path order.
std::string digests(const fs::path& root) {
    std::map<std::string, std::string> rows;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file())
            continue;
        const std::string rel = fs::relative(e.path(), root).generic_string();
        if (rel == "summary.json" || rel.starts_with(".augstudio/"))
            continue;
        const std::string bytes = readText(e.path());
        rows[rel] =
            QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
                .toHex()
                .toStdString();
    }
    std::string out;
    for (const auto& [rel, hash] : rows)
        out += hash + "  " + rel + "\n";
    return out;
}

// The first line where two texts differ, for a readable failure.
std::string firstDifference(const std::string& got, const std::string& expected) {
    std::istringstream a(got), b(expected);
    std::string la, lb;
    for (int line = 1;; ++line) {
        const bool ha = bool(std::getline(a, la)), hb = bool(std::getline(b, lb));
        if (!ha && !hb)
            return "no difference";
        if (la != lb || ha != hb)
            return "line " + std::to_string(line) + ":\n  got      " + (ha ? la : "(end)") +
                   "\n  expected " + (hb ? lb : "(end)");
    }
}

} // namespace

class TestExportGolden : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        QVERIFY2(fs::exists(CLI_PATH), CLI_PATH);
        QVERIFY2(fs::is_directory(kGolden), kGolden.c_str());
    }

    void goldenExport_data() {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < std::size(kCases); ++i)
            QTest::newRow(kCases[i].name) << int(i);
    }
    void goldenExport() {
        QFETCH(int, index);
        const Case& c = kCases[index];
        const fs::path base = fs::path(tmp_.path().toStdString()) / c.name;
        c.make(base / "in");
        writeText(base / "p.json", c.pipeline);
        QProcess p;
        p.start(QStringLiteral(CLI_PATH),
                {QStringLiteral("export"), QStringLiteral("--pipeline"),
                 QString::fromStdString((base / "p.json").string()), QStringLiteral("--input"),
                 QString::fromStdString((base / "in").string()), QStringLiteral("--output"),
                 QString::fromStdString((base / "out").string()), QStringLiteral("--copies"),
                 QStringLiteral("2"), QStringLiteral("--jobs"), QStringLiteral("2")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        const std::string manifest = readText(base / "out" / "manifest.jsonl");
        const std::string sums = digests(base / "out");
        // The manifest names files relative to the dataset and output roots only: nothing
        // of this machine's temporary folder may leak into it.
        QVERIFY2(manifest.find(base.string()) == std::string::npos, manifest.c_str());
        QVERIFY(!manifest.empty());
        const fs::path dir = kGolden / c.name;
        if (updating()) {
            fs::create_directories(dir);
            writeText(dir / "manifest.jsonl", manifest);
            writeText(dir / "sha256.txt", sums);
            qWarning("AUGSTUDIO_UPDATE_GOLDEN=1: rewrote %s", dir.c_str());
        }
        QVERIFY2(fs::exists(dir / "manifest.jsonl"), (dir / "manifest.jsonl").c_str());
        const std::string expectedManifest = readText(dir / "manifest.jsonl");
        QVERIFY2(manifest == expectedManifest,
                 ("manifest.jsonl differs from tests/golden/" + std::string(c.name) + ", " +
                  firstDifference(manifest, expectedManifest))
                     .c_str());
        const std::string expectedSums = readText(dir / "sha256.txt");
        QVERIFY2(sums == expectedSums,
                 ("output bytes differ from tests/golden/" + std::string(c.name) + "/sha256.txt, " +
                  firstDifference(sums, expectedSums))
                     .c_str());
        // The manifest records one line per output, each naming its seed.
        int lines = 0;
        std::istringstream in(manifest);
        for (std::string line; std::getline(in, line);) {
            const json j = json::parse(line);
            QVERIFY(j.contains("seed"));
            ++lines;
        }
        QVERIFY(lines >= 8);
    }
};

QTEST_GUILESS_MAIN(TestExportGolden)
#include "tst_export_golden.moc"

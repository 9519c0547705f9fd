// Disk full (the "output ... disk full" row of the reliability table): an export onto a disk with 2
// MB free of a dataset needing far more stops with a non-zero exit and a message naming the output
// and the space problem, leaves no partial file (everything in place equals the clean run's file;
// no temporary folder left), and once there is space again the same command completes
// byte-identical to a clean run elsewhere. The full disk is simulated without a mount, so the test
// runs everywhere: the CLI runs with tests/core/diskfullshim.cpp preloaded, which fails writes with
// ENOSPC after a byte budget.
#include "testfiles.h"
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;

using augstudio::testfiles::readText;
using augstudio::testfiles::tree;

class TestReliabilityDiskFull : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    fs::path base_;

    struct Run {
        int code;
        std::string out, err;
    };
    // The export into `out`; with freeBytes >= 0 the disk is full after that many bytes.
    Run exportTo(const fs::path& out, long long freeBytes = -1) {
        QProcess p;
        if (freeBytes >= 0) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("LD_PRELOAD"), QStringLiteral(DISKFULL_SHIM));
            env.insert(QStringLiteral("AUGSTUDIO_DISKFULL_BYTES"), QString::number(freeBytes));
            p.setProcessEnvironment(env);
        }
        p.start(QStringLiteral(CLI_PATH),
                {QStringLiteral("export"), QStringLiteral("--pipeline"),
                 QString::fromStdString((base_ / "p.json").string()), QStringLiteral("--input"),
                 QString::fromStdString((base_ / "in").string()), QStringLiteral("--output"),
                 QString::fromStdString(out.string()), QStringLiteral("--include-originals"),
                 QStringLiteral("--jobs"), QStringLiteral("2")});
        if (!p.waitForFinished(300000)) {
            p.kill();
            p.waitForFinished();
            return {-2, {}, "hung"};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput().toStdString(), p.readAllStandardError().toStdString()};
    }

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        base_ = tmp_.path().toStdString();
        // 80 noise PNGs of 128 x 128 (about 49 KB each, 3.9 MB), with originals kept and one
        // augmented copy each: about 8 MB of output.
        cv::theRNG().state = 7;
        for (int i = 0; i < 80; ++i) {
            cv::Mat m(128, 128, CV_8UC3);
            cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(255));
            std::string name = "n";
            name += std::to_string(i);
            name += ".png";
            const fs::path p = base_ / "in" / (i % 2 ? "left" : "right") / name;
            fs::create_directories(p.parent_path());
            QVERIFY(cv::imwrite(p.string(), m));
        }
        std::ofstream(base_ / "p.json")
            << R"({"version": 1, "modality": "image", "seed": 5, "steps": [
                  {"transform": "image.hflip", "p": 0.5}]})";
    }

    void diskFullThenResume() {
        QVERIFY2(fs::exists(DISKFULL_SHIM), DISKFULL_SHIM);
        const Run clean = exportTo(base_ / "clean");
        QCOMPARE(clean.code, 0);
        const auto expected = tree(base_ / "clean");
        QCOMPARE(std::count_if(expected.begin(), expected.end(),
                               [](const auto& kv) { return kv.first.ends_with(".png"); }),
                 long(160));

        const fs::path out = base_ / "small" / "out";
        const Run full = exportTo(out, 2 * 1024 * 1024);
        QVERIFY2(full.code != 0 && full.code != -2,
                 ("exit " + std::to_string(full.code) + ": " + full.out + full.err).c_str());
        QCOMPARE(full.code, 1);
        // A clear message: the output named, and the space problem.
        QVERIFY2(full.err.find(out.string()) != std::string::npos, full.err.c_str());
        QVERIFY2(full.err.find("No space left on device") != std::string::npos, full.err.c_str());
        qInfo("disk full: %s", full.err.c_str());
        // Nothing half-written: what is in place equals the clean run; no temporary folder.
        QVERIFY(!fs::exists(out / ".augstudio" / "tmp"));
        const auto partial = tree(out);
        int complete = 0;
        for (const auto& [rel, text] : partial) {
            if (rel.starts_with(".augstudio/"))
                continue;
            QVERIFY2(expected.count(rel), ("unexpected file " + rel).c_str());
            QVERIFY2(expected.at(rel) == text, ("partial file " + rel).c_str());
            ++complete;
        }
        QVERIFY2(!partial.count("summary.json"), "summary.json written by a stopped export");
        qInfo("%d files complete when the disk filled", complete);

        QVERIFY2(complete > 0, "the disk was full before the first file: nothing tested");
        QVERIFY2(complete < 160, "every image fitted: the disk never filled");

        // Space back: the same command completes, byte-identical to the clean run.
        const Run again = exportTo(out);
        QVERIFY2(again.code == 0, again.err.c_str());
        const auto got = tree(out);
        QVERIFY(!fs::exists(out / ".augstudio" / "tmp"));
        for (const auto& [rel, text] : expected) {
            QVERIFY2(got.count(rel), ("missing after resume: " + rel).c_str());
            QVERIFY2(got.at(rel) == text, ("differs after resume: " + rel).c_str());
        }
        for (const auto& [rel, text] : got)
            QVERIFY2(expected.count(rel), ("extra after resume: " + rel).c_str());
    }
};

QTEST_GUILESS_MAIN(TestReliabilityDiskFull)
#include "tst_reliability_diskfull.moc"

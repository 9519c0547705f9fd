// Kill and resume: the CLI export is SIGKILLed at several points and run again with the same
// arguments; the output must equal an uninterrupted run byte for byte (summary.json apart
// from its run time). SIGINT stops cleanly: no temporary or partial file is left. The
// records are written only after a sync that followed their outputs (RecordCommitter).
#include "core/export/recordcommitter.h"
#include "testfiles.h"
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using json = nlohmann::json;

using augstudio::testfiles::readText;
using augstudio::testfiles::tree;

namespace {

std::string named(const char* prefix, int i, const char* suffix) {
    std::string s = prefix;
    s += std::to_string(i);
    s += suffix;
    return s;
}

pid_t start(const std::vector<std::string>& args) {
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(CLI_PATH));
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int devnull = ::open("/dev/null", O_WRONLY);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        execv(CLI_PATH, argv.data());
        _exit(127);
    }
    return pid;
}

int wait(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

} // namespace

class TestExportResume : public QObject {
    Q_OBJECT

    static constexpr int kItems = 60;

    QTemporaryDir tmp_;
    fs::path base_;
    std::vector<std::string> args(const fs::path& out) const {
        return {"export",
                "--pipeline",
                (base_ / "p.json").string(),
                "--input",
                (base_ / "in").string(),
                "--output",
                out.string(),
                "--copies",
                "2",
                "--jobs",
                "2"};
    }

private slots:
    void initTestCase() {
        QVERIFY2(fs::exists(CLI_PATH), CLI_PATH);
        base_ = tmp_.path().toStdString();
        // 60 items of 160 x 160 noise, 2 copies each: every kill point below is reached
        // with items still to do (checked per row: the export must not have ended).
        for (int i = 0; i < kItems; ++i) {
            cv::Mat m(160, 160, CV_8UC3);
            cv::randu(m, cv::Scalar::all(0), cv::Scalar::all(255));
            const fs::path p = base_ / "in" / (i % 3 ? "cat" : "dog") / named("img ", i, ".png");
            fs::create_directories(p.parent_path());
            QVERIFY(cv::imwrite(p.string(), m));
        }
        std::ofstream(base_ / "p.json")
            << R"({"version": 1, "modality": "image", "seed": 4, "steps": [
                  {"transform": "image.rotate", "p": 1.0, "params": {"degrees": [-40, 40]}},
                  {"transform": "image.hflip"}]})";
        QCOMPARE(wait(start(args(base_ / "clean"))), 0);
        QVERIFY(fs::exists(base_ / "clean" / "manifest.jsonl"));
        QVERIFY(!fs::exists(base_ / "clean" / ".augstudio" / "tmp"));
    }

    // Kill points by progress, not by time (a delay says nothing about where the export
    // was): at start, once the plan is written, and after n items' records are in place.
    void killAndResume_data() {
        QTest::addColumn<int>("records");
        QTest::newRow("at start") << -2;
        QTest::newRow("plan written") << -1;
        for (int n : {1, 15, 30, 45})
            QTest::newRow(named("after ", n, " items").c_str()) << n;
    }
    void killAndResume() {
        QFETCH(int, records);
        const fs::path out = base_ / named("killed", records + 2, "");
        const pid_t pid = start(args(out));
        const fs::path dir = out / ".augstudio" / "records";
        auto reached = [&] {
            if (records == -2)
                return true;
            if (records == -1)
                return fs::exists(out / ".augstudio" / "plan.json");
            std::error_code ec;
            int n = 0;
            for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
                n += it->path().extension() == ".json";
            return n >= records;
        };
        int status = 0;
        bool exited = false;
        while (!reached() && !exited) {
            exited = waitpid(pid, &status, WNOHANG) == pid;
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        QVERIFY2(!exited, "the export ended before the kill point: nothing tested");
        kill(pid, SIGKILL);
        // Killed mid-export: by the signal (not finished), and the export not complete.
        QCOMPARE(wait(pid), -SIGKILL);
        QVERIFY(!fs::exists(out / "summary.json"));
        QVERIFY(!fs::exists(out / "manifest.jsonl"));
        QCOMPARE(wait(start(args(out))), 0);
        const auto clean = tree(base_ / "clean"), resumed = tree(out);
        for (const auto& [rel, bytes] : clean) {
            const auto it = resumed.find(rel);
            QVERIFY2(it != resumed.end(), (rel + " missing").c_str());
            QVERIFY2(it->second == bytes, (rel + " differs").c_str());
        }
        QCOMPARE(resumed.size(), clean.size());
    }

    void interruptStopsCleanly() {
        const fs::path out = base_ / "interrupted";
        const pid_t pid = start(args(out));
        // Interrupt once the export is under way (records appear).
        for (int i = 0; i < 2000 && !fs::exists(out / ".augstudio" / "records"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        kill(pid, SIGINT);
        const int code = wait(pid);
        QVERIFY(code == 1 || code == 0); // 0 when it had already finished
        // Nothing temporary left; every file present is complete.
        QVERIFY(!fs::exists(out / ".augstudio" / "tmp" / "all"));
        for (const auto& e : fs::recursive_directory_iterator(out))
            if (e.is_regular_file() && e.path().extension() == ".png")
                QVERIFY(!cv::imread(e.path().string()).empty());
        QCOMPARE(wait(start(args(out))), 0);
        QCOMPARE(tree(out), tree(base_ / "clean"));
    }

    void refusalsFromTheCommandLine() {
        auto code = [&](const fs::path& out) { return wait(start(args(out))); };
        QCOMPARE(code(base_ / "in" / "cat" / "x"), 1);
        QVERIFY(!fs::exists(base_ / "in" / "cat" / "x"));
        fs::create_directories(base_ / "other");
        std::ofstream(base_ / "other" / "keep.txt") << "keep";
        QCOMPARE(code(base_ / "other"), 1);
        QCOMPARE(readText(base_ / "other" / "keep.txt"), std::string("keep"));
    }

    // The committer's one promise: a record reaches the folder only after a sync that came
    // after its item's outputs were written. Two threads write an output, then hand over
    // its record; the sync notes which outputs exist when it runs, and every record seen
    // there must name an output an earlier sync covered. Batching: far fewer syncs than
    // records, and the last sync comes after the last record.
    void recordsWaitForTheirOutputsSync() {
        using augstudio::core::OutputFolder;
        using augstudio::core::RecordCommitter;
        const fs::path root = base_ / "committer";
        fs::create_directories(root);
        OutputFolder out(root, "t");
        constexpr int kRecords = 400;
        std::set<int> covered; // outputs on disk at a sync (so made durable by it)
        std::vector<std::string> violations;
        int syncs = 0, recordsAtLastSync = -1;
        auto sync = [&] {
            ++syncs;
            int records = 0;
            for (const auto& e : fs::directory_iterator(root / "r")) {
                ++records;
                const int i = std::stoi(e.path().stem().string());
                if (!covered.count(i))
                    violations.push_back(e.path().filename().string());
            }
            for (const auto& e : fs::directory_iterator(root / "o"))
                covered.insert(std::stoi(e.path().stem().string()));
            recordsAtLastSync = records;
        };
        fs::create_directories(root / "r");
        fs::create_directories(root / "o");
        {
            RecordCommitter committer(out, sync, std::chrono::milliseconds(5));
            auto work = [&](int first) {
                for (int i = first; i < kRecords; i += 2) {
                    out.write("o/" + std::to_string(i) + ".bin", std::string(64, 'x'));
                    committer.add("r/" + std::to_string(i) + ".json", "{}");
                    if (i % 50 == 0) // a slow item now and then: batches of several sizes
                        std::this_thread::sleep_for(std::chrono::milliseconds(8));
                }
            };
            std::thread a(work, 0), b(work, 1);
            a.join();
            b.join();
            committer.finish();
        }
        QVERIFY2(violations.empty(),
                 ("record before its output's sync: " + (violations.empty() ? "" : violations[0]))
                     .c_str());
        QCOMPARE(int(std::distance(fs::directory_iterator(root / "r"), {})), kRecords);
        QCOMPARE(recordsAtLastSync, kRecords); // the final sync covers the records themselves
        QVERIFY2(syncs >= 3 && syncs < kRecords / 4, std::to_string(syncs).c_str());
    }

    // A sync that fails (an I/O error, a full disk) stops the committer: no record is
    // written after it, the next add() and finish() throw the failure, named.
    void failedSyncStopsTheRecords() {
        using augstudio::core::OutputFolder;
        using augstudio::core::RecordCommitter;
        using augstudio::core::WriteFailure;
        const fs::path root = base_ / "committer-fails";
        fs::create_directories(root);
        OutputFolder out(root, "t");
        std::atomic<int> syncs{0};
        RecordCommitter committer(out, [&] {
            ++syncs;
            throw WriteFailure("out: cannot sync the written files: Input/output error");
        });
        committer.add("r0.json", "{}");
        bool threw = false;
        for (int i = 1; i < 200 && !threw; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            try {
                committer.add("r" + std::to_string(i) + ".json", "{}");
            } catch (const WriteFailure& e) {
                threw = std::string(e.what()).find("Input/output error") != std::string::npos;
            }
        }
        QVERIFY(threw);
        QVERIFY_THROWS_EXCEPTION(WriteFailure, committer.finish());
        QCOMPARE(syncs.load(), 1); // none after the failure, not even the final one
        for (const auto& e : fs::directory_iterator(root))
            QVERIFY2(e.path().extension() != ".json", e.path().c_str());
    }
};

QTEST_GUILESS_MAIN(TestExportResume)
#include "tst_export_resume.moc"

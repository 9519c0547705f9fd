// Sharding under a scheduler: `--shard auto` reads the shard from a Slurm job array or a
// Kubernetes indexed Job (and says what is missing otherwise), and the script printed by
// `--emit-sbatch N`, run once per array task with Slurm's variables, writes exactly what a
// single export writes.
#include "core/export/shardenvironment.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <sstream>

using namespace augstudio::core;
namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

using augstudio::testfiles::readText;
using augstudio::testfiles::tree;
using augstudio::testfiles::writeText;

Q_DECLARE_METATYPE(Env)

namespace {

// "A=1 B=2" as a map.
Env parseEnv(const std::string& text) {
    Env env;
    std::istringstream in(text);
    std::string word;
    while (in >> word) {
        const auto eq = word.find('=');
        env[word.substr(0, eq)] = word.substr(eq + 1);
    }
    return env;
}

struct CliRun {
    int exitCode = -1;
    std::string out, err;
};

CliRun runCli(const QStringList& args, const Env& env = {}) {
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char* v : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
                          "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "JOB_COMPLETION_INDEX"})
        e.remove(QString::fromLatin1(v));
    for (const auto& [k, v] : env)
        e.insert(QString::fromStdString(k), QString::fromStdString(v));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(CLI_PATH), args);
    p.waitForFinished(120000);
    return {p.exitCode(), p.readAllStandardOutput().toStdString(),
            p.readAllStandardError().toStdString()};
}

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

} // namespace

class TestExportShards : public QObject {
    Q_OBJECT
private slots:
    void fromEnvironment_data() {
        QTest::addColumn<QString>("env");
        QTest::addColumn<int>("shards"); // 0: not given
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("error"); // empty: no error; else field: part of the reason
        QTest::newRow("slurm id and count")
            << "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=4" << 0 << 2 << 4 << "";
        QTest::newRow("slurm min and max")
            << "SLURM_ARRAY_TASK_ID=7 SLURM_ARRAY_TASK_MIN=5 SLURM_ARRAY_TASK_MAX=8" << 0 << 2 << 4
            << "";
        QTest::newRow("slurm step")
            << "SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=6 "
               "SLURM_ARRAY_TASK_STEP=2"
            << 0 << 2 << 4 << "";
        QTest::newRow("slurm with matching shards")
            << "SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=3" << 3 << 0 << 3 << "";
        QTest::newRow("slurm with other shards")
            << "SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=3" << 4 << 0 << 0
            << "shards: the Slurm job array has 3 tasks";
        QTest::newRow("slurm id without count")
            << "SLURM_ARRAY_TASK_ID=1" << 0 << 0 << 0
            << "shard: neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX";
        QTest::newRow("slurm id outside the array")
            << "SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_COUNT=4" << 0 << 0 << 0
            << "shard: SLURM_ARRAY_TASK_ID 4 is not one of the array's 4 tasks";
        QTest::newRow("slurm id not a number")
            << "SLURM_ARRAY_TASK_ID=two SLURM_ARRAY_TASK_COUNT=4" << 0 << 0 << 0
            << "shard: SLURM_ARRAY_TASK_ID is 'two'";
        QTest::newRow("kubernetes") << "JOB_COMPLETION_INDEX=3" << 5 << 3 << 5 << "";
        QTest::newRow("kubernetes without shards")
            << "JOB_COMPLETION_INDEX=3" << 0 << 0 << 0 << "shards: give the Job's completions";
        QTest::newRow("kubernetes index too large")
            << "JOB_COMPLETION_INDEX=5" << 5 << 0 << 0 << "shard: JOB_COMPLETION_INDEX 5";
        QTest::newRow("slurm wins over kubernetes")
            << "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 JOB_COMPLETION_INDEX=0" << 0 << 1
            << 2 << "";
        QTest::newRow("neither") << "HOME=/root" << 0 << 0 << 0
                                 << "shard: auto: neither a Slurm job array (SLURM_ARRAY_TASK_ID) "
                                    "nor a Kubernetes indexed Job (JOB_COMPLETION_INDEX)";
    }
    void fromEnvironment() {
        QFETCH(QString, env);
        QFETCH(int, shards);
        QFETCH(int, index);
        QFETCH(int, count);
        QFETCH(QString, error);
        const Env vars = parseEnv(env.toStdString());
        auto lookup = [&](const std::string& name) -> std::optional<std::string> {
            const auto it = vars.find(name);
            if (it == vars.end())
                return std::nullopt;
            return it->second;
        };
        const std::optional<int> given = shards > 0 ? std::optional<int>(shards) : std::nullopt;
        if (error.isEmpty()) {
            const ShardAssignment a = shardFromEnvironment(lookup, given);
            QCOMPARE(a.index, index);
            QCOMPARE(a.count, count);
            return;
        }
        const std::string expected = error.toStdString();
        const std::string field = expected.substr(0, expected.find(':'));
        const std::string reason = expected.substr(expected.find(':') + 2);
        try {
            shardFromEnvironment(lookup, given);
            QFAIL("no error");
        } catch (const OptionError& e) {
            QCOMPARE(e.where(), field);
            QVERIFY2(e.reason().find(reason) != std::string::npos, e.reason().c_str());
        }
    }

    // The CLI: --shard auto outside a scheduler names both variables and the way out.
    void cliAutoWithoutScheduler() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        writeText(base / "in" / "t.tsv", "a\tone two three\nb\tfour five six\n");
        writeText(base / "p.json", R"({"version": 1, "modality": "text", "steps": []})");
        const CliRun r =
            runCli({QStringLiteral("export"), QStringLiteral("--pipeline"), q(base / "p.json"),
                    QStringLiteral("--input"), q(base / "in"), QStringLiteral("--output"),
                    q(base / "out"), QStringLiteral("--shard"), QStringLiteral("auto")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.find("augstudio-cli: --shard: auto: neither a Slurm job array "
                            "(SLURM_ARRAY_TASK_ID) nor a Kubernetes indexed Job") == 0,
                 r.err.c_str());
        QVERIFY(!fs::exists(base / "out"));
        const CliRun k =
            runCli({QStringLiteral("export"), QStringLiteral("--pipeline"), q(base / "p.json"),
                    QStringLiteral("--input"), q(base / "in"), QStringLiteral("--output"),
                    q(base / "out"), QStringLiteral("--shard"), QStringLiteral("auto")},
                   {{"JOB_COMPLETION_INDEX", "0"}});
        QCOMPARE(k.exitCode, 1);
        QVERIFY2(k.err.find("augstudio-cli: --shards: auto in a Kubernetes indexed Job") == 0,
                 k.err.c_str());
    }

    // The emitted script, run as each of the 4 array tasks (Slurm's variables set), writes
    // the single export's files; paths with spaces and quotes survive the shell.
    void emittedSbatchScriptEqualsSingleExport() {
        QTemporaryDir tmp;
        const fs::path base = fs::path(tmp.path().toStdString()) / "it's a dir";
        std::string table;
        for (int i = 0; i < 24; ++i)
            table += std::string(i % 3 ? "praise" : "complaint") + "\tthe room number " +
                     std::to_string(i) + " was clean and the staff were kind\n";
        writeText(base / "in" / "reviews.tsv", table);
        writeText(base / "p.json", R"({"version": 1, "modality": "text", "seed": 9, "steps": [
            {"transform": "text.random_swap", "p": 1.0},
            {"transform": "text.char_noise", "p": 0.5}]})");
        const CliRun single = runCli(
            {QStringLiteral("export"), QStringLiteral("--pipeline"), q(base / "p.json"),
             QStringLiteral("--input"), q(base / "in" / "reviews.tsv"), QStringLiteral("--output"),
             q(base / "single"), QStringLiteral("--copies"), QStringLiteral("2")});
        QVERIFY2(single.exitCode == 0, single.err.c_str());
        const CliRun emitted =
            runCli({QStringLiteral("export"), QStringLiteral("--pipeline"), q(base / "p.json"),
                    QStringLiteral("--input"), q(base / "in" / "reviews.tsv"),
                    QStringLiteral("--output"), q(base / "array"), QStringLiteral("--copies"),
                    QStringLiteral("2"), QStringLiteral("--emit-sbatch"), QStringLiteral("4")});
        QVERIFY2(emitted.exitCode == 0, emitted.err.c_str());
        QVERIFY(!fs::exists(base / "array")); // printed, not run
        QVERIFY2(emitted.out.rfind("#!/bin/bash\n", 0) == 0, emitted.out.c_str());
        QVERIFY2(emitted.out.find("\n#SBATCH --array=0-3\n") != std::string::npos,
                 emitted.out.c_str());
        QVERIFY(emitted.out.find("--shard auto") != std::string::npos);
        writeText(base / "job.sh", emitted.out);
        for (int task = 0; task < 4; ++task) {
            QProcess bash;
            QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
            e.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QString::number(task));
            e.insert(QStringLiteral("SLURM_ARRAY_TASK_COUNT"), QStringLiteral("4"));
            bash.setProcessEnvironment(e);
            bash.start(QStringLiteral("bash"), {q(base / "job.sh")});
            QVERIFY(bash.waitForFinished(120000));
            QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
        }
        const auto one = tree(base / "single"), four = tree(base / "array");
        QCOMPARE(four.size(), one.size());
        for (const auto& [rel, bytes] : one) {
            QVERIFY2(four.count(rel), rel.c_str());
            QVERIFY2(four.at(rel) == bytes, rel.c_str());
        }
        QVERIFY(one.count("manifest.jsonl") && one.count("summary.json"));
    }

    // --emit-sbatch refuses what would break an array: a fixed shard, --overwrite.
    void emitSbatchRefusals() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        writeText(base / "p.json", R"({"version": 1, "modality": "text", "steps": []})");
        const QStringList common = {QStringLiteral("export"), QStringLiteral("--pipeline"),
                                    q(base / "p.json"),       QStringLiteral("--input"),
                                    q(base / "in"),           QStringLiteral("--output"),
                                    q(base / "out"),          QStringLiteral("--emit-sbatch"),
                                    QStringLiteral("4")};
        CliRun r = runCli(common + QStringList{QStringLiteral("--overwrite")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.find("augstudio-cli: --overwrite: not with --emit-sbatch") == 0,
                 r.err.c_str());
        r = runCli(common + QStringList{QStringLiteral("--shard"), QStringLiteral("1/4")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.find("augstudio-cli: --shard: not with --emit-sbatch") == 0, r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExportShards)
#include "tst_export_shards.moc"

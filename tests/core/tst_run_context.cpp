// The run context: what belongs to one run is passed to it, never kept process-wide. Two
// exports running at once in one process, each with series.mixup_same_class, take partners
// from their own dataset only (the same bytes as each alone); audio clips come from the
// ClipSource given at load (transforms open no file), and a pipeline loaded without one is
// refused at the step's path; a preview-style run with a pool equals the export.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/dataset/datasetpartners.h"
#include "core/export/exporter.h"
#include "core/io/image/imagefile.h"
#include "core/pipeline/clipsource.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/runcontext.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <map>
#include <thread>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;

using augstudio::testfiles::readText;
using augstudio::testfiles::tree;
using augstudio::testfiles::writeText;

namespace {

// A UCR training file of `rows` rows in 2 classes; `offset` makes the datasets' values apart
// (a partner taken from the other dataset shows in every mixed value).
fs::path ucrDataset(const fs::path& root, double offset, int rows) {
    std::string train;
    for (int i = 0; i < rows; ++i) {
        std::string line = std::to_string(1 + i % 2);
        for (int t = 0; t < 32; ++t) {
            line += '\t';
            line += std::to_string(offset + std::sin(0.2 * t * (i + 1)) + 0.01 * i);
        }
        train += line + "\n";
    }
    writeText(root / "Toy_TRAIN.tsv", train);
    return root;
}

json mixupPipeline() {
    return {{"version", 1},
            {"modality", "series"},
            {"seed", 9},
            {"steps", json::array({{{"transform", "series.mixup_same_class"},
                                    {"p", 1.0},
                                    {"params", {{"alpha", 1.0}}}}})}};
}

ExportOptions options(const fs::path& out) {
    ExportOptions o;
    o.output = out;
    o.copies = 3;
    o.jobs = 2;
    return o;
}

// Clips served from memory: a test of "transforms open no file".
class MemoryClips : public ClipSource {
public:
    mutable std::atomic<int> loads{0};
    std::vector<std::string> list(const std::string& folder) const override {
        if (folder != "noises")
            throw Error(folder, "no such folder");
        return {"hum"};
    }
    std::shared_ptr<const AudioSample> load(const std::string& folder,
                                            const std::string& name) const override {
        ++loads;
        if (folder != "noises" || name != "hum")
            throw IoError(folder + "/" + name, "no such clip");
        auto clip = std::make_shared<AudioSample>();
        clip->sampleRate = 8000;
        clip->channels = {std::vector<float>(8000)};
        for (size_t i = 0; i < clip->channels[0].size(); ++i)
            clip->channels[0][i] = float(0.5 * std::sin(2 * M_PI * 50.0 * double(i) / 8000.0));
        return clip;
    }
};

json noisePipeline() {
    return {{"version", 1},
            {"modality", "audio"},
            {"seed", 3},
            {"steps", json::array({{{"transform", "audio.background_noise"},
                                    {"p", 1.0},
                                    {"params", {{"folder", "noises"}, {"snr_db", {0, 0}}}}}})}};
}

} // namespace

class TestRunContext : public QObject {
    Q_OBJECT
private slots:
    void concurrentExportsKeepTheirOwnPartners() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path a = ucrDataset(base / "a", 0.0, 40);
        const fs::path b = ucrDataset(base / "b", 100.0, 40);
        const Pipeline pipeline = pipelineFromJson(mixupPipeline());
        // Each alone first: the reference bytes.
        QVERIFY(runExport(pipeline, a, options(base / "a-alone")).complete);
        QVERIFY(runExport(pipeline, b, options(base / "b-alone")).complete);
        // Then both at once, several times (a shared pool would mix the datasets).
        for (int round = 0; round < 3; ++round) {
            const fs::path outA = base / ("a-" + std::to_string(round));
            const fs::path outB = base / ("b-" + std::to_string(round));
            ExportSummary sa, sb;
            std::thread ta([&] { sa = runExport(pipeline, a, options(outA)); });
            std::thread tb([&] { sb = runExport(pipeline, b, options(outB)); });
            ta.join();
            tb.join();
            QVERIFY(sa.complete && sb.complete);
            QCOMPARE(sa.failures, int64_t(0));
            QCOMPARE(sb.failures, int64_t(0));
            QVERIFY(tree(outA) == tree(base / "a-alone"));
            QVERIFY(tree(outB) == tree(base / "b-alone"));
        }
        // The partners really were mixed in, and only b's: b's outputs differ from its
        // sources yet stay within b's range (a partner from a, near 0, would pull them down).
        const std::string source = readText(b / "Toy_TRAIN.tsv");
        const std::string mixed = readText(base / "b-alone" / "Toy_TRAIN.tsv");
        QVERIFY(mixed != source);
        int64_t cells = 0;
        for (const auto& line : QString::fromStdString(mixed).split(u'\n', Qt::SkipEmptyParts)) {
            const QStringList fields = line.split(u'\t');
            for (qsizetype i = 1; i < fields.size(); ++i, ++cells) {
                const double v = fields[i].toDouble();
                QVERIFY2(v > 98.0 && v < 102.0, qPrintable(line));
            }
        }
        QCOMPARE(cells, int64_t(40 * 3 * 32));
    }

    void concurrentExportsKeepTheirOwnLimits() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        // 12 images of 100x80 (0.008 megapixels) in two classes.
        for (int i = 0; i < 12; ++i) {
            cv::Mat m(80, 100, CV_8UC3, cv::Scalar(i * 20, 255 - i * 20, 128));
            fs::create_directories(base / "in" / (i % 2 ? "cat" : "dog"));
            writeImage(base / "in" / (i % 2 ? "cat" : "dog") / (std::to_string(i) + ".png"), m);
        }
        const Pipeline pipeline = pipelineFromJson(
            {{"version", 1},
             {"modality", "image"},
             {"seed", 1},
             {"steps", json::array({{{"transform", "image.hflip"}, {"p", 1.0}}})}});
        for (int round = 0; round < 3; ++round) {
            ExportOptions tight = options(base / ("tight-" + std::to_string(round)));
            tight.limits.maxMegapixels = 0.005; // below every image of the dataset
            ExportOptions loose = options(base / ("loose-" + std::to_string(round)));
            ExportSummary st, sl;
            std::thread a([&] { st = runExport(pipeline, base / "in", tight); });
            std::thread b([&] { sl = runExport(pipeline, base / "in", loose); });
            a.join();
            b.join();
            // The tight run refuses all 12 (at the scan, by its own limit), the loose one none.
            QCOMPARE(sl.failures, int64_t(0));
            QCOMPARE(sl.outputs, int64_t(12 * 3));
            QCOMPARE(st.outputs, int64_t(0));
            const std::string summary = readText(tight.output / "summary.json");
            QVERIFY2(summary.find("pixel limit") != std::string::npos, summary.c_str());
        }
    }

    void partnersOfARunAreItsOwn() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const Dataset ds = scanDataset(ucrDataset(base / "a", 0.0, 6));
        const auto pool = seriesPartners(ds, [](const std::string& s) { return s == "train"; }, {});
        QCOMPARE(pool->count("1") + pool->count("2"), size_t(6));
        const Pipeline pipeline = pipelineFromJson(mixupPipeline());
        Sample s = loadItem(ds, ds.items[0], {});
        const Sample original = cloneSample(s);
        // Without partners: unchanged, "partner": null.
        Sample lonely = cloneSample(original);
        const RunResult none = pipeline.run(lonely, 1);
        QVERIFY(none.steps[0].values.at("partner").is_null());
        QVERIFY(cv::norm(std::get<SeriesSample>(lonely).values,
                         std::get<SeriesSample>(original).values, cv::NORM_INF) == 0);
        // With this run's partners: mixed with a series of the same class, replayable.
        RunContext run;
        run.seriesPool = pool;
        const RunResult mixed = pipeline.run(s, 1, run);
        const json partner = mixed.steps[0].values.at("partner");
        QVERIFY(partner.is_number_integer());
        const auto& mates = *pool->get(std::get<SeriesSample>(original).label);
        const SeriesSample& mate = mates.at(partner.get<size_t>());
        const double lambda = mixed.steps[0].values.at("lambda").get<double>();
        const cv::Mat expected =
            lambda * std::get<SeriesSample>(original).values + (1 - lambda) * mate.values;
        QVERIFY(cv::norm(std::get<SeriesSample>(s).values, expected, cv::NORM_INF) < 1e-12);
        Sample again = cloneSample(original);
        pipeline.replay(again, mixed.steps, run);
        QVERIFY(cv::norm(std::get<SeriesSample>(again).values, std::get<SeriesSample>(s).values,
                         cv::NORM_INF) == 0);
    }

    void clipsComeFromTheLoadContext() {
        auto clips = std::make_shared<MemoryClips>();
        const Pipeline pipeline =
            Pipeline::fromJson(noisePipeline(), builtinRegistry(), LoadContext{clips, nullptr});
        AudioSample in;
        in.sampleRate = 8000;
        in.channels = {std::vector<float>(4000, 0.25f)};
        Sample s = in;
        const RunResult r = pipeline.run(s, 7);
        QCOMPARE(r.steps[0].values.at("clip").get<std::string>(), std::string("hum"));
        QCOMPARE(clips->loads.load(), 1);
        // At 0 dB SNR the added hum has the signal's power: the output is no longer constant.
        const auto& out = std::get<AudioSample>(s).channels[0];
        double diff = 0;
        for (size_t i = 0; i < out.size(); ++i)
            diff = std::max(diff, double(std::abs(out[i] - 0.25f)));
        QVERIFY(diff > 0.1);
        // A second run fetches nothing more (the transform keeps the resampled clip).
        Sample t = in;
        pipeline.run(t, 8);
        QCOMPARE(clips->loads.load(), 1);
    }

    void noClipSourceIsRefusedAtTheStep() {
        try {
            Pipeline::fromJson(noisePipeline(), builtinRegistry());
            QFAIL("loaded without a clip source");
        } catch (const PipelineError& e) {
            QCOMPARE(e.where(), std::string("steps[0].params"));
            QVERIFY2(std::string(e.what()).find("no clip source") != std::string::npos, e.what());
        }
    }

    void folderClipNamesCannotLeaveTheFolder() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const LoadContext load = fileLoadContext();
        QVERIFY(load.clips != nullptr);
        for (const char* name : {"../secret.wav", "/etc/hostname", "..", "a/b.wav"}) {
            try {
                load.clips->load(base.string(), name);
                QFAIL(name);
            } catch (const IoError& e) {
                QVERIFY2(std::string(e.what()).find("not a clip of the folder") !=
                             std::string::npos,
                         e.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestRunContext)
#include "tst_run_context.moc"

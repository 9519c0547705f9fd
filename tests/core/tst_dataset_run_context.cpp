// datasetRunContext, the one run context every caller (export, studio, Python) builds: only
// what the pipeline uses is built, from the items of the accepted splits only; the series
// pool holds the split's series per class, the word statistics count the split's texts, and
// the partner source lists the split's items in dataset order.
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/dataset/datasetruncontext.h"
#include "core/pipeline/pipeline.h"
#include "testfiles.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;
using augstudio::testfiles::writeText;

namespace {

Pipeline onePipeline(const std::string& modality, const std::string& transform) {
    return pipelineFromJson({{"version", 1},
                             {"modality", modality},
                             {"seed", 1},
                             {"steps", json::array({{{"transform", transform}, {"p", 1.0}}})}});
}

// train/{cat,dog} and val/cat, two images each.
void imageDataset(const fs::path& root) {
    for (const char* dir : {"train/cat", "train/dog", "val/cat"})
        for (int i = 0; i < 2; ++i) {
            fs::create_directories(root / dir);
            cv::Mat m(8, 8, CV_8UC3, cv::Scalar(40 * i, 30, 200));
            cv::imwrite((root / dir / ("i" + std::to_string(i) + ".png")).string(), m);
        }
}

// 6 training rows of 3 classes and 2 test rows (UCR layout).
void seriesDataset(const fs::path& root) {
    std::string train, test;
    for (int i = 0; i < 8; ++i) {
        std::string line = std::to_string(1 + i % 3);
        for (int t = 0; t < 12; ++t)
            line += "\t" + std::to_string(std::sin(0.2 * t * (i + 1)));
        (i < 6 ? train : test) += line + "\n";
    }
    writeText(root / "Toy_TRAIN.tsv", train);
    writeText(root / "Toy_TEST.tsv", test);
}

void textDataset(const fs::path& root) {
    std::string rows;
    for (int i = 0; i < 5; ++i) {
        // Appended piece by piece (GCC 12 warns falsely on chained operator+ at -O2).
        rows += i % 2 ? "pos" : "neg";
        rows += "\tthe plot was word";
        rows += std::to_string(i);
        rows += '\n';
    }
    writeText(root / "train.tsv", rows);
}

bool isTrain(const std::string& split) {
    return split == "train";
}

} // namespace

class TestDatasetRunContext : public QObject {
    Q_OBJECT
private slots:
    // Per modality and transform: which parts are built, and how many entries each holds.
    void buildsOnlyWhatThePipelineUses_data() {
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QString>("transform");
        QTest::addColumn<int>("partnerEntries"); // -1: no partner source
        QTest::addColumn<int>("poolSeries");     // -1: no series pool
        QTest::addColumn<int>("documents");      // -1: no word statistics
        QTest::newRow("image.mixup") << "image"
                                     << "image.mixup" << 4 << -1 << -1;
        QTest::newRow("image.mosaic") << "image"
                                      << "image.mosaic" << 4 << -1 << -1;
        QTest::newRow("image.hflip") << "image"
                                     << "image.hflip" << -1 << -1 << -1;
        QTest::newRow("series.smote") << "series"
                                      << "series.smote" << -1 << 6 << -1;
        QTest::newRow("series.mixup_same_class") << "series"
                                                 << "series.mixup_same_class" << -1 << 6 << -1;
        QTest::newRow("series.jitter") << "series"
                                       << "series.jitter" << -1 << -1 << -1;
        QTest::newRow("text.tfidf_replace") << "text"
                                            << "text.tfidf_replace" << -1 << -1 << 5;
        QTest::newRow("text.random_swap") << "text"
                                          << "text.random_swap" << -1 << -1 << -1;
    }
    void buildsOnlyWhatThePipelineUses() {
        QFETCH(QString, modality);
        QFETCH(QString, transform);
        QFETCH(int, partnerEntries);
        QFETCH(int, poolSeries);
        QFETCH(int, documents);
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "in";
        if (modality == QLatin1String("image"))
            imageDataset(root);
        else if (modality == QLatin1String("series"))
            seriesDataset(root);
        else
            textDataset(root);
        auto ds = std::make_shared<const Dataset>(scanDataset(root));
        ReadLimits limits;
        limits.maxMegapixels = 3;
        const RunContext run = datasetRunContext(
            ds, isTrain, onePipeline(modality.toStdString(), transform.toStdString()), limits);
        QCOMPARE(run.limits.maxMegapixels, 3.0);
        QVERIFY(run.itemKey.empty());
        QCOMPARE(run.partners ? int(run.partners->size()) : -1, partnerEntries);
        if (run.partners)
            for (const PartnerEntry& e : run.partners->entries())
                QVERIFY2(e.key.rfind("train/", 0) == 0, e.key.c_str()); // val left out
        int series = -1;
        if (run.seriesPool) {
            series = 0;
            for (const std::string& label : run.seriesPool->labels())
                series += int(run.seriesPool->count(label));
        }
        QCOMPARE(series, poolSeries);
        QCOMPARE(run.textStatistics ? int(run.textStatistics->documents) : -1, documents);
    }

    // Without a dataset there is nothing to draw from: an empty context with the limits.
    void noDatasetGivesAnEmptyContext() {
        const RunContext run =
            datasetRunContext(nullptr, isTrain, onePipeline("image", "image.mixup"), {});
        QVERIFY(!run.partners && !run.seriesPool && !run.textStatistics);
    }
};

QTEST_GUILESS_MAIN(TestDatasetRunContext)
#include "tst_dataset_run_context.moc"

// The studio preview runs series.mixup_same_class with partners from the open dataset, as
// the export does: the preview of an item and copy draws the same partner and lambda as the
// export's manifest records for it and shows the same values; a file opened on its own
// mixes with its own rows, as `augstudio-cli apply`.
#include "../core/testfiles.h"
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "ui/preview/previewscheduler.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace augstudio;
using namespace augstudio::ui;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path ucrDataset(const fs::path& root) {
    std::string train;
    for (int i = 0; i < 10; ++i) {
        std::string line = std::to_string(1 + i % 2);
        for (int t = 0; t < 24; ++t) {
            line += '\t';
            line += std::to_string(std::cos(0.25 * t * (i + 1)) + 0.5 * i);
        }
        train += line + "\n";
    }
    testfiles::writeText(root / "Toy_TRAIN.tsv", train);
    return root;
}

json mixup() {
    return {{"version", 1},
            {"modality", "series"},
            {"seed", 21},
            {"steps", json::array({{{"transform", "series.mixup_same_class"},
                                    {"p", 1.0},
                                    {"params", {{"alpha", 0.7}}}}})}};
}

} // namespace

class TestStudioPartners : public QObject {
    Q_OBJECT
private slots:
    void previewMixesLikeTheExport() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = ucrDataset(base / "in");
        auto ds = std::make_shared<const core::Dataset>(core::scanDataset(in));
        core::ExportOptions o;
        o.output = base / "out";
        o.copies = 2;
        o.jobs = 1;
        QVERIFY(core::runExport(core::pipelineFromJson(mixup()), *ds, o).complete);
        std::map<std::pair<std::string, int>, json> exported;
        for (const json& line : testfiles::manifest(o.output / "manifest.jsonl"))
            exported[{line["source"].get<std::string>(), line["copy"].get<int>()}] = line["steps"];
        int mixed = 0;
        for (const core::DatasetItem& item : ds->items)
            for (int copy = 0; copy < 2; ++copy) {
                PreviewRequest r;
                r.source.dataset = ds;
                r.source.item = item;
                r.source.modality = core::Modality::Series;
                r.pipeline = mixup();
                r.copyIndex = uint64_t(copy);
                const PreviewResult result = PreviewScheduler::render(r);
                QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
                const json shown = result.run.stepsJson();
                QCOMPARE(shown, exported.at({item.key, copy}));
                mixed += shown[0]["values"]["partner"].is_null() ? 0 : 1;
                // The values shown are lambda * source + (1 - lambda) * partner.
                const auto& src = std::get<core::SeriesSample>(*result.original).values;
                const auto& out = std::get<core::SeriesSample>(*result.augmented).values;
                QVERIFY(cv::norm(src, out, cv::NORM_INF) > 0);
            }
        QCOMPARE(mixed, 20);
    }

    void aFileOnItsOwnMixesWithItsRows() {
        QTemporaryDir tmp;
        const fs::path file = ucrDataset(fs::path(tmp.path().toStdString())) / "Toy_TRAIN.tsv";
        PreviewRequest r;
        r.source.file = file;
        r.source.modality = core::Modality::Series;
        r.source.row = 3;
        r.pipeline = mixup();
        const PreviewResult result = PreviewScheduler::render(r);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        const json values = result.run.steps.at(0).values;
        QVERIFY(values.at("partner").is_number_integer());
        QVERIFY(values.at("partner").get<int>() < 5); // one of the 5 rows of row 3's class
    }
};

QTEST_MAIN(TestStudioPartners)
#include "tst_studio_partners.moc"

// The studio preview runs series.mixup_same_class with partners from the open dataset, as
// the export does: the preview of an item and copy draws the same partner and lambda as the
// export's manifest records for it and shows the same values; a file opened on its own
// mixes with its own rows, as `augstudio-cli apply`. The preview panel shows each partner of
// a multi-sample step (image.mixup, image.mosaic, series.mixup) as a thumbnail with its key
// and weight, and the soft label; re-roll draws other partners; mosaic's boxes are drawn.
#include "../core/testfiles.h"
#include "core/catalog/builtin.h"
#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "ui/preview/imagepreview.h"
#include "ui/preview/partnerstrip.h"
#include "ui/preview/previewpanel.h"
#include "ui/preview/previewscheduler.h"

#include <QGraphicsRectItem>
#include <QGraphicsView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <set>

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

// Solid-colour photos, one colour per item, in class folders: a partner's thumbnail shows
// which item it is by its colour.
cv::Scalar colourOf(int i) {
    return {double(30 + 40 * i), double(200 - 30 * i), double(60 + 25 * (i % 3))};
}

fs::path colourFolders(const fs::path& root) {
    for (int i = 0; i < 6; ++i) {
        const fs::path file = root / (i < 3 ? "cat" : "dog") / ("c" + std::to_string(i) + ".png");
        fs::create_directories(file.parent_path());
        cv::imwrite(file.string(), cv::Mat(48, 64, CV_8UC3, colourOf(i)));
    }
    return root;
}

json imagePipeline(const std::string& transform, const json& params = json::object()) {
    return {{"version", 1},
            {"modality", "image"},
            {"seed", 5},
            {"steps", json::array({{{"transform", transform}, {"p", 1.0}, {"params", params}}})}};
}

// Shows `item` of `ds` under `pipeline` and waits for the render.
PreviewResult showIn(PreviewPanel& panel, const std::shared_ptr<const core::Dataset>& ds,
                     const core::DatasetItem& item, const json& pipeline) {
    QSignalSpy spy(&panel, &PreviewPanel::rendered);
    PreviewSource source;
    source.dataset = ds;
    source.item = item;
    source.modality = ds->modality;
    panel.setPipeline(pipeline);
    panel.setSource(source);
    while (panel.scheduler()->busy() || spy.isEmpty())
        if (!spy.wait(20000))
            break;
    return panel.lastResult();
}

// What the strip shows equals the main draw's recorded partners, in order.
void compareWithDrawn(const PartnerStrip& strip, const PreviewResult& r) {
    QStringList keys;
    std::vector<double> weights;
    for (const json& step : r.run.stepsJson())
        if (step.value("applied", false))
            for (const json& p : step["values"]["partners"]) {
                keys << QString::fromStdString(p["key"].get<std::string>());
                weights.push_back(p["weight"].get<double>());
            }
    QVERIFY(!keys.isEmpty());
    QCOMPARE(strip.isVisibleTo(strip.parentWidget()), true);
    QCOMPARE(strip.thumbnailCount(), int(keys.size()));
    QCOMPARE(strip.keys(), keys);
    QCOMPARE(strip.weights(), weights);
    double sum = 0;
    for (const auto& [cls, w] : r.softLabel) {
        sum += w;
        QVERIFY2(strip.softLabelText().contains(QString::fromStdString(cls)),
                 qPrintable(strip.softLabelText()));
    }
    QVERIFY(std::abs(sum - 1.0) < 1e-9);
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

    // text.tfidf_replace previews with the word statistics the export fits over the dataset
    // (core::datasetRunContext): the same replacements as the export's manifest.
    void tfidfReplacePreviewsLikeTheExport() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        std::string rows;
        for (int i = 0; i < 8; ++i)
            rows += std::string(i % 3 ? "pos" : "neg") + "\tthe film was good and the plot " +
                    (i % 2 ? "moved" : "dragged") + " scene" + std::to_string(i) + "\n";
        testfiles::writeText(base / "in" / "train.tsv", rows);
        const json doc = {{"version", 1},
                          {"modality", "text"},
                          {"seed", 5},
                          {"steps", json::array({{{"transform", "text.tfidf_replace"},
                                                  {"p", 1.0},
                                                  {"params", {{"p", 0.5}}}}})}};
        auto ds = std::make_shared<const core::Dataset>(core::scanDataset(base / "in"));
        core::ExportOptions o;
        o.output = base / "out";
        o.copies = 1;
        o.jobs = 1;
        QVERIFY(core::runExport(core::pipelineFromJson(doc), *ds, o).complete);
        std::map<std::string, json> exported;
        for (const json& line : testfiles::manifest(o.output / "manifest.jsonl"))
            exported[line["source"].get<std::string>()] = line["steps"];
        QCOMPARE(exported.size(), ds->items.size());
        int replaced = 0;
        for (const core::DatasetItem& item : ds->items) {
            PreviewRequest r;
            r.source.dataset = ds;
            r.source.item = item;
            r.source.modality = core::Modality::Text;
            r.pipeline = doc;
            const PreviewResult result = PreviewScheduler::render(r);
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
            const json shown = result.run.stepsJson();
            QCOMPARE(shown, exported.at(item.key));
            replaced += int(shown[0]["values"]["replaced"].size());
        }
        QVERIFY2(replaced > 0, "the preview replaced no word"); // 0 without word statistics
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

    void mixupShowsItsPartnerAndSoftLabel() {
        QTemporaryDir tmp;
        auto ds = std::make_shared<const core::Dataset>(
            core::scanDataset(colourFolders(fs::path(tmp.path().toStdString()) / "in")));
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        const PreviewResult r =
            showIn(panel, ds, ds->items.at(0), imagePipeline("image.mixup", {{"alpha", 1.0}}));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        compareWithDrawn(*panel.partnerStrip(), r);
        QCOMPARE(r.partners.size(), size_t(1));
        // The thumbnail is the partner's picture: the colour of the item its key names.
        const std::string key = r.partners[0].key;
        int index = -1;
        for (int i = 0; i < 6; ++i)
            if (key.find("c" + std::to_string(i) + ".png") != std::string::npos)
                index = i;
        QVERIFY2(index > 0, key.c_str()); // never the item itself
        const QImage& thumb = r.partners[0].thumbnail;
        QVERIFY(!thumb.isNull());
        const QColor centre = thumb.pixelColor(thumb.width() / 2, thumb.height() / 2);
        const cv::Scalar want = colourOf(index);
        QCOMPARE(centre.blue(), int(want[0]));
        QCOMPARE(centre.green(), int(want[1]));
        QCOMPARE(centre.red(), int(want[2]));
        // The soft label weighs the item's class by lambda and the partner's by 1 - lambda.
        const double lambda = r.run.steps[0].values["lambda"].get<double>();
        double own = 0;
        for (const auto& [cls, w] : r.softLabel)
            if (cls == "cat")
                own += w;
        const double partnerCat = r.partners[0].label == "cat" ? r.partners[0].weight : 0;
        QVERIFY(std::abs(own - (lambda + partnerCat)) < 1e-9);
        QVERIFY(std::abs(r.partners[0].weight - (1 - lambda)) < 1e-9);
    }

    void rerollDrawsOtherPartners() {
        QTemporaryDir tmp;
        auto ds = std::make_shared<const core::Dataset>(
            core::scanDataset(colourFolders(fs::path(tmp.path().toStdString()) / "in")));
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        PreviewResult r = showIn(panel, ds, ds->items.at(2), imagePipeline("image.cutmix"));
        std::set<QStringList> seen{panel.partnerStrip()->keys()};
        for (int roll = 0; roll < 5; ++roll) {
            QSignalSpy spy(&panel, &PreviewPanel::rendered);
            panel.reroll();
            QVERIFY(spy.wait(20000));
            r = panel.lastResult();
            QCOMPARE(r.request.copyIndex, uint64_t(roll + 1));
            compareWithDrawn(*panel.partnerStrip(), r);
            seen.insert(panel.partnerStrip()->keys());
        }
        QVERIFY2(seen.size() >= 2, "six copies drew the same partner");
    }

    void mosaicShowsThreePartnersAndItsBoxes() {
        QTemporaryDir tmp;
        const fs::path in = fs::path(tmp.path().toStdString()) / "yolo";
        testfiles::writeText(in / "data.yaml", "names:\n  0: car\n  1: bus\n");
        for (int i = 0; i < 4; ++i) {
            fs::create_directories(in / "images" / "train");
            cv::imwrite((in / "images" / "train" / ("a" + std::to_string(i) + ".png")).string(),
                        cv::Mat(40, 50 + 10 * i, CV_8UC3, colourOf(i)));
            testfiles::writeText(in / "labels" / "train" / ("a" + std::to_string(i) + ".txt"),
                                 "0 0.5 0.75 1.0 0.5\n1 0.3 0.3 0.2 0.2\n");
        }
        auto ds = std::make_shared<const core::Dataset>(core::scanDataset(in));
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        const PreviewResult r =
            showIn(panel, ds, ds->items.at(0),
                   imagePipeline("image.mosaic", {{"width", 80}, {"height", 64}}));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        compareWithDrawn(*panel.partnerStrip(), r);
        QCOMPARE(panel.partnerStrip()->thumbnailCount(), 3);
        // The augmented side draws the boxes after the transform: more than the item's own two.
        const auto& boxes = std::get<core::ImageSample>(*r.augmented).boxes;
        QVERIFY(boxes.size() > 2);
        auto* view =
            panel.imagePreview()->findChild<QGraphicsView*>(QStringLiteral("augmentedView"));
        QVERIFY(view);
        std::vector<QRectF> drawn;
        for (QGraphicsItem* item : view->scene()->items())
            if (auto* rect = qgraphicsitem_cast<QGraphicsRectItem*>(item))
                drawn.push_back(rect->rect());
        QCOMPARE(drawn.size(), boxes.size());
        for (const auto& b : boxes)
            QVERIFY(std::any_of(drawn.begin(), drawn.end(), [&](const QRectF& d) {
                return std::abs(d.left() - b.x1) < 1e-6 && std::abs(d.top() - b.y1) < 1e-6 &&
                       std::abs(d.right() - b.x2) < 1e-6 && std::abs(d.bottom() - b.y2) < 1e-6;
            }));
    }

    void seriesMixupShowsItsPartnerCurve() {
        QTemporaryDir tmp;
        auto ds = std::make_shared<const core::Dataset>(
            core::scanDataset(ucrDataset(fs::path(tmp.path().toStdString()) / "in")));
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        json pipeline = mixup();
        pipeline["steps"][0]["transform"] = "series.mixup";
        const PreviewResult r = showIn(panel, ds, ds->items.at(1), pipeline);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        compareWithDrawn(*panel.partnerStrip(), r);
        QCOMPARE(r.partners.size(), size_t(1));
        const QImage& thumb = r.partners[0].thumbnail;
        QVERIFY(!thumb.isNull());
        // A curve was painted: some pixels differ from the background.
        const QRgb background = thumb.pixel(0, 0);
        int painted = 0;
        for (int y = 0; y < thumb.height(); ++y)
            for (int x = 0; x < thumb.width(); ++x)
                painted += thumb.pixel(x, y) != background ? 1 : 0;
        QVERIFY(painted > thumb.width());
    }

    void noMixingNoStrip() {
        QTemporaryDir tmp;
        auto ds = std::make_shared<const core::Dataset>(
            core::scanDataset(colourFolders(fs::path(tmp.path().toStdString()) / "in")));
        PreviewPanel panel;
        panel.resize(900, 700);
        panel.show();
        showIn(panel, ds, ds->items.at(0), imagePipeline("image.mixup"));
        QVERIFY(panel.partnerStrip()->isVisibleTo(&panel));
        const PreviewResult r = showIn(panel, ds, ds->items.at(0), imagePipeline("image.hflip"));
        QVERIFY(r.partners.empty());
        QVERIFY(!panel.partnerStrip()->isVisibleTo(&panel));
        QCOMPARE(panel.partnerStrip()->thumbnailCount(), 0);
    }
};

QTEST_MAIN(TestStudioPartners)
#include "tst_studio_partners.moc"

// The multi-sample transforms and their partner source: a box drawn as a filled rectangle
// lands where the boxes say after mosaic, cutmix and copy_paste; soft-label weights sum to
// 1; mixup's lambda has the moments of Beta(alpha, alpha); the export gives the same
// partners and bytes with 1 or 2 jobs and in shards, writes soft_labels.csv, and a YOLO
// export with mosaic loads back with every box in [0, 1]; an unreadable partner fails its
// item naming the file; the dataset source's cache stays within its bound.
#include "core/catalog/builtin.h"
#include "core/dataset/coco.h"
#include "core/dataset/dataset.h"
#include "core/dataset/datasetpartnersource.h"
#include "core/export/exporter.h"
#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/registry.h"
#include "core/pipeline/softlabel.h"
#include "core/util/error.h"
#include "testfiles.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <set>

using namespace augstudio::core;
using json = nlohmann::json;
namespace fs = std::filesystem;
using augstudio::testfiles::manifest;
using augstudio::testfiles::readText;
using augstudio::testfiles::tree;
using augstudio::testfiles::writeText;

namespace {

// A black w x h image with a white rectangle and its box.
ImageSample rectangleImage(int w, int h, cv::Rect r, const std::string& label, int classId) {
    ImageSample s;
    s.image = cv::Mat(h, w, CV_8UC3, cv::Scalar::all(0));
    s.image(r).setTo(cv::Scalar::all(255));
    s.boxes.push_back({double(r.x), double(r.y), double(r.br().x), double(r.br().y), classId});
    s.label = label;
    return s;
}

std::unique_ptr<Transform> create(const std::string& id, const json& params = json::object()) {
    const TransformInfo* info = builtinRegistry().find(id);
    if (!info)
        throw std::runtime_error("no transform " + id);
    return info->create(validateParams(info->params, params, id));
}

RunContext runWith(MemoryPartnerSource::Keyed partners, const std::string& self) {
    RunContext run;
    run.partners = std::make_shared<MemoryPartnerSource>(std::move(partners));
    run.itemKey = self;
    return run;
}

std::pair<ImageSample, Values> runImage(const Transform& t, const ImageSample& in,
                                        const RunContext& run, uint64_t seed) {
    Sample s = cloneSample(in);
    Rng rng(seed);
    const Values v = t.draw(rng, SampleInfo::of(s, &run));
    t.applyWith(s, v, run);
    return {std::get<ImageSample>(std::move(s)), v};
}

// Every pixel well inside each box is white and every pixel well outside all boxes is black:
// the boxes say exactly where the rectangles went (1 px of interpolation at the edges).
void checkBoxesMatchRectangles(const ImageSample& s) {
    cv::Mat grey;
    cv::cvtColor(s.image, grey, cv::COLOR_BGR2GRAY);
    cv::Mat inside = cv::Mat::zeros(grey.size(), CV_8UC1);
    cv::Mat near = cv::Mat::zeros(grey.size(), CV_8UC1);
    for (const BoundingBox& b : s.boxes) {
        QVERIFY(b.x1 >= 0 && b.y1 >= 0 && b.x2 <= grey.cols && b.y2 <= grey.rows);
        const int x1 = int(std::ceil(b.x1)) + 2, y1 = int(std::ceil(b.y1)) + 2;
        const int x2 = int(std::floor(b.x2)) - 2, y2 = int(std::floor(b.y2)) - 2;
        if (x2 > x1 && y2 > y1)
            inside(cv::Rect(x1, y1, x2 - x1, y2 - y1)).setTo(255);
        const cv::Rect out = cv::Rect(cv::Point(int(b.x1) - 2, int(b.y1) - 2),
                                      cv::Point(int(b.x2) + 3, int(b.y2) + 3)) &
                             cv::Rect(0, 0, grey.cols, grey.rows);
        near(out).setTo(255);
    }
    double lowInside = 255, highOutside = 0;
    cv::minMaxLoc(grey, &lowInside, nullptr, nullptr, nullptr, inside);
    cv::minMaxLoc(grey, nullptr, &highOutside, nullptr, nullptr, near == 0);
    if (cv::countNonZero(inside) > 0)
        QVERIFY2(
            lowInside >= 250,
            (QByteArray("dark pixel inside a box: ") + QByteArray::number(lowInside)).constData());
    QVERIFY2(highOutside <= 5,
             (QByteArray("bright pixel outside the boxes: ") + QByteArray::number(highOutside))
                 .constData());
}

double sum(const SoftLabel& l) {
    double s = 0;
    for (const auto& [cls, w] : l)
        s += w;
    return s;
}

fs::path writePng(const fs::path& p, const ImageSample& s) {
    fs::create_directories(p.parent_path());
    cv::imwrite(p.string(), s.image);
    return p;
}

Pipeline imagePipeline(const json& steps, uint64_t seed = 5) {
    return pipelineFromJson(
        {{"version", 1}, {"modality", "image"}, {"seed", seed}, {"steps", steps}});
}

json mixingSteps() {
    return json::array(
        {{{"transform", "image.mosaic"}, {"p", 1.0}, {"params", {{"width", 64}, {"height", 48}}}},
         {{"transform", "image.mixup"}, {"p", 1.0}}});
}

// Two classes of rectangle images of assorted sizes.
fs::path classFolders(const fs::path& root) {
    for (int i = 0; i < 4; ++i)
        writePng(root / "cat" / ("c" + std::to_string(i) + ".png"),
                 rectangleImage(30 + 4 * i, 20 + 3 * i, {2 + i, 3, 10, 8}, "cat", 0));
    for (int i = 0; i < 3; ++i)
        writePng(root / "dog" / ("d" + std::to_string(i) + ".png"),
                 rectangleImage(40, 30 - 2 * i, {5, 4 + i, 12, 9}, "dog", 0));
    return root;
}

std::map<std::string, std::string> media(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (auto& [rel, bytes] : tree(root))
        if (rel.ends_with(".png"))
            out[rel] = bytes;
    return out;
}

std::set<std::string> lines(const fs::path& file) {
    std::set<std::string> out;
    std::ifstream f(file);
    for (std::string line; std::getline(f, line);)
        out.insert(line);
    return out;
}

// Entries without samples: what draw() picks, not what it loads.
class EntriesOnly : public PartnerSource {
public:
    using PartnerSource::PartnerSource;
    std::shared_ptr<const Sample> load(size_t) const override { return nullptr; }
};

// The picks draw() must make: candidates() indexed with rng.integer, as the scan did.
std::vector<size_t> drawnFromTheList(const PartnerSource& source, uint64_t seed, Modality m,
                                     const std::string& label, PartnerClass which,
                                     const std::string& self, size_t count) {
    Rng rng(seed);
    const std::vector<size_t> from = source.candidates(m, label, which, self);
    std::vector<size_t> out;
    for (size_t n = 0; n < count && !from.empty(); ++n)
        out.push_back(from[size_t(rng.integer(0, int64_t(from.size()) - 1))]);
    return out;
}

} // namespace

class TestMultiSample : public QObject {
    Q_OBJECT
private slots:
    void mosaicBoxesLandOnRectangles() {
        const ImageSample self = rectangleImage(40, 30, {5, 5, 20, 12}, "a", 0);
        const RunContext run = runWith({{"self", self},
                                        {"p1", rectangleImage(50, 20, {30, 2, 12, 10}, "b", 1)},
                                        {"p2", rectangleImage(20, 40, {3, 20, 10, 15}, "b", 2)},
                                        {"p3", rectangleImage(64, 64, {10, 10, 40, 30}, "a", 3)}},
                                       "self");
        const auto t =
            create("image.mosaic", {{"width", 96}, {"height", 80}, {"min_visibility", 0.0}});
        std::set<std::string> seen;
        for (uint64_t seed = 0; seed < 12; ++seed) {
            const auto [out, v] = runImage(*t, self, run, seed);
            QCOMPARE(out.image.cols, 96);
            QCOMPARE(out.image.rows, 80);
            QCOMPARE(v["partners"].size(), size_t(3));
            for (const auto& p : v["partners"]) {
                QVERIFY(p["key"] != "self"); // the item is not its own partner
                seen.insert(p["key"].get<std::string>());
            }
            checkBoxesMatchRectangles(out);
            json steps = json::array({{{"id", "image.mosaic"}, {"applied", true}, {"values", v}}});
            QVERIFY(std::abs(sum(softLabelOf("a", steps)) - 1.0) < 1e-12);
        }
        QCOMPARE(seen.size(), size_t(3));
    }

    void cutmixBoxesLandOnRectangles() {
        const ImageSample self = rectangleImage(60, 40, {4, 4, 30, 20}, "a", 0);
        const RunContext run = runWith(
            {{"self", self}, {"p", rectangleImage(60, 40, {20, 10, 30, 25}, "b", 1)}}, "self");
        const auto t = create("image.cutmix", {{"alpha", 1.0}});
        int partnerBoxes = 0;
        for (uint64_t seed = 0; seed < 20; ++seed) {
            ImageSample in = self;
            in.minVisibility = 0.0;
            auto [out, v] = runImage(*t, in, run, seed);
            const auto& b = v["box"];
            const double share = double(b[2].get<int>() - b[0].get<int>()) *
                                 (b[3].get<int>() - b[1].get<int>()) / (60.0 * 40.0);
            QCOMPARE(v["partners"][0]["weight"].get<double>(), share);
            for (const auto& box : out.boxes)
                partnerBoxes += box.classId == 1;
            // The sample's own box keeps its coordinates (partly covered): check only the
            // partner's boxes and the uncovered part by pixels.
            std::vector<BoundingBox> mine;
            for (const auto& box : out.boxes)
                if (box.classId == 1)
                    mine.push_back(box);
            const cv::Rect cut(cv::Point(b[0].get<int>(), b[1].get<int>()),
                               cv::Point(b[2].get<int>(), b[3].get<int>()));
            for (const auto& box : mine) {
                QVERIFY(box.x1 >= cut.x && box.x2 <= cut.br().x);
                const cv::Rect r(cv::Point(int(box.x1), int(box.y1)),
                                 cv::Point(int(box.x2), int(box.y2)));
                QCOMPARE(cv::countNonZero(out.image(r).reshape(1) != 255), 0);
            }
        }
        QVERIFY(partnerBoxes > 0);
    }

    void copyPastePastesObjectsByMask() {
        ImageSample self = rectangleImage(40, 40, {2, 2, 20, 20}, "a", 0);
        ImageSample partner = rectangleImage(40, 40, {12, 12, 20, 20}, "b", 7);
        partner.mask = cv::Mat::zeros(40, 40, CV_8UC1);
        partner.mask(cv::Rect(12, 12, 20, 20)).setTo(3);
        const RunContext run = runWith({{"self", self}, {"p", partner}}, "self");
        const auto t = create("image.copy_paste", {{"object_p", 1.0}});
        const auto [out, v] = runImage(*t, self, run, 3);
        QCOMPARE(out.boxes.size(), size_t(2));
        // The sample's box x 2..22, y 2..22 lost its corner 12..22 x 12..22: still 75 %
        // visible, so it stays with its extent (the uncovered part spans the same box).
        QCOMPARE(out.boxes[0].x1, 2.0);
        QCOMPARE(out.boxes[1].classId, 7);
        QCOMPARE(out.boxes[1].x1, 12.0);
        QCOMPARE(out.boxes[1].x2, 32.0);
        QCOMPARE(int(out.mask.at<uchar>(20, 20)), 3);
        QCOMPARE(int(out.mask.at<uchar>(5, 5)), 0);
        checkBoxesMatchRectangles(out);
        // A box covered but for a strip shrinks to the strip.
        ImageSample covered = rectangleImage(40, 40, {12, 12, 20, 22}, "a", 0);
        const auto [out2, v2] = runImage(*t, covered, run, 3);
        QCOMPARE(out2.boxes.size(), size_t(1)); // 2 of 22 rows left: below min visibility
        QCOMPARE(out2.boxes[0].classId, 7);
    }

    void mixupLambdaIsBeta_data() {
        QTest::addColumn<double>("alpha");
        QTest::newRow("0.4") << 0.4;
        QTest::newRow("1") << 1.0;
        QTest::newRow("3") << 3.0;
    }
    void mixupLambdaIsBeta() {
        QFETCH(double, alpha);
        const ImageSample self = rectangleImage(8, 8, {1, 1, 2, 2}, "a", 0);
        const RunContext run = runWith({{"self", self}, {"p", self}}, "self");
        const auto t = create("image.mixup", {{"alpha", alpha}});
        const int n = 20000;
        double m = 0, m2 = 0;
        Sample s = self;
        for (int i = 0; i < n; ++i) {
            Rng rng{uint64_t(i)};
            const Values v = t->draw(rng, SampleInfo::of(s, &run));
            const double l = v["lambda"].get<double>();
            QVERIFY(l >= 0 && l <= 1);
            QCOMPARE(v["partners"][0]["weight"].get<double>(), 1.0 - l);
            m += l;
            m2 += l * l;
        }
        m /= n;
        const double var = m2 / n - m * m;
        const double expectedVar = 1.0 / (4.0 * (2.0 * alpha + 1.0));
        QVERIFY2(std::abs(m - 0.5) < 0.01, QByteArray::number(m).constData());
        QVERIFY2(std::abs(var - expectedVar) < 0.01, QByteArray::number(var).constData());
    }

    void mixupBlendsAndKeepsBothBoxes() {
        ImageSample self = rectangleImage(20, 10, {0, 0, 5, 5}, "a", 0);
        self.image.setTo(cv::Scalar::all(100));
        ImageSample partner = rectangleImage(40, 20, {10, 10, 10, 10}, "b", 2);
        partner.image.setTo(cv::Scalar::all(200));
        const RunContext run = runWith({{"self", self}, {"p", partner}}, "self");
        const auto t = create("image.mixup");
        const auto [out, v] = runImage(*t, self, run, 1);
        const double l = v["lambda"].get<double>();
        QCOMPARE(int(out.image.at<cv::Vec3b>(5, 5)[0]), int(std::lround(100 * l + 200 * (1 - l))));
        QCOMPARE(out.boxes.size(), size_t(2));
        QCOMPARE(out.boxes[1].x1, 5.0); // the partner's box scaled by 0.5
        QCOMPARE(out.boxes[1].y2, 10.0);
        const SoftLabel label = softLabelOf(
            "a", json::array({{{"id", "image.mixup"}, {"applied", true}, {"values", v}}}));
        QCOMPARE(label.size(), size_t(2));
        QCOMPARE(label[0].second, l);
        QCOMPARE(label[1].first, std::string("b"));
    }

    void indexedDrawPicksAsTheList() {
        // Sources of mixed modalities and classes (some classes of one item, one empty
        // label), the item itself in or out of the class asked for, or not in the source.
        const std::vector<std::string> labels = {"a", "b", "c", "", "solo"};
        for (uint64_t build = 0; build < 6; ++build) {
            Rng shape(100 + build);
            std::vector<PartnerEntry> entries;
            const int n = int(shape.integer(1, 40));
            for (int i = 0; i < n; ++i) {
                const bool solo = i == n / 2;
                entries.push_back({"k" + std::to_string(i),
                                   solo ? "solo" : labels[size_t(shape.integer(0, 3))],
                                   shape.bernoulli(0.8) ? Modality::Image : Modality::Audio});
            }
            const EntriesOnly source(entries);
            std::vector<std::string> selves = {"", "missing"};
            for (const auto& e : entries)
                selves.push_back(e.key);
            int compared = 0, nonEmpty = 0;
            for (const Modality m : {Modality::Image, Modality::Audio, Modality::Text})
                for (const auto& label : labels)
                    for (const PartnerClass which :
                         {PartnerClass::Any, PartnerClass::Same, PartnerClass::Other})
                        for (const auto& self : selves) {
                            const uint64_t seed = 7 * uint64_t(compared) + build;
                            Rng rng(seed);
                            const auto got = source.draw(rng, m, label, which, self, 3);
                            const auto want =
                                drawnFromTheList(source, seed, m, label, which, self, 3);
                            const std::string what = "source " + std::to_string(build) + ", " +
                                                     partnerClassName(which) + " of '" + label +
                                                     "' for '" + self + "'";
                            QVERIFY2(got == want, what.c_str());
                            ++compared;
                            nonEmpty += !got.empty();
                        }
            QVERIFY(nonEmpty > compared / 4); // the comparison is not of empty lists
        }
        // A repeated key: the item leaves out every entry of its key, as the list says.
        const EntriesOnly twice({{"x", "a", Modality::Image},
                                 {"y", "a", Modality::Image},
                                 {"x", "a", Modality::Image}});
        for (uint64_t seed = 0; seed < 20; ++seed) {
            Rng rng(seed);
            QCOMPARE(twice.draw(rng, Modality::Image, "a", PartnerClass::Same, "x", 2),
                     std::vector<size_t>({1, 1}));
        }
    }

    void withoutPartnersNothingChanges_data() {
        QTest::addColumn<QString>("id");
        for (const char* id : {"image.mixup", "image.cutmix", "image.mosaic", "image.copy_paste"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }
    void withoutPartnersNothingChanges() {
        QFETCH(QString, id);
        const ImageSample self = rectangleImage(20, 10, {0, 0, 5, 5}, "a", 0);
        const RunContext run; // no partner source
        const auto t = create(id.toStdString());
        const auto [out, v] = runImage(*t, self, run, 1);
        QVERIFY(v["partners"].empty());
        QCOMPARE(cv::norm(out.image, self.image, cv::NORM_INF), 0.0);
        QCOMPARE(out.boxes.size(), size_t(1));
    }

    void audioMixRatioIsConvex() {
        AudioSample self{{std::vector<float>(100, 0.5f)}, 8000, "a"};
        AudioSample partner{{std::vector<float>(30, -0.25f)}, 8000, "b"};
        const RunContext run = runWith({{"self", self}, {"p", partner}}, "self");
        const auto t = create("audio.mix", {{"mode", "ratio"}, {"ratio", {0.2, 0.4}}});
        Sample s = self;
        Rng rng(4);
        const Values v = t->draw(rng, SampleInfo::of(s, &run));
        t->applyWith(s, v, run);
        const double r = v["ratio"].get<double>();
        QVERIFY(r >= 0.2 && r < 0.4);
        QCOMPARE(v["partners"][0]["key"].get<std::string>(), std::string("p"));
        for (float x : std::get<AudioSample>(s).channels[0])
            QVERIFY(std::abs(x - float((1 - r) * 0.5 + r * -0.25)) < 1e-6f);
    }

    void seriesSmoteStaysOnTheSegment() {
        auto series = [](double level, const std::string& label) {
            SeriesSample s;
            s.values = cv::Mat(16, 1, CV_64FC1, cv::Scalar(level));
            s.label = label;
            return s;
        };
        auto pool = std::make_shared<SeriesPool>();
        pool->set("a", {series(0, "a"), series(1, "a"), series(2, "a"), series(10, "a")},
                  {"s0", "s1", "s2", "s10"});
        pool->set("b", {series(-5, "b")});
        RunContext run;
        run.seriesPool = pool;
        const auto t = create("series.smote", {{"k", 2}});
        std::set<std::string> keys;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            Sample s = series(0, "a");
            Rng rng(seed);
            const Values v = t->draw(rng, SampleInfo::of(s, &run));
            t->applyWith(s, v, run);
            const std::string key = v["partners"][0]["key"];
            keys.insert(key);
            const double gap = v["gap"].get<double>();
            const double target = key == "s1" ? 1.0 : 2.0;
            QCOMPARE(std::get<SeriesSample>(s).values.at<double>(3, 0), gap * target);
        }
        // The sample itself (s0) is left out; the two nearest others are s1 and s2, never s10.
        QCOMPARE(keys, (std::set<std::string>{"s1", "s2"}));
    }

    void seriesCutmixAndMixupTakeTheirPartner() {
        auto flat = [](double level, const std::string& label) {
            SeriesSample s;
            s.values = cv::Mat(40, 2, CV_64FC1, cv::Scalar(level));
            s.label = label;
            return s;
        };
        auto pool = std::make_shared<SeriesPool>();
        pool->set("a", {flat(0, "a")}, {"self"});
        pool->set("b", {flat(7, "b")}, {"other"});
        RunContext run;
        run.seriesPool = pool;
        const auto cutmix = create("series.cutmix", {{"partner_class", "other"}});
        const auto mixup = create("series.mixup", {{"partner_class", "other"}});
        for (uint64_t seed = 0; seed < 10; ++seed) {
            Sample s = flat(0, "a");
            Rng rng(seed);
            const Values v = cutmix->draw(rng, SampleInfo::of(s, &run));
            cutmix->applyWith(s, v, run);
            const int64_t from = v["window"][0], to = v["window"][1];
            const auto& out = std::get<SeriesSample>(s).values;
            for (int t = 0; t < 40; ++t)
                QCOMPARE(out.at<double>(t, 1), t >= from && t < to ? 7.0 : 0.0);
            if (to > from) {
                QCOMPARE(v["partners"][0]["key"].get<std::string>(), std::string("other"));
                QCOMPARE(v["partners"][0]["weight"].get<double>(), double(to - from) / 40.0);
            }
            Sample m = flat(0, "a");
            Rng again(seed);
            const Values w = mixup->draw(again, SampleInfo::of(m, &run));
            mixup->applyWith(m, w, run);
            const double l = w["lambda"];
            QCOMPARE(std::get<SeriesSample>(m).values.at<double>(5, 0), (1 - l) * 7.0);
            const SoftLabel label = softLabelOf(
                "a", json::array({{{"id", "series.mixup"}, {"applied", true}, {"values", w}}}));
            QVERIFY(std::abs(sum(label) - 1.0) < 1e-12);
        }
    }

    void exportIsTheSameForJobsAndShards() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = classFolders(base / "in");
        const Pipeline pipeline = imagePipeline(mixingSteps());
        auto exportWith = [&](const std::string& name, int jobs, int shard, int shards) {
            ExportOptions o;
            o.output = base / name;
            o.copies = 2;
            o.jobs = jobs;
            o.shardIndex = shard;
            o.shardCount = shards;
            return runExport(pipeline, in, o);
        };
        QCOMPARE(exportWith("one", 1, 0, 1).failures, int64_t(0));
        exportWith("two", 2, 0, 1);
        exportWith("sharded", 2, 0, 2);
        exportWith("sharded", 1, 1, 2);
        QCOMPARE(media(base / "two"), media(base / "one"));
        QCOMPARE(media(base / "sharded"), media(base / "one"));
        QCOMPARE(lines(base / "two" / "manifest.jsonl"), lines(base / "one" / "manifest.jsonl"));
        QCOMPARE(lines(base / "sharded" / "manifest.jsonl"),
                 lines(base / "one" / "manifest.jsonl"));
        // soft_labels.csv: per output the weights sum to 1; mixed outputs name partners'
        // classes, and each partner key in the manifest is an item of the dataset.
        const std::string soft = readText(base / "one" / "soft_labels.csv");
        QVERIFY(soft.starts_with("output,class,weight\n"));
        std::map<std::string, double> perOutput;
        std::istringstream rows(soft.substr(soft.find('\n') + 1));
        for (std::string row; std::getline(rows, row);) {
            const auto a = row.find(','), b = row.rfind(',');
            perOutput[row.substr(0, a)] += std::stod(row.substr(b + 1));
        }
        QCOMPARE(perOutput.size(), size_t(7 * 2));
        for (const auto& [out, w] : perOutput)
            QVERIFY2(std::abs(w - 1.0) < 1e-9, out.c_str());
        for (const json& line : manifest(base / "one" / "manifest.jsonl"))
            for (const json& p : line["steps"][0]["values"]["partners"]) {
                QVERIFY(fs::exists(in / p["key"].get<std::string>()));
                QVERIFY(p["key"] != line["source"]);
            }
    }

    // A COCO partner without masks: its object is cut by the rasterised polygon, lands where
    // its box says, brings its polygon, and the new COCO document carries it.
    void copyPasteCutsCocoPolygons() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        // The sample: a grey 20x20 square (box class car). The partner: a white triangle
        // (box class bus) over a black background, only its polygon says which pixels.
        ImageSample self = rectangleImage(60, 50, {30, 20, 20, 20}, "", 0);
        self.image(cv::Rect(30, 20, 20, 20)).setTo(cv::Scalar::all(128));
        writePng(root / "images" / "self.png", self);
        ImageSample part;
        part.image = cv::Mat(50, 60, CV_8UC3, cv::Scalar::all(0));
        const std::vector<cv::Point> triangle = {{10, 10}, {40, 10}, {10, 40}};
        cv::fillConvexPoly(part.image, triangle, cv::Scalar::all(255));
        writePng(root / "images" / "part.png", part);
        writeText(root / "annotations" / "instances_train.json", R"({
          "images": [{"id": 1, "file_name": "self.png", "width": 60, "height": 50},
                     {"id": 2, "file_name": "part.png", "width": 60, "height": 50}],
          "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "bbox": [30, 20, 20, 20]},
                          {"id": 2, "image_id": 2, "category_id": 4, "bbox": [10, 10, 31, 31],
                           "segmentation": [[10, 10, 41, 10, 10, 41]]}],
          "categories": [{"id": 3, "name": "car"}, {"id": 4, "name": "bus"}]})");
        auto ds = std::make_shared<const Dataset>(scanDataset(root));
        QCOMPARE(ds->items.size(), size_t(2));
        const DatasetItem& selfItem =
            ds->items[0].key == "images/self.png" ? ds->items[0] : ds->items[1];
        const DatasetItem& partItem = &selfItem == &ds->items[0] ? ds->items[1] : ds->items[0];
        QCOMPARE(partItem.boxes.size(), size_t(1));
        QCOMPARE(partItem.boxes[0].polygon.size(), size_t(1)); // read from the COCO file
        QCOMPARE(partItem.boxes[0].polygon[0].size(), size_t(3));
        RunContext run;
        run.partners = std::make_shared<DatasetPartnerSource>(ds, nullptr, ReadLimits{});
        run.itemKey = selfItem.key;
        const ImageSample in = std::get<ImageSample>(loadItem(*ds, selfItem, {}));
        const auto t = create("image.copy_paste", {{"object_p", 1.0}});
        const auto [out, v] = runImage(*t, in, run, 3);
        QCOMPARE(v.at("partners")[0].at("key").get<std::string>(), partItem.key);
        QCOMPARE(out.boxes.size(), size_t(2));
        const BoundingBox& pasted = out.boxes[1];
        QCOMPARE(pasted.classId, 1); // bus
        // The rasterised triangle spans pixels 10..40: its box.
        QCOMPARE(pasted.x1, 10.0);
        QCOMPARE(pasted.y1, 10.0);
        QVERIFY(std::abs(pasted.x2 - 41.0) <= 1 && std::abs(pasted.y2 - 41.0) <= 1);
        QCOMPARE(pasted.polygon.size(), size_t(1));
        QCOMPARE(pasted.polygon[0][1].x, 41.0);
        QCOMPARE(pasted.polygon[0][2].y, 41.0);
        // Inside the triangle: the partner's white. Inside its box but off the triangle (the
        // lower right corner): the sample's pixels, black or the grey square.
        QCOMPARE(int(out.image.at<cv::Vec3b>(15, 15)[0]), 255);
        QCOMPARE(int(out.image.at<cv::Vec3b>(36, 36)[0]), 128);
        QCOMPARE(int(out.image.at<cv::Vec3b>(38, 20)[0]), 0);
        QCOMPARE(int(out.image.at<cv::Vec3b>(20, 38)[0]), 128);
        // The sample's square (30..50 x 20..40) lost the triangle's corner: still visible, so
        // it stays.
        QCOMPARE(out.boxes[0].classId, 0);
        QCOMPARE(out.boxes[0].x2, 50.0);
        // The new COCO document writes the pasted polygon as its segmentation.
        const json doc = coco::buildDocument(ds->extra.value("categories", json::array()),
                                             {{"self__aug0.png", 60, 50, out.boxes}});
        QCOMPARE(doc["annotations"].size(), size_t(2));
        const json& a = doc["annotations"][1];
        QCOMPARE(a["category_id"].get<int>(), 4);
        QCOMPARE(a["segmentation"], json::parse("[[10.0, 10.0, 41.0, 10.0, 10.0, 41.0]]"));
        QCOMPARE(a["area"].get<double>(), 31.0 * 31.0 / 2);
        QVERIFY(!doc["annotations"][0].contains("segmentation"));
    }

    void yoloExportWithMosaicLoadsBackInside() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = base / "yolo";
        writeText(in / "data.yaml", "names:\n  0: car\n  1: bus\n");
        for (int i = 0; i < 4; ++i) {
            writePng(in / "images" / "train" / ("a" + std::to_string(i) + ".png"),
                     rectangleImage(50 + 10 * i, 40, {0, 20, 50, 20}, "", 0));
            // One box touching the image's edges, one inside.
            writeText(in / "labels" / "train" / ("a" + std::to_string(i) + ".txt"),
                      "0 0.5 0.75 1.0 0.5\n1 0.3 0.3 0.2 0.2\n");
        }
        ExportOptions o;
        o.output = base / "out";
        o.copies = 3;
        const auto summary =
            runExport(imagePipeline(json::array({{{"transform", "image.mosaic"},
                                                  {"p", 1.0},
                                                  {"params", {{"width", 80}, {"height", 64}}}}})),
                      in, o);
        QCOMPARE(summary.failures, int64_t(0));
        const Dataset back = scanDataset(o.output);
        QCOMPARE(back.layout, Layout::Yolo);
        size_t boxes = 0;
        for (const auto& item : back.items) {
            for (const BoundingBox& b : item.boxes) {
                QVERIFY(b.x1 >= 0 && b.y1 >= 0 && b.x2 <= item.width + 1e-6 &&
                        b.y2 <= item.height + 1e-6);
                ++boxes;
            }
        }
        QVERIFY(boxes > 4 * 2); // the mosaics hold boxes of their partners too
        std::ifstream labels(o.output / "labels" / "train" / "a0__aug0.txt");
        int n = 0;
        for (std::string cls; labels >> cls; ++n) {
            double x, y, w, h;
            labels >> x >> y >> w >> h;
            QVERIFY(x - w / 2 >= -1e-6 && x + w / 2 <= 1 + 1e-6);
            QVERIFY(y - h / 2 >= -1e-6 && y + h / 2 <= 1 + 1e-6);
        }
        QVERIFY(n >= 2);
    }

    void unreadablePartnerFailsItsItem() {
        QTemporaryDir tmp;
        const fs::path base = tmp.path().toStdString();
        const fs::path in = base / "in";
        writePng(in / "cat" / "a.png", rectangleImage(20, 20, {1, 1, 5, 5}, "cat", 0));
        writePng(in / "cat" / "b.png", rectangleImage(20, 20, {1, 1, 5, 5}, "cat", 0));
        auto ds = std::make_shared<const Dataset>(scanDataset(in));
        writeText(in / "cat" / "b.png", "not a png"); // damaged after the scan
        DatasetPartnerSource source(ds, nullptr, {});
        QCOMPARE(source.size(), size_t(2));
        try {
            source.load(size_t(source.find("cat/b.png")));
            QFAIL("an unreadable partner must throw");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find("b.png") != std::string::npos, e.what());
        }
        QVERIFY(source.load(size_t(source.find("cat/a.png"))) != nullptr);
    }

    void datasetCacheStaysWithinItsBound() {
        QTemporaryDir tmp;
        const fs::path in = fs::path(tmp.path().toStdString()) / "in";
        for (int i = 0; i < 6; ++i)
            writePng(in / "c" / (std::to_string(i) + ".png"),
                     rectangleImage(32, 32, {1, 1, 4, 4}, "c", 0));
        auto ds = std::make_shared<const Dataset>(scanDataset(in));
        const size_t one = 32 * 32 * 3;
        DatasetPartnerSource source(ds, nullptr, {}, 2 * one);
        for (size_t i = 0; i < source.size(); ++i) {
            const auto s = source.load(i);
            QCOMPARE(std::get<ImageSample>(*s).image.cols, 32);
            QVERIFY(source.cachedBytes() <= 2 * one);
        }
        QCOMPARE(source.cachedBytes(), 2 * one);
        // The most recent stays: loading it again gives the same shared sample.
        const auto last = source.load(source.size() - 1);
        QCOMPARE(source.load(source.size() - 1).get(), last.get());
    }
};

QTEST_GUILESS_MAIN(TestMultiSample)
#include "tst_multi_sample.moc"

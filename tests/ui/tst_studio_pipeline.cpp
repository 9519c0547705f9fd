// The pipeline panel and model: add, edit, reorder, group and undo steps; one slider drag is
// one undo step; the saved file is the document core loads, defaults filled in.
#include "core/catalog/builtin.h"
#include "core/pipeline/pipeline.h"
#include "core/util/error.h"
#include "ui/pipeline/parametereditor.h"
#include "ui/pipeline/pipelinemodel.h"
#include "ui/pipeline/pipelinepanel.h"
#include "ui/pipeline/rangeslider.h"
#include "ui/pipeline/steptree.h"

#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace augstudio;
using namespace augstudio::ui;
using json = nlohmann::json;
using Pointer = json::json_pointer;

class TestStudioPipeline : public QObject {
    Q_OBJECT

    static std::vector<std::string> ids(const PipelineModel& m) {
        std::vector<std::string> out;
        for (const auto& s : m.document()["steps"])
            out.push_back(s.value("transform", PipelineModel::groupKind(s).toStdString()));
        return out;
    }

private slots:
    void addRemoveReorderUndo() {
        PipelineModel model(core::Modality::Image);
        model.addStep("image.rotate");
        model.addStep("image.hflip");
        model.addStep("image.vflip");
        QCOMPARE(ids(model),
                 (std::vector<std::string>{"image.rotate", "image.hflip", "image.vflip"}));
        QVERIFY(model.error().isEmpty());
        QVERIFY(model.isModified());
        // Every added step carries its schema's defaults, so the document is complete.
        QCOMPARE(model.document()["steps"][0]["params"]["degrees"], json::array({-20, 20}));

        model.moveStep(Pointer("/steps/2"), Pointer("/steps"), 0);
        QCOMPARE(ids(model),
                 (std::vector<std::string>{"image.vflip", "image.rotate", "image.hflip"}));
        model.moveStep(Pointer("/steps/0"), Pointer("/steps"), 3);
        QCOMPARE(ids(model),
                 (std::vector<std::string>{"image.rotate", "image.hflip", "image.vflip"}));

        model.removeStep(Pointer("/steps/1"));
        QCOMPARE(ids(model), (std::vector<std::string>{"image.rotate", "image.vflip"}));
        model.undoStack()->undo();
        QCOMPARE(ids(model),
                 (std::vector<std::string>{"image.rotate", "image.hflip", "image.vflip"}));
        model.undoStack()->undo(); // the second move
        QCOMPARE(ids(model),
                 (std::vector<std::string>{"image.vflip", "image.rotate", "image.hflip"}));
        model.undoStack()->redo();
        QCOMPARE(ids(model),
                 (std::vector<std::string>{"image.rotate", "image.hflip", "image.vflip"}));
        // Undo back to the start: clean again.
        while (model.undoStack()->canUndo())
            model.undoStack()->undo();
        QVERIFY(model.document()["steps"].empty());
        QVERIFY(!model.isModified());
    }

    void groupsLoadInCore() {
        PipelineModel model(core::Modality::Image);
        model.addStep("image.hflip");
        model.addStep("image.vflip");
        model.addStep("image.rotate");
        model.groupSteps({Pointer("/steps/0"), Pointer("/steps/1")}, "one_of");
        QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
        QCOMPARE(model.document()["steps"].size(), size_t(2));
        QVERIFY(model.document()["steps"][0].contains("one_of"));
        QCOMPARE(model.pipeline()->stepCount(), size_t(3));
        // Move the rotate step into the group, then ungroup.
        model.moveStep(Pointer("/steps/1"), Pointer("/steps/0/one_of"), 0);
        QCOMPARE(model.document()["steps"][0]["one_of"][0]["transform"], "image.rotate");
        QCOMPARE(model.document()["steps"].size(), size_t(1));
        model.ungroup(Pointer("/steps/0"));
        QCOMPARE(ids(model),
                 (std::vector<std::string>{"image.rotate", "image.hflip", "image.vflip"}));
        model.groupSteps({Pointer("/steps/1"), Pointer("/steps/2")}, "some_of");
        QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
        QCOMPARE(model.document()["steps"][1]["n"], json::array({1, 1}));
    }

    void sliderDragIsOneUndoStep() {
        PipelineModel model(core::Modality::Image);
        model.addStep("image.rotate");
        const int before = model.undoStack()->count();
        const Pointer field("/steps/0/params/degrees");
        // A drag: many open edits, closed by the release.
        for (int i = 1; i <= 30; ++i)
            model.setField(field, json::array({-i, i}), true);
        model.setField(field, json::array({-30, 30}), false);
        QCOMPARE(model.undoStack()->count(), before + 1);
        QCOMPARE(model.document()[field], json::array({-30, 30}));
        // A second drag is a second step.
        for (int i = 5; i <= 10; ++i)
            model.setField(field, json::array({-i, i}), true);
        model.setField(field, json::array({-10, 10}), false);
        QCOMPARE(model.undoStack()->count(), before + 2);
        model.undoStack()->undo();
        QCOMPARE(model.document()[field], json::array({-30, 30}));
        model.undoStack()->undo();
        QCOMPARE(model.document()[field], json::array({-20, 20}));
        // A drag that ends where it started leaves no step at all.
        for (int i = 21; i <= 25; ++i)
            model.setField(field, json::array({-i, i}), true);
        model.setField(field, json::array({-20, 20}), false);
        QCOMPARE(model.undoStack()->index(), before);
    }

    void badValueIsReportedWithItsPath() {
        PipelineModel model(core::Modality::Image);
        model.addStep("image.rotate");
        model.setField(Pointer("/steps/0/params/degrees"), json::array({-500, 20}));
        QVERIFY(model.error().contains(QLatin1String("steps[0].params.degrees")));
        model.undoStack()->undo();
        QVERIFY(model.error().isEmpty());
    }

    void fuseBoxSwitchesTheDocument() {
        PipelineModel model(core::Modality::Image);
        PipelinePanel panel;
        panel.setModel(&model);
        panel.addStep(QStringLiteral("image.rotate"));
        QVERIFY(panel.fuseBox()->isChecked()); // fused by default
        panel.fuseBox()->click();
        QCOMPARE(model.document()["fuse"], json(false));
        QVERIFY(model.error().isEmpty());
        QVERIFY(!core::pipelineFromJson(model.document()).fused());
        model.undoStack()->undo();
        QVERIFY(panel.fuseBox()->isChecked());
        json doc = model.document();
        doc["fuse"] = false;
        model.resetDocument(doc);
        QVERIFY(!panel.fuseBox()->isChecked());
    }

    void panelBuildsEditorsFromSchemaAndEdits() {
        PipelineModel model(core::Modality::Image);
        PipelinePanel panel;
        panel.setModel(&model);
        panel.addStep(QStringLiteral("image.rotate"));
        QCOMPARE(panel.selectedStep(), QStringLiteral("/steps/0"));
        ParameterEditor* editor = panel.parameterEditor();
        // rotate's schema: degrees, interpolation, border_mode, fill.
        const auto* info = core::builtinRegistry().find("image.rotate");
        QCOMPARE(editor->editorCount(), int(info->params.size()));
        auto* range = editor->findChild<RangeSlider*>();
        QVERIFY(range);
        // Drag the upper handle with the mouse: one undo step, value written.
        const int steps = model.undoStack()->count();
        range->resize(200, 22);
        // The upper handle (20 of [-180, 180]) sits at x = 6 + 188 * 200 / 360 = 110.
        QTest::mousePress(range, Qt::LeftButton, {}, QPoint(110, 11));
        for (int x = 110; x >= 105; --x)
            QTest::mouseMove(range, QPoint(x, 11));
        QTest::mouseRelease(range, Qt::LeftButton, {}, QPoint(105, 11));
        QCOMPARE(model.undoStack()->count(), steps + 1);
        const json degrees = model.document()["steps"][0]["params"]["degrees"];
        QVERIFY2(degrees[1].get<double>() < 20 && degrees[1].get<double>() > 0,
                 degrees.dump().c_str());
        QCOMPARE(degrees[0].get<double>(), -20.0);
        // Undo shows the old value in the editors (no rebuild).
        model.undoStack()->undo();
        QCOMPARE(range->upper(), range->maximum() * 200 / 360);

        // Reorder through the tree's drop handling.
        panel.addStep(QStringLiteral("image.hflip"));
        QCOMPARE(ids(model), (std::vector<std::string>{"image.rotate", "image.hflip"}));
        emit panel.stepTree()->moveRequested(QStringLiteral("/steps/1"), QStringLiteral("/steps"),
                                             0);
        QCOMPARE(ids(model), (std::vector<std::string>{"image.hflip", "image.rotate"}));
        QCOMPARE(panel.stepTree()->topLevelItem(0)->text(0), QStringLiteral("hflip"));
        // Unchecking a step disables it in the document.
        panel.stepTree()->topLevelItem(0)->setCheckState(0, Qt::Unchecked);
        QCOMPARE(model.document()["steps"][0]["enabled"], false);
    }

    void saveWritesWhatCoreLoads() {
        PipelineModel model(core::Modality::Image);
        model.addStep("image.rotate");
        model.addStep("image.hflip");
        model.setField(Pointer("/steps/0/params/degrees"), json::array({-5, 7.5}));
        model.setField(Pointer("/steps/1/p"), 0.25);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("x.augpipe.json"));
        model.save(path);
        QVERIFY(!model.isModified());
        std::ifstream in(path.toStdString());
        const json saved = json::parse(in);
        const core::Pipeline loaded = core::loadPipeline(path.toStdString());
        QCOMPARE(saved, loaded.toJson()); // normalised: exactly what the CLI runs
        QCOMPARE(saved["steps"][0]["params"]["degrees"], json::array({-5, 7.5}));
        QCOMPARE(saved["steps"][1]["p"], 0.25);
        PipelineModel other(core::Modality::Image);
        other.open(path);
        QCOMPARE(other.document(), saved);
        QCOMPARE(other.filePath(), path);
        PipelineModel audio(core::Modality::Audio);
        QVERIFY_THROWS_EXCEPTION(core::Error, audio.open(path));
    }

    void sliderScaleRoundTrips() {
        const auto spec = core::rangeParam("degrees", -20, 20, -180, 180, "", "deg", 0.5);
        const SliderScale s = SliderScale::of(spec);
        QCOMPARE(s.positions(), 720);
        QCOMPARE(s.toValue(s.toPosition(12.5)), 12.5);
        QCOMPARE(s.toValue(0), -180.0);
        QCOMPARE(s.toValue(s.positions()), 180.0);
    }
};

QTEST_MAIN(TestStudioPipeline)
#include "tst_studio_pipeline.moc"

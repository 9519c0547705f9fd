#pragma once

#include "ui/pipeline/pipelinemodel.h"

#include <QWidget>

class QLabel;
class QDoubleSpinBox;
class QCheckBox;
class QPushButton;
class QScrollArea;
class QSlider;

namespace augstudio::ui {

class ParameterEditor;
class StepTree;

// The right panel: the steps (tree with groups, check boxes for enable, drag to reorder),
// add/remove/group buttons, and the selected step's generated editors.
class PipelinePanel : public QWidget {
    Q_OBJECT
public:
    explicit PipelinePanel(QWidget* parent = nullptr);

    void setModel(PipelineModel* model);
    PipelineModel* model() const { return model_; }

    StepTree* stepTree() const { return tree_; }
    ParameterEditor* parameterEditor() const { return editor_; }
    // A some_of group's n range; a one_of child's weight (empty editors otherwise).
    ParameterEditor* groupEditor() const { return nEditor_; }
    ParameterEditor* weightEditor() const { return weightEditor_; }
    // The pipeline's "fuse" (fused execution, on by default).
    QCheckBox* fuseBox() const { return fuse_; }
    // The selected step's pointer, empty when none.
    QString selectedStep() const;
    void selectStep(const QString& pointer);
    std::vector<nlohmann::json::json_pointer> selectedSteps() const;

public slots:
    void addStepFromCatalog();
    void addStep(const QString& transformId);
    void removeSelected();
    void groupSelected(const QString& kind);
    void ungroupSelected();

private:
    void rebuildTree();
    void showSelected();
    void refreshEditorValues();

    PipelineModel* model_ = nullptr;
    StepTree* tree_;
    QLabel* title_;
    QLabel* error_;
    QWidget* commonRow_;
    QCheckBox* enabled_;
    QCheckBox* fuse_;
    QSlider* pSlider_;
    QDoubleSpinBox* pSpin_;
    QWidget* nRow_;
    QLabel* nLabel_;
    ParameterEditor* nEditor_;
    ParameterEditor* weightEditor_;
    ParameterEditor* editor_;
    QString shownStep_;
    std::string shownTransform_;
    bool rebuilding_ = false;
};

} // namespace augstudio::ui

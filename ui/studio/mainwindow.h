#pragma once

#include "ui/dataset/datasetscanner.h"
#include "ui/pipeline/pipelinemodel.h"

#include <QMainWindow>
#include <QStringList>

#include <map>
#include <memory>

class QUndoGroup;
class QMenu;
class QLabel;
class QDockWidget;

namespace augstudio::ui {

class DatasetPanel;
class PipelinePanel;
class PreviewPanel;
class BalancePanel;
class StrengthPanel;
class HealthPanel;

// The studio window: dataset panel (left), preview (centre), pipeline panel (right), class
// balance (bottom). One pipeline per modality, each with its own undo stack (a QUndoGroup
// follows the current one).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a dataset folder or annotation file (scanned in the background), a pipeline
    // file (.augpipe.json / .json), or a single media file.
    void openPath(const QString& path);
    // `show`: make it the current dataset when scanned; otherwise it joins the dataset list
    // without taking the view away from what is shown (unless nothing is shown yet).
    void openDataset(const QString& path, bool show = true);
    void openDemo();
    void openSingleFile(const QString& path, core::Modality modality);
    bool openPipeline(const QString& path);
    bool savePipeline(const QString& path);
    // Albumentations pipeline files (what its save() / to_dict() write, as JSON): imported
    // into the image pipeline (undoable), or the current image pipeline written as one
    // (a path ending in .py gets runnable Python building the same Compose).
    bool importAlbumentations(const QString& path);
    bool exportAlbumentations(const QString& path);
    void showExportDialog();

    DatasetPanel* datasetPanel() const { return datasets_; }
    PipelinePanel* pipelinePanel() const { return pipeline_; }
    PreviewPanel* previewPanel() const { return preview_; }
    BalancePanel* balancePanel() const { return balance_; }
    StrengthPanel* strengthPanel() const { return strength_; }
    HealthPanel* healthPanel() const { return health_; }
    DatasetScanner* scanner() const { return scanner_; }
    PipelineModel* pipelineModel(core::Modality modality) const;
    PipelineModel* currentModel() const;
    core::Modality currentModality() const { return modality_; }
    std::shared_ptr<const core::Dataset> currentDataset() const;

    // Where the built-in demo lives (source tree or installed share folder).
    static QString demoDirectory();
    // Errors as messages naming the file and the reason; tests turn the dialogs off.
    void setQuiet(bool quiet) { quiet_ = quiet; }
    const QString& lastError() const { return lastError_; }

signals:
    void datasetOpened(const QString& path);
    void scanFailed(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void setModality(core::Modality modality);
    void scanFinished(const QString& path, const ScanOutcome& outcome);
    void scanNext();
    void showError(const QString& title, const QString& message);
    void updateTitle();
    void addRecent(const QString& key, const QString& path);
    void rebuildRecentMenu();
    bool confirmDiscard(PipelineModel* model);
    bool savePipelineAs();
    void applyPreset(const nlohmann::json& doc, const QString& what);
    void kerasPresetDialog();
    void edaPresetDialog();
    void restoreSettings();
    void saveSettings();

    DatasetPanel* datasets_;
    PipelinePanel* pipeline_;
    PreviewPanel* preview_;
    BalancePanel* balance_;
    StrengthPanel* strength_;
    HealthPanel* health_;
    DatasetScanner* scanner_;
    QUndoGroup* undoGroup_;
    std::map<core::Modality, PipelineModel*> models_;
    core::Modality modality_ = core::Modality::Image;
    QStringList scanQueue_;
    QStringList backgroundScans_; // queued paths opened with show = false
    QMenu* recentMenu_ = nullptr;
    QLabel* status_;
    bool quiet_ = false;
    QString lastError_;
};

} // namespace augstudio::ui

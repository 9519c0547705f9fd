#pragma once

#include "core/dataset/dataset.h"
#include "core/export/exporter.h"

#include <QDialog>
#include <QFutureWatcher>

#include <atomic>
#include <memory>

class QLineEdit;
class QComboBox;
class QSpinBox;
class QCheckBox;
class QProgressBar;
class QLabel;
class QPushButton;
class QTextBrowser;
class QListWidget;

namespace augstudio::ui {

// Export: output folder, plan (k copies / balance to a target / originals; when balancing,
// what fills the smaller classes: the pipeline, SMOTE or mixup within the class), augmented
// splits, format and quality, threads; a progress bar with items, rate and time left; Cancel; a
// summary at the end and "Open folder". It runs core::runExport, so the output is the CLI's.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(std::shared_ptr<const core::Dataset> dataset, nlohmann::json pipeline,
                 QWidget* parent = nullptr);
    ~ExportDialog() override;

    void setOutput(const QString& folder);
    void setOptions(const core::ExportOptions& options); // plan fields
    core::ExportOptions options() const;
    void start();
    void cancel();
    bool isRunning() const { return watcher_.isRunning(); }
    const core::ExportSummary& summary() const { return summary_; }
    const QString& error() const { return error_; }

signals:
    void exportFinished(bool ok);

private:
    void finished();

    std::shared_ptr<const core::Dataset> dataset_;
    nlohmann::json pipeline_;
    QLineEdit* output_;
    QComboBox* mode_;
    QSpinBox* copies_;
    QSpinBox* target_;
    QComboBox* fill_;
    QCheckBox* originals_;
    QListWidget* splits_;
    QComboBox* format_;
    QSpinBox* quality_;
    QSpinBox* threads_;
    QCheckBox* overwrite_;
    QProgressBar* progress_;
    QLabel* status_;
    QTextBrowser* summaryView_;
    QPushButton* startButton_;
    QPushButton* cancelButton_;
    QPushButton* openButton_;
    QFutureWatcher<void> watcher_;
    std::atomic<bool> cancel_{false};
    std::shared_ptr<std::atomic<int64_t>> done_, total_;
    std::shared_ptr<std::atomic<double>> rate_, eta_;
    core::ExportSummary summary_;
    QString error_;
};

} // namespace augstudio::ui

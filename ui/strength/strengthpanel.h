#pragma once

#include "core/dataset/dataset.h"
#include "core/strength/strengthreport.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>

class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace augstudio::ui {

class HistogramPlot;

// What the strength panel measures: the previewed item and the pipeline being edited.
struct StrengthInput {
    std::shared_ptr<const core::Sample> original;
    std::string key; // the item's key: draw k is the export's copy k of it
    nlohmann::json pipeline;
    std::shared_ptr<const core::Dataset> dataset; // series partners; may be null
};

// Augmentation strength of the current item: K draws in the background (core's
// measureStrength), the similarity histogram, each step's applied share and drawn-value
// histograms, and the too weak / too strong draws as a list; activating one opens that
// draw (copy) in the preview.
class StrengthPanel : public QWidget {
    Q_OBJECT
public:
    explicit StrengthPanel(QWidget* parent = nullptr);
    ~StrengthPanel() override;

    void setInput(StrengthInput input);
    const StrengthInput& input() const { return input_; }
    // Starts a measurement of the current input (the Measure button); cancels a running one.
    void measure();
    void cancel();
    bool busy() const { return watcher_.isRunning(); }
    const std::optional<core::StrengthReport>& report() const { return report_; }

    QSpinBox* samplesBox() const { return samples_; }
    QDoubleSpinBox* minSimilarityBox() const { return minSimilarity_; }
    QTreeWidget* stepTree() const { return steps_; }
    QListWidget* flaggedList() const { return flagged_; }
    HistogramPlot* similarityPlot() const { return similarity_; }
    HistogramPlot* parameterPlot() const { return parameter_; }
    QString summaryText() const;

signals:
    // A flagged draw was opened: show the export's copy `copy` of the item in the preview.
    void drawActivated(quint64 copy);
    void measured();
    void failed(const QString& message);

private:
    struct Outcome {
        std::optional<core::StrengthReport> report;
        QString error;
    };
    void finished();
    void show(const core::StrengthReport& report);

    StrengthInput input_;
    std::optional<core::StrengthReport> report_;
    QFutureWatcher<Outcome> watcher_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
    QPushButton* measure_;
    QSpinBox* samples_;
    QDoubleSpinBox* minSimilarity_;
    QProgressBar* progress_;
    QLabel* summary_;
    HistogramPlot* similarity_;
    HistogramPlot* parameter_;
    QTreeWidget* steps_;
    QListWidget* flagged_;
};

} // namespace augstudio::ui

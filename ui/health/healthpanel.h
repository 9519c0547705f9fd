#pragma once

#include "core/dataset/dataset.h"
#include "core/health/healthreport.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace augstudio::ui {

class HistogramPlot;

// Dataset health of the open dataset (core's checkDatasetHealth, in the background): the
// distributions (the selected one drawn as a histogram) and each finding as a list of
// groups and items; activating an item selects it in the dataset panel and the preview.
class HealthPanel : public QWidget {
    Q_OBJECT
public:
    explicit HealthPanel(QWidget* parent = nullptr);
    ~HealthPanel() override;

    void setDataset(std::shared_ptr<const core::Dataset> dataset);
    // Starts a check of the current dataset (the Check button); cancels a running one.
    void check();
    void cancel();
    bool busy() const { return watcher_.isRunning(); }
    const std::optional<core::HealthReport>& report() const { return report_; }

    QTreeWidget* findingsTree() const { return findings_; }
    HistogramPlot* distributionPlot() const { return plot_; }
    // The top-level row of a finding ("exact", "near", "leaks", "unreadable", "tiny",
    // "distributions"), null before a check.
    QTreeWidgetItem* findingRow(const QString& finding) const;

signals:
    void itemActivated(const QString& key);
    void checked();
    void failed(const QString& message);

private:
    struct Outcome {
        std::optional<core::HealthReport> report;
        QString error;
    };
    void finished();
    void show(const core::HealthReport& report);

    std::shared_ptr<const core::Dataset> dataset_;
    std::optional<core::HealthReport> report_;
    QFutureWatcher<Outcome> watcher_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
    QPushButton* check_;
    QProgressBar* progress_;
    QLabel* summary_;
    QTreeWidget* findings_;
    HistogramPlot* plot_;
};

} // namespace augstudio::ui

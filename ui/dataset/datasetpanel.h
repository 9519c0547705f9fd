#pragma once

#include "core/dataset/dataset.h"

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;
class QLabel;
class QProgressBar;
class QPushButton;

namespace augstudio::ui {

// The left panel: the open datasets (the demo opens one per modality), a filter box, and a
// tree of splits and classes with counts whose leaves are the items.
class DatasetPanel : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPanel(QWidget* parent = nullptr);

    // Adds (or replaces, by root) a dataset; `makeCurrent` also shows it (else only the
    // combo box lists it). `itemNames` (from the scan, index-aligned with the items) label
    // the leaves; without them, names come from the keys.
    void addDataset(std::shared_ptr<const core::Dataset> dataset, const QString& name,
                    std::vector<QString> itemNames = {}, bool makeCurrent = true);
    void setCurrentDataset(int index);
    std::shared_ptr<const core::Dataset> currentDataset() const;
    int datasetCount() const;
    QComboBox* datasetCombo() const { return combo_; }
    QTreeWidget* tree() const { return tree_; }
    void setFilter(const QString& text);
    // Selects the first visible item (so the preview shows something at once).
    void selectFirstItem();
    bool selectItem(const std::string& key);
    // The count shown for a split ("train") or a class ("train/cat"); -1 when absent.
    qint64 shownCount(const QString& split, const QString& label = {}) const;
    // The line under the tree: items, classes, layout, imbalance, bad and skipped files.
    QString summaryText() const;

    void showScanProgress(bool scanning, qint64 seen = 0);

signals:
    void itemSelected(std::shared_ptr<const core::Dataset> dataset, const core::DatasetItem& item);
    void datasetChanged(std::shared_ptr<const core::Dataset> dataset);
    void cancelScanRequested();

private:
    void rebuild();
    struct Entry {
        std::shared_ptr<const core::Dataset> dataset;
        QString name;
        std::vector<QString> itemNames;
    };
    std::vector<Entry> datasets_;
    QComboBox* combo_;
    QLineEdit* filter_;
    QTreeWidget* tree_;
    QLabel* summary_;
    QWidget* progressRow_;
    QProgressBar* progress_;
    QLabel* progressLabel_;
};

} // namespace augstudio::ui

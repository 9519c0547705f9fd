#pragma once

#include "core/dataset/dataset.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace augstudio::ui {

struct ScanOutcome {
    std::shared_ptr<const core::Dataset> dataset;
    QString error; // "<path>: <reason>"
    // The tree's name of each item (index-aligned with dataset->items), made on the worker
    // because text rows are previewed from their table.
    std::vector<QString> itemNames;
    bool cancelled = false;
};

// Scans a folder or annotation file on a worker thread with progress and cancel.
class DatasetScanner : public QObject {
    Q_OBJECT
public:
    explicit DatasetScanner(QObject* parent = nullptr);
    ~DatasetScanner() override;

    void scan(const QString& path);
    void cancel();
    // From scan() until `finished` is emitted. (The future alone can be finished before its
    // result is delivered; a new scan() then would drop that result.)
    bool isRunning() const { return busy_; }
    const QString& path() const { return path_; }

signals:
    void progress(qint64 itemsSeen);
    void finished(const QString& path, const augstudio::ui::ScanOutcome& outcome);

private:
    QFutureWatcher<ScanOutcome> watcher_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::shared_ptr<std::atomic<qint64>> seen_;
    QString path_;
    bool busy_ = false;
};

} // namespace augstudio::ui

Q_DECLARE_METATYPE(augstudio::ui::ScanOutcome)

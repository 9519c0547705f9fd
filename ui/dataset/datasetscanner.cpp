#include "ui/dataset/datasetscanner.h"

#include "ui/dataset/itemnames.h"

#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace augstudio::ui {

DatasetScanner::DatasetScanner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ScanOutcome>();
    connect(&watcher_, &QFutureWatcher<ScanOutcome>::finished, this, [this] {
        busy_ = false;
        emit finished(path_, watcher_.result());
    });
    auto* poll = new QTimer(this);
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, this, [this] {
        if (watcher_.isRunning() && seen_)
            emit progress(seen_->load());
    });
    poll->start();
}

DatasetScanner::~DatasetScanner() {
    cancel();
    watcher_.waitForFinished();
}

void DatasetScanner::scan(const QString& path) {
    cancel();
    watcher_.waitForFinished();
    path_ = path;
    busy_ = true;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    seen_ = std::make_shared<std::atomic<qint64>>(0);
    auto cancel = cancel_;
    auto seen = seen_;
    const std::string root = path.toStdString();
    watcher_.setFuture(QtConcurrent::run([root, cancel, seen]() {
        ScanOutcome out;
        try {
            core::ScanOptions options;
            options.progress = [cancel, seen](int64_t done) {
                seen->store(done);
                return !cancel->load();
            };
            out.dataset = std::make_shared<const core::Dataset>(core::scanDataset(root, options));
            out.itemNames = itemDisplayNames(*out.dataset);
        } catch (const std::exception& e) {
            out.cancelled = cancel->load();
            out.error = QString::fromStdString(e.what());
        }
        return out;
    }));
}

void DatasetScanner::cancel() {
    if (cancel_)
        cancel_->store(true);
}

} // namespace augstudio::ui

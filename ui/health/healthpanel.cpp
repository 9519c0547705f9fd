#include "ui/health/healthpanel.h"

#include "core/health/healthcheck.h"
#include "ui/plots/histogramplot.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace augstudio::ui {

namespace {

constexpr int kKeyRole = Qt::UserRole + 1;
constexpr int kDistributionRole = Qt::UserRole + 2;
constexpr int kFindingRole = Qt::UserRole + 3;

QString number(double v) {
    return QString::number(v, 'g', 4);
}

QString itemText(const core::HealthReport::ItemRef& i) {
    QString text = QString::fromStdString(i.key);
    if (!i.split.empty())
        text += QStringLiteral("  [%1]").arg(QString::fromStdString(i.split));
    return text;
}

} // namespace

HealthPanel::HealthPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* controls = new QVBoxLayout;
    check_ = new QPushButton(tr("Check dataset health"), this);
    check_->setObjectName(QStringLiteral("checkHealth"));
    check_->setToolTip(tr("Decode every item: distributions, duplicates, leaks across splits, "
                          "unreadable files, tiny classes"));
    progress_ = new QProgressBar(this);
    progress_->setVisible(false);
    summary_ = new QLabel(tr("Open a dataset, then Check."), this);
    summary_->setWordWrap(true);
    controls->addWidget(check_);
    controls->addWidget(progress_);
    controls->addWidget(summary_, 1);
    layout->addLayout(controls);
    findings_ = new QTreeWidget(this);
    findings_->setObjectName(QStringLiteral("healthFindings"));
    findings_->setHeaderLabels({tr("Finding"), tr("Details")});
    findings_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    plot_ = new HistogramPlot(this);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(findings_);
    split->addWidget(plot_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(check_, &QPushButton::clicked, this, [this] { busy() ? cancel() : check(); });
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &HealthPanel::finished);
    auto open = [this](QTreeWidgetItem* item) {
        if (item && item->data(0, kKeyRole).isValid())
            emit itemActivated(item->data(0, kKeyRole).toString());
    };
    connect(findings_, &QTreeWidget::itemActivated, this, open);
    connect(findings_, &QTreeWidget::itemClicked, this, open);
    connect(findings_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || !report_ || !item->data(0, kDistributionRole).isValid())
            return;
        const auto& d = report_->distributions.at(size_t(item->data(0, kDistributionRole).toInt()));
        plot_->setHistogram(
            d.histogram,
            QString::fromStdString(d.unit.empty() ? d.name : d.name + " (" + d.unit + ")"));
    });
}

HealthPanel::~HealthPanel() {
    cancel();
    watcher_.waitForFinished();
}

void HealthPanel::setDataset(std::shared_ptr<const core::Dataset> dataset) {
    cancel();
    dataset_ = std::move(dataset);
}

void HealthPanel::cancel() {
    if (cancelled_)
        *cancelled_ = true;
}

void HealthPanel::check() {
    if (!dataset_) {
        summary_->setText(tr("Nothing to check: open a dataset first."));
        return;
    }
    cancel();
    watcher_.waitForFinished();
    cancelled_ = std::make_shared<std::atomic<bool>>(false);
    progress_->setRange(0, int(std::max<size_t>(1, dataset_->items.size())));
    progress_->setValue(0);
    progress_->setVisible(true);
    check_->setText(tr("Cancel"));
    core::HealthOptions options;
    QPointer<QProgressBar> bar = progress_;
    auto cancelled = cancelled_;
    options.progress = [bar, cancelled](int64_t done, int64_t) {
        // Every 256 items: the GUI thread is not flooded with updates.
        if (done % 256 == 0)
            QMetaObject::invokeMethod(
                bar,
                [bar, done] {
                    if (bar)
                        bar->setValue(int(done));
                },
                Qt::QueuedConnection);
        return !*cancelled;
    };
    auto dataset = dataset_;
    watcher_.setFuture(QtConcurrent::run([dataset, options]() -> Outcome {
        try {
            return {core::checkDatasetHealth(*dataset, options), {}};
        } catch (const std::exception& e) {
            return {std::nullopt, QString::fromStdString(e.what())};
        }
    }));
}

void HealthPanel::finished() {
    progress_->setVisible(false);
    check_->setText(tr("Check dataset health"));
    const Outcome outcome = watcher_.result();
    if (!outcome.report) {
        summary_->setText(outcome.error);
        emit failed(outcome.error);
        return;
    }
    report_ = outcome.report;
    show(*report_);
    emit checked();
}

QTreeWidgetItem* HealthPanel::findingRow(const QString& finding) const {
    for (int i = 0; i < findings_->topLevelItemCount(); ++i)
        if (findings_->topLevelItem(i)->data(0, kFindingRole).toString() == finding)
            return findings_->topLevelItem(i);
    return nullptr;
}

void HealthPanel::show(const core::HealthReport& r) {
    summary_->setText(tr("%1 items\n%2 exact and %3 near duplicate groups\n%4 leaks across "
                         "splits\n%5 unreadable\n%6 classes under %7 items")
                          .arg(r.items)
                          .arg(r.exactDuplicates.size())
                          .arg(r.nearDuplicates.size())
                          .arg(r.leaks.size())
                          .arg(r.unreadable.size())
                          .arg(r.tinyClasses.size())
                          .arg(r.minClassItems));
    findings_->clear();
    auto top = [this](const QString& finding, const QString& title, size_t count) {
        auto* row = new QTreeWidgetItem(findings_, {title, QString::number(count)});
        row->setData(0, kFindingRole, finding);
        QFont bold = row->font(0);
        bold.setBold(true);
        row->setFont(0, bold);
        return row;
    };
    QTreeWidgetItem* dists =
        top(QStringLiteral("distributions"), tr("Distributions"), r.distributions.size());
    for (size_t d = 0; d < r.distributions.size(); ++d) {
        const auto& dist = r.distributions[d];
        const auto& h = dist.histogram;
        auto* child = new QTreeWidgetItem(
            dists, {QString::fromStdString(dist.name),
                    tr("min %1, median %2, mean %3, max %4 %5")
                        .arg(number(h.min), number(h.median), number(h.mean), number(h.max),
                             QString::fromStdString(dist.unit))});
        child->setData(0, kDistributionRole, int(d));
    }
    dists->setExpanded(true);
    auto groups = [&](const QString& finding, const QString& title,
                      const std::vector<core::HealthReport::DuplicateGroup>& list) {
        QTreeWidgetItem* row = top(finding, title, list.size());
        for (const auto& g : list) {
            QStringList splits;
            for (const auto& s : g.splits)
                splits << QString::fromStdString(s);
            auto* group = new QTreeWidgetItem(
                row, {tr("%1 group of %2").arg(QString::fromStdString(g.kind)).arg(g.items.size()),
                      splits.join(QStringLiteral(", "))});
            for (const auto& i : g.items) {
                auto* leaf =
                    new QTreeWidgetItem(group, {itemText(i), QString::fromStdString(i.label)});
                leaf->setData(0, kKeyRole, QString::fromStdString(i.key));
            }
        }
        row->setExpanded(!list.empty() && list.size() <= 20);
    };
    groups(QStringLiteral("leaks"), tr("Leaks across splits"), r.leaks);
    groups(QStringLiteral("exact"), tr("Exact duplicates"), r.exactDuplicates);
    groups(QStringLiteral("near"), tr("Near duplicates"), r.nearDuplicates);
    QTreeWidgetItem* bad =
        top(QStringLiteral("unreadable"), tr("Unreadable files"), r.unreadable.size());
    for (const auto& b : r.unreadable) {
        auto* leaf = new QTreeWidgetItem(
            bad,
            {QString::fromStdString(b.line > 0 ? b.path + ":" + std::to_string(b.line) : b.path),
             QString::fromStdString(b.reason)});
        leaf->setData(0, kKeyRole, QString::fromStdString(b.path));
    }
    QTreeWidgetItem* tiny =
        top(QStringLiteral("tiny"), tr("Classes under %1 items").arg(r.minClassItems),
            r.tinyClasses.size());
    for (const auto& t : r.tinyClasses)
        new QTreeWidgetItem(tiny, {QString::fromStdString(t.label), QString::number(t.count)});
    tiny->setExpanded(true);
    if (dists->childCount() > 0)
        findings_->setCurrentItem(dists->child(0));
}

} // namespace augstudio::ui

#include "ui/dataset/datasetpanel.h"

#include "ui/dataset/itemnames.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace augstudio::ui {

namespace {
constexpr int kItemIndexRole = Qt::UserRole; // index into dataset->items, -1 for nodes
constexpr int kCountRole = Qt::UserRole + 1; // split/class count
constexpr int kPathRole = Qt::UserRole + 2;  // "split" or "split/class"
constexpr int kMaxItemsPerClass = 2000;      // the filter narrows larger classes
} // namespace

DatasetPanel::DatasetPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    combo_ = new QComboBox(this);
    combo_->setToolTip(tr("Open datasets"));
    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Filter items..."));
    filter_->setClearButtonEnabled(true);
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(2);
    tree_->setHeaderLabels({tr("Item"), tr("Count")});
    // The item column takes the width; the count column is only as wide as its numbers.
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree_->setIndentation(14);
    tree_->setObjectName(QStringLiteral("datasetTree"));
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    progressRow_ = new QWidget(this);
    auto* progressLayout = new QHBoxLayout(progressRow_);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progress_ = new QProgressBar(progressRow_);
    progress_->setRange(0, 0);
    progressLabel_ = new QLabel(progressRow_);
    auto* cancel = new QPushButton(tr("Cancel"), progressRow_);
    progressLayout->addWidget(progress_, 1);
    progressLayout->addWidget(progressLabel_);
    progressLayout->addWidget(cancel);
    progressRow_->hide();
    layout->addWidget(combo_);
    layout->addWidget(filter_);
    layout->addWidget(tree_, 1);
    layout->addWidget(progressRow_);
    layout->addWidget(summary_);

    connect(cancel, &QPushButton::clicked, this, &DatasetPanel::cancelScanRequested);
    connect(combo_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index < 0 || size_t(index) >= datasets_.size())
            return;
        rebuild();
        emit datasetChanged(datasets_[size_t(index)].dataset);
    });
    connect(filter_, &QLineEdit::textChanged, this, [this] { rebuild(); });
    connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        const auto dataset = currentDataset();
        if (!item || !dataset)
            return;
        const int index = item->data(0, kItemIndexRole).toInt();
        if (index >= 0 && size_t(index) < dataset->items.size())
            emit itemSelected(dataset, dataset->items[size_t(index)]);
    });
}

void DatasetPanel::addDataset(std::shared_ptr<const core::Dataset> dataset, const QString& name,
                              std::vector<QString> itemNames, bool makeCurrent) {
    if (itemNames.size() != dataset->items.size()) {
        itemNames.clear(); // names from the keys alone: no file is read on the GUI thread
        for (const auto& item : dataset->items)
            itemNames.push_back(itemDisplayName(item));
    }
    for (size_t i = 0; i < datasets_.size(); ++i) {
        if (datasets_[i].dataset->root == dataset->root) {
            datasets_[i] = {dataset, name, std::move(itemNames)};
            combo_->setItemText(int(i), name);
            if (combo_->currentIndex() == int(i)) {
                rebuild();
                emit datasetChanged(dataset);
            } else if (makeCurrent) {
                combo_->setCurrentIndex(int(i));
            }
            return;
        }
    }
    datasets_.push_back({dataset, name, std::move(itemNames)});
    // The first addItem makes a combo box current by itself; the signal then finds the entry.
    combo_->addItem(name);
    if (makeCurrent)
        combo_->setCurrentIndex(combo_->count() - 1);
}

void DatasetPanel::setCurrentDataset(int index) {
    combo_->setCurrentIndex(index);
}

std::shared_ptr<const core::Dataset> DatasetPanel::currentDataset() const {
    const int i = combo_->currentIndex();
    return i >= 0 && size_t(i) < datasets_.size() ? datasets_[size_t(i)].dataset : nullptr;
}

int DatasetPanel::datasetCount() const {
    return int(datasets_.size());
}

void DatasetPanel::setFilter(const QString& text) {
    filter_->setText(text);
}

void DatasetPanel::showScanProgress(bool scanning, qint64 seen) {
    progressRow_->setVisible(scanning);
    progressLabel_->setText(tr("%1 files").arg(seen));
}

void DatasetPanel::rebuild() {
    const QSignalBlocker block(tree_);
    tree_->clear();
    const auto dataset = currentDataset();
    if (!dataset) {
        summary_->clear();
        return;
    }
    const std::vector<QString>& names = datasets_[size_t(combo_->currentIndex())].itemNames;
    const QString filter = filter_->text().trimmed();
    const auto counts = dataset->counts();
    // Split and class nodes show the dataset's counts; leaves are filtered.
    std::map<std::pair<std::string, std::string>, QTreeWidgetItem*> classNodes;
    std::map<std::string, QTreeWidgetItem*> splitNodes;
    auto nodeFor = [&](const std::string& split, const std::string& label) {
        QTreeWidgetItem*& s = splitNodes[split];
        if (!s) {
            int64_t total = 0;
            if (auto it = counts.find(split); it != counts.end())
                for (const auto& [c, n] : it->second)
                    total += n;
            s = new QTreeWidgetItem(tree_, {QString::fromStdString(split), QString::number(total)});
            s->setData(0, kItemIndexRole, -1);
            s->setData(0, kCountRole, qint64(total));
            s->setData(0, kPathRole, QString::fromStdString(split));
            s->setExpanded(true);
        }
        QTreeWidgetItem*& c = classNodes[{split, label}];
        if (!c) {
            int64_t n = 0;
            if (auto it = counts.find(split); it != counts.end())
                if (auto jt = it->second.find(label); jt != it->second.end())
                    n = jt->second;
            c = new QTreeWidgetItem(
                s, {label.empty() ? tr("(unlabelled)") : QString::fromStdString(label),
                    QString::number(n)});
            c->setData(0, kItemIndexRole, -1);
            c->setData(0, kCountRole, qint64(n));
            c->setData(0, kPathRole, QString::fromStdString(split + "/" + label));
        }
        return c;
    };
    // Every split/class of the counts appears even when the filter hides all its items.
    for (const auto& [split, classes] : counts)
        for (const auto& [label, n] : classes)
            nodeFor(split, label);
    std::map<QTreeWidgetItem*, int> shown;
    for (size_t i = 0; i < dataset->items.size(); ++i) {
        const core::DatasetItem& item = dataset->items[i];
        const QString key = QString::fromStdString(item.key);
        const QString& shownName = names[i];
        // The filter matches the key or the shown name (so the words of a text row too).
        if (!filter.isEmpty() && !key.contains(filter, Qt::CaseInsensitive) &&
            !shownName.contains(filter, Qt::CaseInsensitive))
            continue;
        QTreeWidgetItem* parent = nodeFor(item.split, item.label);
        if (++shown[parent] > kMaxItemsPerClass)
            continue;
        auto* leaf = new QTreeWidgetItem(parent, {shownName});
        leaf->setToolTip(0, shownName == key ? key : key + QLatin1Char('\n') + shownName);
        leaf->setData(0, kItemIndexRole, int(i));
    }
    for (auto& [node, n] : shown) {
        if (n > kMaxItemsPerClass)
            (new QTreeWidgetItem(node,
                                 {tr("... %1 more (use the filter)").arg(n - kMaxItemsPerClass)}))
                ->setData(0, kItemIndexRole, -1);
        if (!filter.isEmpty())
            node->setExpanded(true);
    }
    if (splitNodes.size() == 1 || !filter.isEmpty())
        for (auto& [k, node] : classNodes)
            node->setExpanded(!filter.isEmpty());
    summary_->setText(
        tr("%1 items, %2 classes, %3 layout, imbalance %4:1%5")
            .arg(dataset->items.size())
            .arg(dataset->classes.size())
            .arg(QString::fromLatin1(core::layoutName(dataset->layout)))
            .arg(dataset->imbalanceRatio(), 0, 'f', 1)
            .arg((dataset->bad.empty() ? QString()
                                       : tr(", %1 bad files skipped").arg(dataset->bad.size())) +
                 (dataset->skipped.empty() ? QString()
                  : dataset->skipped.size() == 1
                      ? tr(", 1 other file skipped")
                      : tr(", %1 other files skipped").arg(dataset->skipped.size()))));
}

void DatasetPanel::selectFirstItem() {
    QTreeWidgetItemIterator it(tree_);
    while (*it) {
        if ((*it)->data(0, kItemIndexRole).toInt() >= 0 &&
            !(*it)->text(0).startsWith(QLatin1String("..."))) {
            tree_->setCurrentItem(*it);
            return;
        }
        ++it;
    }
}

bool DatasetPanel::selectItem(const std::string& key) {
    const auto dataset = currentDataset();
    if (!dataset)
        return false;
    QTreeWidgetItemIterator it(tree_);
    while (*it) {
        const int index = (*it)->data(0, kItemIndexRole).toInt();
        if (index >= 0 && (*it)->data(0, kPathRole).isNull() &&
            dataset->items[size_t(index)].key == key) {
            tree_->setCurrentItem(*it);
            return true;
        }
        ++it;
    }
    return false;
}

QString DatasetPanel::summaryText() const {
    return summary_->text();
}

qint64 DatasetPanel::shownCount(const QString& split, const QString& label) const {
    const QString path = label.isNull() ? split : split + QLatin1Char('/') + label;
    QTreeWidgetItemIterator it(tree_);
    while (*it) {
        if ((*it)->data(0, kPathRole).toString() == path)
            return (*it)->text(1).toLongLong();
        ++it;
    }
    return -1;
}

} // namespace augstudio::ui

#include "ui/pipeline/catalogdialog.h"

#include "core/catalog/builtin.h"
#include "core/pipeline/registry.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace augstudio::ui {

CatalogDialog::CatalogDialog(core::Modality modality, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Add a %1 step").arg(QString::fromLatin1(core::modalityName(modality))));
    resize(520, 560);
    auto* layout = new QVBoxLayout(this);
    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Search transforms (name, kind, parameter)..."));
    filter_->setClearButtonEnabled(true);
    list_ = new QTreeWidget(this);
    list_->setColumnCount(2);
    list_->setHeaderLabels({tr("Transform"), tr("What it does")});
    list_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    details_ = new QLabel(this);
    details_->setWordWrap(true);
    details_->setMinimumHeight(48);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    layout->addWidget(filter_);
    layout->addWidget(list_, 1);
    layout->addWidget(details_);
    layout->addWidget(buttons);

    std::map<std::string, QTreeWidgetItem*> kinds;
    for (const core::TransformInfo* info : core::builtinRegistry().list(modality)) {
        QTreeWidgetItem*& group = kinds[info->kind];
        if (!group) {
            group = new QTreeWidgetItem(list_, {QString::fromStdString(info->kind)});
            group->setFlags(Qt::ItemIsEnabled);
            group->setExpanded(true);
        }
        auto* item = new QTreeWidgetItem(
            group, {QString::fromStdString(info->id), QString::fromStdString(info->summary)});
        QStringList params;
        for (const auto& p : info->params)
            params << QString::fromStdString(p.name);
        item->setData(0, Qt::UserRole, QString::fromStdString(info->id));
        item->setData(1, Qt::UserRole, params.join(QLatin1Char(' ')));
        item->setToolTip(1, QString::fromStdString(info->summary));
    }
    connect(filter_, &QLineEdit::textChanged, this, &CatalogDialog::applyFilter);
    connect(list_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || item->data(0, Qt::UserRole).isNull()) {
            details_->clear();
            return;
        }
        details_->setText(tr("<b>%1</b>: %2<br>parameters: %3")
                              .arg(item->text(0), item->text(1).toHtmlEscaped(),
                                   item->data(1, Qt::UserRole).toString()));
    });
    connect(list_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (!item->data(0, Qt::UserRole).isNull())
            accept();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!selectedId().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    filter_->setFocus();
}

QString CatalogDialog::selectedId() const {
    const QTreeWidgetItem* item = list_->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void CatalogDialog::setFilter(const QString& text) {
    filter_->setText(text);
}

int CatalogDialog::visibleCount() const {
    int n = 0;
    for (int g = 0; g < list_->topLevelItemCount(); ++g)
        for (int i = 0; i < list_->topLevelItem(g)->childCount(); ++i)
            n += list_->topLevelItem(g)->child(i)->isHidden() ? 0 : 1;
    return n;
}

void CatalogDialog::applyFilter(const QString& text) {
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QTreeWidgetItem* first = nullptr;
    for (int g = 0; g < list_->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = list_->topLevelItem(g);
        int shown = 0;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem* item = group->child(i);
            const QString hay = group->text(0) + QLatin1Char(' ') + item->text(0) +
                                QLatin1Char(' ') + item->text(1) + QLatin1Char(' ') +
                                item->data(1, Qt::UserRole).toString();
            bool match = true;
            for (const QString& w : words)
                match = match && hay.contains(w, Qt::CaseInsensitive);
            item->setHidden(!match);
            if (match) {
                ++shown;
                if (!first)
                    first = item;
            }
        }
        group->setHidden(shown == 0);
    }
    if (first)
        list_->setCurrentItem(first);
}

} // namespace augstudio::ui

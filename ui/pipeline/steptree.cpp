#include "ui/pipeline/steptree.h"

#include <QDropEvent>

namespace augstudio::ui {

StepTree::StepTree(QWidget* parent) : QTreeWidget(parent) {
    setDragDropMode(QAbstractItemView::InternalMove);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setDefaultDropAction(Qt::MoveAction);
    setDropIndicatorShown(true);
}

void StepTree::dropEvent(QDropEvent* event) {
    QTreeWidgetItem* dragged = currentItem();
    QTreeWidgetItem* target = itemAt(event->position().toPoint());
    event->setDropAction(Qt::IgnoreAction);
    event->accept();
    if (!dragged)
        return;
    const QString step = dragged->data(0, kPointerRole).toString();
    QString toArray = QStringLiteral("/steps");
    int index = topLevelItemCount();
    if (target) {
        const QString targetPointer = target->data(0, kPointerRole).toString();
        const QString groupKey = target->data(0, kGroupRole).toString();
        const int slash = targetPointer.lastIndexOf(QLatin1Char('/'));
        const QString parentArray = targetPointer.left(slash);
        const int targetIndex = targetPointer.mid(slash + 1).toInt();
        switch (dropIndicatorPosition()) {
        case QAbstractItemView::AboveItem:
            toArray = parentArray;
            index = targetIndex;
            break;
        case QAbstractItemView::BelowItem:
            toArray = parentArray;
            index = targetIndex + 1;
            break;
        case QAbstractItemView::OnItem:
            if (!groupKey.isEmpty()) { // into a group, at its end
                toArray = targetPointer + QLatin1Char('/') + groupKey;
                index = target->childCount();
            } else {
                toArray = parentArray;
                index = targetIndex + 1;
            }
            break;
        case QAbstractItemView::OnViewport:
            break;
        }
    }
    emit moveRequested(step, toArray, index);
}

} // namespace augstudio::ui

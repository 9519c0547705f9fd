#pragma once

#include <QTreeWidget>

#include <nlohmann/json.hpp>

namespace augstudio::ui {

// The steps list: a tree (groups hold their children) that reports drag-and-drop moves as
// (step pointer, destination array pointer, index) instead of moving its own items; the
// pipeline model does the move and the tree is rebuilt from the document.
class StepTree : public QTreeWidget {
    Q_OBJECT
public:
    explicit StepTree(QWidget* parent = nullptr);
    static constexpr int kPointerRole = Qt::UserRole;
    static constexpr int kGroupRole = Qt::UserRole + 1;

signals:
    void moveRequested(const QString& step, const QString& toArray, int index);

protected:
    void dropEvent(QDropEvent* event) override;
};

} // namespace augstudio::ui

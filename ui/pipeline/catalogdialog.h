#pragma once

#include "core/sample/sample.h"

#include <QDialog>

class QLineEdit;
class QTreeWidget;
class QLabel;

namespace augstudio::ui {

// The searchable catalog of one modality's transforms, grouped by kind; the filter matches
// ids, kinds, summaries and parameter names.
class CatalogDialog : public QDialog {
    Q_OBJECT
public:
    explicit CatalogDialog(core::Modality modality, QWidget* parent = nullptr);
    QString selectedId() const;
    void setFilter(const QString& text);
    int visibleCount() const;

private:
    void applyFilter(const QString& text);
    QLineEdit* filter_;
    QTreeWidget* list_;
    QLabel* details_;
};

} // namespace augstudio::ui

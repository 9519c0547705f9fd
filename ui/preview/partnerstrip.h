#pragma once

#include "ui/preview/previewscheduler.h"

#include <QStringList>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace augstudio::ui {

// Under the preview of a multi-sample step: each partner the draw mixed in as a thumbnail
// with its key and weight, then the output's soft label ("cat 0.68, dog 0.32"). Hidden when
// no step mixed. The thumbnails come painted from the render worker.
class PartnerStrip : public QWidget {
    Q_OBJECT
public:
    explicit PartnerStrip(QWidget* parent = nullptr);
    void showPartners(const PreviewResult& result);

    // What is shown, for tests: one entry per thumbnail.
    int thumbnailCount() const { return int(keys_.size()); }
    const QStringList& keys() const { return keys_; }
    const std::vector<double>& weights() const { return weights_; }
    QString softLabelText() const;
    // "cat 0.68, dog 0.32": a soft label for people.
    static QString describeSoftLabel(const core::SoftLabel& label);

private:
    QHBoxLayout* cells_;
    QLabel* softLabel_;
    QStringList keys_;
    std::vector<double> weights_;
};

} // namespace augstudio::ui

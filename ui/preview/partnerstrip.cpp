#include "ui/preview/partnerstrip.h"

#include "ui/preview/drawnvalues.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace augstudio::ui {

PartnerStrip::PartnerStrip(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("partnerStrip"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    auto* title = new QLabel(tr("Partners"), this);
    title->setToolTip(tr("The items this draw mixed in (re-roll draws others), with their "
                         "keys and soft-label weights"));
    layout->addWidget(title);
    auto* scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* inner = new QWidget(scroll);
    cells_ = new QHBoxLayout(inner);
    cells_->setContentsMargins(0, 0, 0, 0);
    cells_->addStretch(1);
    scroll->setWidget(inner);
    scroll->setFixedHeight(130);
    layout->addWidget(scroll, 1);
    softLabel_ = new QLabel(this);
    softLabel_->setObjectName(QStringLiteral("softLabel"));
    softLabel_->setWordWrap(true);
    softLabel_->setMaximumWidth(260);
    softLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(softLabel_);
    hide();
}

QString PartnerStrip::describeSoftLabel(const core::SoftLabel& label) {
    QStringList parts;
    for (const auto& [cls, weight] : label)
        parts << QStringLiteral("%1 %2")
                     .arg(cls.empty() ? tr("(no class)") : QString::fromStdString(cls))
                     .arg(weight, 0, 'f', 3);
    return parts.join(QStringLiteral(", "));
}

QString PartnerStrip::softLabelText() const {
    return softLabel_->text();
}

void PartnerStrip::showPartners(const PreviewResult& result) {
    while (cells_->count() > 1) { // the stretch stays last
        QLayoutItem* item = cells_->takeAt(0);
        delete item->widget();
        delete item;
    }
    keys_.clear();
    weights_.clear();
    setVisible(!result.partners.empty());
    if (result.partners.empty()) {
        softLabel_->clear();
        return;
    }
    QWidget* inner = cells_->parentWidget();
    int at = 0;
    for (const PreviewPartner& p : result.partners) {
        auto* cell = new QWidget(inner);
        auto* column = new QVBoxLayout(cell);
        column->setContentsMargins(2, 0, 2, 0);
        column->setSpacing(1);
        auto* picture = new QLabel(cell);
        picture->setAlignment(Qt::AlignCenter);
        picture->setFixedSize(100, 76);
        picture->setStyleSheet(QStringLiteral("background: #282828; color: #ccc;"));
        if (p.thumbnail.isNull())
            picture->setText(tr("not found"));
        else
            picture->setPixmap(QPixmap::fromImage(p.thumbnail));
        const QString key = QString::fromStdString(p.key);
        auto* caption = new QLabel(cell);
        caption->setAlignment(Qt::AlignCenter);
        caption->setText(
            QStringLiteral("%1\n%2 %3")
                .arg(fontMetrics().elidedText(key, Qt::ElideMiddle, 110),
                     p.label.empty() ? QString() : QString::fromStdString(p.label) + u',',
                     tr("w %1").arg(p.weight, 0, 'f', 3)));
        cell->setToolTip(tr("%1: %2 (class %3), weight %4")
                             .arg(shortTransformName(p.step), key, QString::fromStdString(p.label))
                             .arg(p.weight));
        column->addWidget(picture);
        column->addWidget(caption);
        cells_->insertWidget(at++, cell);
        keys_ << key;
        weights_.push_back(p.weight);
    }
    softLabel_->setText(tr("soft label: %1").arg(describeSoftLabel(result.softLabel)));
}

} // namespace augstudio::ui

#include "ui/preview/textpreview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace augstudio::ui {

TextPreview::TextPreview(QWidget* parent) : SampleView(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    info_ = new QLabel(this);
    layout->addWidget(info_);
    auto* row = new QHBoxLayout;
    for (int i = 0; i < 2; ++i) {
        auto* column = new QVBoxLayout;
        column->addWidget(new QLabel(i == 0 ? tr("Original") : tr("Augmented"), this));
        sides_[i] = new QTextBrowser(this);
        QFont f = sides_[i]->font();
        f.setPointSizeF(f.pointSizeF() * 1.25);
        sides_[i]->setFont(f);
        column->addWidget(sides_[i], 1);
        row->addLayout(column, 1);
    }
    layout->addLayout(row, 1);
}

void TextPreview::clearView() {
    for (auto* s : sides_)
        s->clear();
    info_->clear();
    diff_ = {};
}

QString TextPreview::augmentedText() const {
    return sides_[1]->toPlainText();
}

void TextPreview::showResult(const PreviewResult& result) {
    const auto* o =
        result.original ? std::get_if<core::TextSample>(result.original.get()) : nullptr;
    const auto* a =
        result.augmented ? std::get_if<core::TextSample>(result.augmented.get()) : nullptr;
    if (!o)
        return;
    diff_ = diffWords(QString::fromStdString(o->text),
                      a ? QString::fromStdString(a->text) : QString::fromStdString(o->text));
    sides_[0]->setHtml(highlightedHtml(diff_.before, diff_.removed, QStringLiteral("#f6c5c5")));
    sides_[1]->setHtml(highlightedHtml(diff_.after, diff_.added, QStringLiteral("#bfe8bf")));
    const auto removed = std::count(diff_.removed.begin(), diff_.removed.end(), true);
    const auto added = std::count(diff_.added.begin(), diff_.added.end(), true);
    info_->setText(tr("label: %1   %2 words %3 %4 words: %5 removed, %6 added")
                       .arg(QString::fromStdString(o->label))
                       .arg(diff_.before.size())
                       .arg(QChar(0x2192))
                       .arg(diff_.after.size())
                       .arg(removed)
                       .arg(added));
}

} // namespace augstudio::ui

#pragma once

#include "ui/preview/sampleview.h"
#include "ui/preview/worddiff.h"

class QTextBrowser;
class QLabel;

namespace augstudio::ui {

// The two texts side by side; words removed from the original are highlighted red on the
// left, new or changed words green on the right.
class TextPreview : public SampleView {
    Q_OBJECT
public:
    explicit TextPreview(QWidget* parent = nullptr);
    void showResult(const PreviewResult& result) override;
    void clearView() override;
    const WordDiff& diff() const { return diff_; }
    QString augmentedText() const;

private:
    QTextBrowser* sides_[2];
    QLabel* info_;
    WordDiff diff_;
};

} // namespace augstudio::ui

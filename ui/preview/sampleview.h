#pragma once

#include "ui/preview/previewscheduler.h"

#include <QWidget>

namespace augstudio::ui {

// One modality's side-by-side view of a preview result.
class SampleView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    virtual void showResult(const PreviewResult& result) = 0;
    virtual void clearView() = 0;
    // How many variant draws the view wants rendered besides the main one.
    virtual int variantsWanted() const { return 0; }
    // The viewport pictures are built for (PreviewRequest::viewport): empty for full size.
    virtual QSize renderViewport() const { return {}; }
    virtual QSize variantCell() const { return {}; }

signals:
    void variantsWantedChanged();
    // renderViewport() changed (the user zoomed): render again at the new size.
    void renderSizeChanged();
};

} // namespace augstudio::ui

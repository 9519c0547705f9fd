#pragma once

#include "ui/preview/sampleview.h"

class QCustomPlot;
class QComboBox;
class QLabel;

namespace augstudio::ui {

// Time series: every channel plotted, original and augmented either overlaid in one plot
// (original thin and pale, augmented solid) or stacked in two plots with linked zoom on the
// time axis (wheel zooms, drag pans).
class SeriesPreview : public SampleView {
    Q_OBJECT
public:
    explicit SeriesPreview(QWidget* parent = nullptr);
    void showResult(const PreviewResult& result) override;
    void clearView() override;
    void setStacked(bool stacked);
    QCustomPlot* plot(int index) const { return plots_[index]; }

private:
    void redraw();
    void setRange(double lo, double hi);
    QCustomPlot* plots_[2];
    QComboBox* mode_;
    QLabel* info_;
    std::shared_ptr<const core::Sample> original_, augmented_;
    bool linking_ = false;
    int lastSteps_ = -1;
};

} // namespace augstudio::ui

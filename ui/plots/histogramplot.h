#pragma once

#include "core/util/histogram.h"

#include <QWidget>

class QCustomPlot;
class QCPBars;

namespace augstudio::ui {

// One core::Histogram as bars (one bar per bin, at the bin's centre), with a title.
class HistogramPlot : public QWidget {
    Q_OBJECT
public:
    explicit HistogramPlot(QWidget* parent = nullptr);

    void setHistogram(const core::Histogram& histogram, const QString& title);
    void clear();
    // Bar heights in bin order (what the tests compare with core's counts).
    std::vector<double> barHeights() const;
    QCustomPlot* plot() const { return plot_; }

private:
    QCustomPlot* plot_;
    QCPBars* bars_;
};

} // namespace augstudio::ui

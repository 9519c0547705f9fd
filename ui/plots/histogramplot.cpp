#include "ui/plots/histogramplot.h"

#include <QVBoxLayout>

#include <qcustomplot.h>

namespace augstudio::ui {

HistogramPlot::HistogramPlot(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    plot_->setMinimumHeight(120);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, QString(), QFont()));
    bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    bars_->setBrush(QColor(70, 130, 180, 190));
    bars_->setPen(QPen(QColor(40, 80, 120)));
    plot_->yAxis->setLabel(tr("count"));
    // The docks give a plot little width: about two x steps keep their labels apart.
    plot_->xAxis->ticker()->setTickCount(2);
    plot_->yAxis->ticker()->setTickCount(4);
    layout->addWidget(plot_);
}

void HistogramPlot::clear() {
    bars_->data()->clear();
    if (auto* title = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)))
        title->setText(QString());
    plot_->replot();
}

void HistogramPlot::setHistogram(const core::Histogram& histogram, const QString& title) {
    QVector<double> keys, values;
    double width = 1;
    for (const auto& b : histogram.bins) {
        keys.push_back((b.lo + b.hi) / 2);
        values.push_back(double(b.count));
        width = b.hi > b.lo ? b.hi - b.lo : std::max(1e-9, std::abs(b.lo) * 0.05 + 0.5);
    }
    bars_->setWidth(width);
    bars_->setData(keys, values, true);
    if (auto* t = qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)))
        t->setText(title);
    const double pad = width;
    plot_->xAxis->setRange(histogram.min - pad, histogram.max + pad);
    double top = 1;
    for (double v : values)
        top = std::max(top, v);
    plot_->yAxis->setRange(0, top * 1.1);
    plot_->replot();
}

std::vector<double> HistogramPlot::barHeights() const {
    std::vector<double> out;
    for (auto it = bars_->data()->constBegin(); it != bars_->data()->constEnd(); ++it)
        out.push_back(it->value);
    return out;
}

} // namespace augstudio::ui

#include "ui/preview/seriespreview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

namespace augstudio::ui {

namespace {

QColor channelColour(int c) {
    return QColor::fromHsv((c * 97 + 210) % 360, 200, 200);
}

void plotSeries(QCustomPlot* plot, const core::SeriesSample& s, bool pale, const QString& tag) {
    for (int c = 0; c < s.channelCount(); ++c) {
        QVector<double> t, v;
        t.reserve(s.steps());
        v.reserve(s.steps());
        for (int r = 0; r < s.steps(); ++r) {
            t.push_back(size_t(r) < s.timestamps.size() ? s.timestamps[size_t(r)] : double(r));
            v.push_back(s.values.at<double>(r, c)); // NaN leaves a gap
        }
        QCPGraph* g = plot->addGraph();
        g->setData(t, v, true);
        QColor colour = channelColour(c);
        if (pale)
            colour.setAlpha(90);
        g->setPen(QPen(colour, pale ? 1.0 : 1.6, pale ? Qt::DashLine : Qt::SolidLine));
        const QString channel = size_t(c) < s.channelNames.size()
                                    ? QString::fromStdString(s.channelNames[size_t(c)])
                                    : QStringLiteral("ch%1").arg(c);
        g->setName(tag.isEmpty() ? channel : channel + QLatin1Char(' ') + tag);
    }
}

} // namespace

SeriesPreview::SeriesPreview(QWidget* parent) : SampleView(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    info_ = new QLabel(this);
    mode_ = new QComboBox(this);
    mode_->addItems({tr("Overlay"), tr("Stacked")});
    mode_->setToolTip(tr("Original and augmented in one plot, or one above the other"));
    bar->addWidget(info_, 1);
    bar->addWidget(mode_);
    layout->addLayout(bar);
    for (int i = 0; i < 2; ++i) {
        plots_[i] = new QCustomPlot(this);
        plots_[i]->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        plots_[i]->axisRect()->setRangeDrag(Qt::Horizontal);
        plots_[i]->axisRect()->setRangeZoom(Qt::Horizontal);
        // The legend in a row above the axis rect, never over the curves.
        QCustomPlot* p = plots_[i];
        p->legend->setVisible(true);
        p->legend->setFont(QFont(font().family(), 8));
        p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        p->legend->setWrap(6);
        p->legend->setBorderPen(Qt::NoPen);
        p->axisRect()->insetLayout()->take(p->legend);
        p->plotLayout()->insertRow(0);
        p->plotLayout()->addElement(0, 0, p->legend);
        p->plotLayout()->setRowStretchFactors({0.001, 1});
        p->plotLayout()->setRowSpacing(0);
        plots_[i]->xAxis->setLabel(tr("time step"));
        connect(plots_[i]->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                [this](const QCPRange& r) { setRange(r.lower, r.upper); });
        layout->addWidget(plots_[i], 1);
    }
    plots_[1]->hide();
    connect(mode_, &QComboBox::currentIndexChanged, this, [this](int index) {
        plots_[1]->setVisible(index == 1);
        redraw();
    });
}

void SeriesPreview::setStacked(bool stacked) {
    mode_->setCurrentIndex(stacked ? 1 : 0);
}

void SeriesPreview::setRange(double lo, double hi) {
    if (linking_)
        return;
    linking_ = true;
    for (auto* p : plots_)
        if (p->xAxis->range().lower != lo || p->xAxis->range().upper != hi) {
            p->xAxis->setRange(lo, hi);
            p->replot(QCustomPlot::rpQueuedReplot);
        }
    linking_ = false;
}

void SeriesPreview::clearView() {
    original_.reset();
    augmented_.reset();
    redraw();
}

void SeriesPreview::showResult(const PreviewResult& result) {
    original_ = result.original;
    augmented_ = result.augmented;
    redraw();
}

void SeriesPreview::redraw() {
    const QCPRange keep = plots_[0]->xAxis->range();
    for (auto* p : plots_)
        p->clearGraphs();
    const auto* o = original_ ? std::get_if<core::SeriesSample>(original_.get()) : nullptr;
    const auto* a = augmented_ ? std::get_if<core::SeriesSample>(augmented_.get()) : nullptr;
    const bool stacked = mode_->currentIndex() == 1;
    if (o)
        plotSeries(plots_[0], *o, !stacked, stacked ? QString() : tr("original"));
    if (a)
        plotSeries(stacked ? plots_[1] : plots_[0], *a, false,
                   stacked ? QString() : tr("augmented"));
    plots_[0]->xAxis->setLabel(stacked ? tr("original: time step") : tr("time step"));
    plots_[1]->xAxis->setLabel(tr("augmented: time step"));
    const int steps = o ? o->steps() : 0;
    for (auto* p : plots_) {
        p->rescaleAxes();
        p->yAxis->scaleRange(1.1);
    }
    linking_ = true;
    if (steps == lastSteps_ && steps > 0)
        for (auto* p : plots_)
            p->xAxis->setRange(keep); // keep the user's zoom while tuning
    else if (steps > 0)
        for (auto* p : plots_)
            p->xAxis->setRange(0, std::max(1, steps - 1));
    linking_ = false;
    lastSteps_ = steps;
    if (o)
        info_->setText(tr("%1 steps x %2 channels%3")
                           .arg(o->steps())
                           .arg(o->channelCount())
                           .arg(a && a->steps() != o->steps()
                                    ? tr(" (augmented: %1 steps)").arg(a->steps())
                                    : QString()));
    for (auto* p : plots_)
        p->replot();
}

} // namespace augstudio::ui

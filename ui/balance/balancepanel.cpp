#include "ui/balance/balancepanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <set>

#include <qcustomplot.h>

namespace augstudio::ui {

BalancePanel::BalancePanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    plot_ = new QCustomPlot(this);
    plot_->setMinimumHeight(140);
    // The legend sits in its own column right of the axis rect, never over the bars.
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(font().family(), 8));
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    auto* legendColumn = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(0, 1, legendColumn);
    legendColumn->addElement(0, 0, plot_->legend);
    legendColumn->addElement(1, 0, new QCPLayoutElement(plot_)); // pushes the legend up
    legendColumn->setRowStretchFactors({0.01, 1});
    legendColumn->setMargins(QMargins(0, 8, 4, 0));
    plot_->plotLayout()->setColumnStretchFactors({1, 0.01});
    layout->addWidget(plot_, 1);
    auto* side = new QVBoxLayout;
    ratio_ = new QLabel(this);
    ratio_->setWordWrap(true);
    ratio_->setObjectName(QStringLiteral("imbalance"));
    mode_ = new QComboBox(this);
    mode_->addItems({tr("Plan: k copies"), tr("Plan: balance classes")});
    mode_->setObjectName(QStringLiteral("planMode"));
    copies_ = new QSpinBox(this);
    copies_->setRange(1, 100);
    copies_->setPrefix(tr("k = "));
    copies_->setObjectName(QStringLiteral("planCopies"));
    copies_->setToolTip(tr("Augmented copies of each item of the augmented splits"));
    target_ = new QSpinBox(this);
    target_->setRange(0, 100000000);
    target_->setPrefix(tr("target per class: "));
    target_->setSpecialValueText(tr("target per class: largest"));
    target_->setObjectName(QStringLiteral("planTarget"));
    target_->setToolTip(tr("Items per class after export (0: as many as the largest class)"));
    originals_ = new QCheckBox(tr("include originals"), this);
    originals_->setObjectName(QStringLiteral("planOriginals"));
    side->addWidget(ratio_);
    side->addWidget(mode_);
    side->addWidget(copies_);
    side->addWidget(target_);
    side->addWidget(originals_);
    side->addStretch();
    layout->addLayout(side);
    auto changed = [this] {
        plan_.options.mode = mode_->currentIndex() == 0 ? core::ExportOptions::Mode::Copies
                                                        : core::ExportOptions::Mode::Balance;
        plan_.options.copies = copies_->value();
        plan_.options.target = target_->value();
        plan_.options.includeOriginals = originals_->isChecked();
        updateEnabled();
        redraw();
        emit planChanged(plan_);
    };
    connect(mode_, &QComboBox::currentIndexChanged, this, changed);
    connect(copies_, &QSpinBox::valueChanged, this, changed);
    connect(target_, &QSpinBox::valueChanged, this, changed);
    connect(originals_, &QCheckBox::toggled, this, changed);
    updateEnabled();
}

void BalancePanel::updateEnabled() {
    const bool copies = plan_.options.mode == core::ExportOptions::Mode::Copies;
    copies_->setEnabled(copies);
    target_->setEnabled(!copies);
    // core's balancing always keeps the originals; the box matters for copies only.
    originals_->setEnabled(copies);
    originals_->setToolTip(copies ? tr("Write the originals beside the augmented copies")
                                  : tr("Balancing always keeps the originals"));
}

void BalancePanel::setDataset(std::shared_ptr<const core::Dataset> dataset) {
    dataset_ = std::move(dataset);
    redraw();
}

void BalancePanel::setPlan(const BalancePlan& plan) {
    plan_ = plan;
    const QSignalBlocker b1(mode_), b2(copies_), b3(target_), b4(originals_);
    const bool copies = plan.options.mode == core::ExportOptions::Mode::Copies;
    mode_->setCurrentIndex(copies ? 0 : 1);
    copies_->setValue(plan.options.copies);
    target_->setValue(int(std::min<int64_t>(plan.options.target, target_->maximum())));
    originals_->setChecked(plan.options.includeOriginals);
    updateEnabled();
    redraw();
}

std::map<std::string, double> BalancePanel::currentBars() const {
    std::map<std::string, double> out;
    for (QCPBars* bars : currentBars_)
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
            out[classes_.at(size_t(std::lround(it->key - 0.2)))] += it->value;
    return out;
}

std::map<std::string, double> BalancePanel::plannedBars() const {
    std::map<std::string, double> out;
    if (plannedBars_)
        for (auto it = plannedBars_->data()->constBegin(); it != plannedBars_->data()->constEnd();
             ++it)
            out[classes_.at(size_t(std::lround(it->key + 0.2)))] += it->value;
    return out;
}

QString BalancePanel::ratioText() const {
    return ratio_->text();
}

void BalancePanel::redraw() {
    plot_->clearPlottables();
    currentBars_.clear();
    plannedBars_ = nullptr;
    classes_.clear();
    if (!dataset_) {
        ratio_->clear();
        plot_->replot();
        return;
    }
    const auto counts = dataset_->counts();
    BalancePlan::Counts planned;
    try {
        planned = plan_.planned(*dataset_);
    } catch (const std::exception&) {
        planned = counts; // a plan core refuses: show the counts unchanged
    }
    std::set<std::string> classSet;
    for (const auto& [split, classes] : counts)
        for (const auto& [c, n] : classes)
            classSet.insert(c);
    classes_.assign(classSet.begin(), classSet.end());
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t i = 0; i < classes_.size(); ++i)
        ticker->addTick(double(i),
                        classes_[i].empty() ? tr("(none)") : QString::fromStdString(classes_[i]));
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setRange(-0.7, double(classes_.size()) - 0.3);
    // Current counts: one bar per class, stacked by split (left of the tick).
    QCPBars* below = nullptr;
    int s = 0;
    double top = 1;
    std::map<std::string, double> stacked;
    for (const auto& [split, classes] : counts) {
        auto* bars = new QCPBars(plot_->xAxis, plot_->yAxis);
        bars->setName(tr("%1 (now)").arg(QString::fromStdString(split)));
        bars->setWidth(0.38);
        const QColor colour = QColor::fromHsv((210 + 40 * s++) % 360, 160, 210);
        bars->setBrush(colour);
        bars->setPen(QPen(colour.darker(130)));
        for (size_t i = 0; i < classes_.size(); ++i) {
            const auto it = classes.find(classes_[i]);
            const double n = it == classes.end() ? 0.0 : double(it->second);
            bars->addData(double(i) - 0.2, n);
            stacked[classes_[i]] += n;
            top = std::max(top, stacked[classes_[i]]);
        }
        if (below)
            bars->moveAbove(below);
        below = bars;
        currentBars_.push_back(bars);
    }
    plannedBars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    plannedBars_->setName(tr("after export (plan)"));
    plannedBars_->setWidth(0.38);
    plannedBars_->setBrush(QColor(240, 160, 60, 170));
    plannedBars_->setPen(QPen(QColor(180, 100, 20)));
    std::map<std::string, double> plannedTotal;
    for (const auto& [split, classes] : planned)
        for (const auto& [c, n] : classes)
            plannedTotal[c] += double(n);
    for (size_t i = 0; i < classes_.size(); ++i) {
        plannedBars_->addData(double(i) + 0.2, plannedTotal[classes_[i]]);
        top = std::max(top, plannedTotal[classes_[i]]);
    }
    plot_->yAxis->setRange(0, top * 1.15);
    plot_->yAxis->setLabel(tr("items"));
    ratio_->setText(tr("Imbalance (largest / smallest)\nnow %1:1, after export %2:1")
                        .arg(imbalanceOf(counts), 0, 'f', 2)
                        .arg(imbalanceOf(planned), 0, 'f', 2));
    plot_->replot();
}

} // namespace augstudio::ui

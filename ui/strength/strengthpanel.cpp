#include "ui/strength/strengthpanel.h"

#include "core/catalog/builtin.h"
#include "core/dataset/datasetruncontext.h"
#include "core/strength/similarity.h"
#include "core/strength/strengthmeasure.h"
#include "ui/plots/histogramplot.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace augstudio::ui {

namespace {

constexpr int kCopyRole = Qt::UserRole + 1;
constexpr int kStepRole = Qt::UserRole + 2;
constexpr int kParameterRole = Qt::UserRole + 3;

QString number(double v) {
    return QString::number(v, 'g', 4);
}

} // namespace

StrengthPanel::StrengthPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* controls = new QVBoxLayout;
    measure_ = new QPushButton(tr("Measure strength"), this);
    measure_->setObjectName(QStringLiteral("measureStrength"));
    measure_->setToolTip(tr("Draw K augmentations of the previewed item and compare each with "
                            "the original"));
    samples_ = new QSpinBox(this);
    samples_->setRange(1, 10000);
    samples_->setValue(64);
    samples_->setPrefix(tr("K = "));
    samples_->setToolTip(tr("Draws: the export's copies 0 .. K-1 of the item"));
    minSimilarity_ = new QDoubleSpinBox(this);
    minSimilarity_->setRange(-100, 100);
    minSimilarity_->setDecimals(3);
    minSimilarity_->setSingleStep(0.05);
    minSimilarity_->setValue(core::defaultMinSimilarity(core::Modality::Image));
    minSimilarity_->setPrefix(tr("too strong below "));
    progress_ = new QProgressBar(this);
    progress_->setVisible(false);
    summary_ = new QLabel(tr("Select an item, then Measure."), this);
    summary_->setWordWrap(true);
    summary_->setObjectName(QStringLiteral("strengthSummary"));
    controls->addWidget(measure_);
    controls->addWidget(samples_);
    controls->addWidget(minSimilarity_);
    controls->addWidget(progress_);
    controls->addWidget(summary_, 1);
    layout->addLayout(controls);

    similarity_ = new HistogramPlot(this);
    parameter_ = new HistogramPlot(this);
    steps_ = new QTreeWidget(this);
    steps_->setHeaderLabels({tr("Step / drawn value"), tr("Applied / range")});
    steps_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    flagged_ = new QListWidget(this);
    flagged_->setObjectName(QStringLiteral("flaggedDraws"));
    flagged_->setToolTip(tr("Double-click (or Enter) opens the draw in the preview"));
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(similarity_);
    split->addWidget(steps_);
    split->addWidget(parameter_);
    split->addWidget(flagged_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 2);
    split->setStretchFactor(3, 1);
    layout->addWidget(split, 1);

    connect(measure_, &QPushButton::clicked, this, [this] { busy() ? cancel() : measure(); });
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &StrengthPanel::finished);
    auto open = [this](QListWidgetItem* item) {
        if (item)
            emit drawActivated(item->data(kCopyRole).toULongLong());
    };
    connect(flagged_, &QListWidget::itemActivated, this, open);
    connect(flagged_, &QListWidget::itemClicked, this, open);
    connect(steps_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || !report_ || !item->data(0, kParameterRole).isValid())
            return;
        const auto& step = report_->steps.at(size_t(item->data(0, kStepRole).toInt()));
        const auto& p = step.parameters.at(size_t(item->data(0, kParameterRole).toInt()));
        parameter_->setHistogram(p.histogram, QString::fromStdString(step.id + ": " + p.name));
    });
}

StrengthPanel::~StrengthPanel() {
    cancel();
    watcher_.waitForFinished();
}

void StrengthPanel::setInput(StrengthInput input) {
    const bool modalityChanged =
        !input_.original || !input.original || input_.original->index() != input.original->index();
    input_ = std::move(input);
    if (modalityChanged && input_.original)
        minSimilarity_->setValue(core::defaultMinSimilarity(core::modalityOf(*input_.original)));
}

void StrengthPanel::cancel() {
    if (cancelled_)
        *cancelled_ = true;
}

void StrengthPanel::measure() {
    if (!input_.original || input_.pipeline.is_null()) {
        summary_->setText(tr("Nothing to measure: select an item first."));
        return;
    }
    cancel();
    watcher_.waitForFinished();
    cancelled_ = std::make_shared<std::atomic<bool>>(false);
    const int k = samples_->value();
    progress_->setRange(0, k);
    progress_->setValue(0);
    progress_->setVisible(true);
    measure_->setText(tr("Cancel"));
    core::StrengthOptions options;
    options.samples = k;
    options.minSimilarity = minSimilarity_->value();
    QPointer<QProgressBar> bar = progress_;
    auto cancelled = cancelled_;
    options.progress = [bar, cancelled](int done, int) {
        QMetaObject::invokeMethod(
            bar,
            [bar, done] {
                if (bar)
                    bar->setValue(done);
            },
            Qt::QueuedConnection);
        return !*cancelled;
    };
    const StrengthInput input = input_;
    watcher_.setFuture(QtConcurrent::run([input, options]() -> Outcome {
        try {
            const core::Pipeline pipeline = core::pipelineFromJson(input.pipeline);
            // The context an export builds (the augmented split, "train"), so draw k measures
            // exactly what the export writes as copy k of this item.
            core::RunContext context = core::datasetRunContext(
                input.dataset, [](const std::string& split) { return split == "train"; }, pipeline,
                core::ReadLimits{});
            context.itemKey = input.key; // the export leaves the item out of its partners
            return {core::measureStrength(pipeline, *input.original, input.key, context, options),
                    {}};
        } catch (const std::exception& e) {
            return {std::nullopt, QString::fromStdString(e.what())};
        }
    }));
}

void StrengthPanel::finished() {
    progress_->setVisible(false);
    measure_->setText(tr("Measure strength"));
    const Outcome outcome = watcher_.result();
    if (!outcome.report) {
        summary_->setText(outcome.error);
        emit failed(outcome.error);
        return;
    }
    report_ = outcome.report;
    show(*report_);
    emit measured();
}

QString StrengthPanel::summaryText() const {
    return summary_->text();
}

void StrengthPanel::show(const core::StrengthReport& r) {
    const QString measure = QString::fromStdString(r.measure);
    summary_->setText(tr("%1: %2 draws\n%3 median %4 (min %5, max %6)\ntoo weak: %7\n"
                         "too strong (< %8): %9")
                          .arg(QString::fromStdString(r.key))
                          .arg(r.draws.size())
                          .arg(measure, number(r.similarity.median), number(r.similarity.min),
                               number(r.similarity.max))
                          .arg(r.tooWeak.size())
                          .arg(number(r.minSimilarity))
                          .arg(r.tooStrong.size()));
    similarity_->setHistogram(r.similarity, tr("%1 of original vs augmented").arg(measure));
    steps_->clear();
    QTreeWidgetItem* firstParameter = nullptr;
    for (size_t s = 0; s < r.steps.size(); ++s) {
        const auto& step = r.steps[s];
        auto* top = new QTreeWidgetItem(
            steps_, {QString::fromStdString(step.id),
                     tr("%1 of %2 (%3%)")
                         .arg(step.applied)
                         .arg(r.draws.size())
                         .arg(QString::number(100.0 * step.appliedShare, 'f', 0))});
        for (size_t p = 0; p < step.parameters.size(); ++p) {
            const auto& h = step.parameters[p].histogram;
            auto* child = new QTreeWidgetItem(
                top,
                {QString::fromStdString(step.parameters[p].name),
                 tr("%1 .. %2, median %3").arg(number(h.min), number(h.max), number(h.median))});
            child->setData(0, kStepRole, int(s));
            child->setData(0, kParameterRole, int(p));
            if (!firstParameter)
                firstParameter = child;
        }
        top->setExpanded(true);
    }
    parameter_->clear();
    if (firstParameter)
        steps_->setCurrentItem(firstParameter);
    flagged_->clear();
    for (const auto& d : r.draws) {
        if (!d.unchanged && !d.tooStrong)
            continue;
        auto* item = new QListWidgetItem(
            d.unchanged
                ? tr("copy %1: too weak (unchanged)").arg(d.copy)
                : tr("copy %1: too strong (%2 %3)").arg(d.copy).arg(measure, number(d.similarity)),
            flagged_);
        item->setData(kCopyRole, QVariant::fromValue<qulonglong>(d.copy));
        item->setForeground(d.unchanged ? QColor(120, 120, 120) : QColor(180, 40, 40));
    }
}

} // namespace augstudio::ui

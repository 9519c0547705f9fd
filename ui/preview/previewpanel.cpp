#include "ui/preview/previewpanel.h"

#include "core/pipeline/registry.h"
#include "ui/preview/audiopreview.h"
#include "ui/preview/drawnvalues.h"
#include "ui/preview/imagepreview.h"
#include "ui/preview/partnerstrip.h"
#include "ui/preview/seriespreview.h"
#include "ui/preview/textpreview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTextDocument>
#include <QVBoxLayout>

namespace augstudio::ui {

using json = nlohmann::json;

QString PreviewPanel::describeRun(const core::RunResult& run) {
    QStringList steps;
    for (const auto& s : run.steps) {
        const QString name = shortTransformName(s.id);
        if (!s.applied) {
            steps << QStringLiteral("<span style=\"color:gray\">%1: skipped</span>").arg(name);
            continue;
        }
        const QString values = formatDrawnValues(s.values);
        steps << QStringLiteral("<b>%1</b>: %2")
                     .arg(name, values.isEmpty() ? QObject::tr("yes") : values.toHtmlEscaped());
    }
    // Steps apart by semicolons: a step's own list of edits uses commas. A long line gets a
    // line per step, so a step's values (affine's seven) never run into the next step.
    if (steps.isEmpty())
        return QObject::tr("no steps");
    const QString oneLine = steps.join(QStringLiteral("; "));
    constexpr qsizetype kOneLineChars = 110;
    QTextDocument plain;
    plain.setHtml(oneLine);
    return plain.toPlainText().size() <= kOneLineChars ? oneLine
                                                       : steps.join(QStringLiteral(";<br>"));
}

PreviewPanel::PreviewPanel(QWidget* parent) : QWidget(parent) {
    scheduler_ = new PreviewScheduler(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    stack_ = new QStackedWidget(this);
    placeholder_ =
        new QLabel(tr("Open a dataset (File > Open dataset) or drop a folder here."), stack_);
    placeholder_->setAlignment(Qt::AlignCenter);
    image_ = new ImagePreview(stack_);
    audio_ = new AudioPreview(stack_);
    series_ = new SeriesPreview(stack_);
    text_ = new TextPreview(stack_);
    stack_->addWidget(placeholder_);
    stack_->addWidget(image_);
    stack_->addWidget(audio_);
    stack_->addWidget(series_);
    stack_->addWidget(text_);
    layout->addWidget(stack_, 1);
    partners_ = new PartnerStrip(this);
    layout->addWidget(partners_);

    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->hide();
    layout->addWidget(error_);
    auto* bar = new QHBoxLayout;
    values_ = new QLabel(this);
    values_->setWordWrap(true);
    values_->setTextFormat(Qt::RichText);
    values_->setObjectName(QStringLiteral("drawnValues"));
    seed_ = new QLabel(this);
    seed_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    reroll_ = new QPushButton(tr("Re-roll (R)"), this);
    reroll_->setToolTip(tr("Show the next export copy of this item (a new seed)"));
    lock_ = new QCheckBox(tr("Lock seed"), this);
    lock_->setToolTip(tr("Keep this seed: re-roll is disabled, other items use the same copy"));
    isolate_ = new QCheckBox(tr("Isolate step"), this);
    isolate_->setObjectName(QStringLiteral("isolateStep"));
    isolate_->setToolTip(tr("Show the step selected in the pipeline alone, at p = 1 (the other "
                            "steps off), to see what it does"));
    time_ = new QLabel(this);
    time_->setMinimumWidth(70);
    time_->setObjectName(QStringLiteral("renderTime"));
    // The drawn values take a row of their own, wrapping over the whole width.
    layout->addWidget(values_);
    bar->addStretch(1);
    bar->addWidget(seed_);
    bar->addWidget(reroll_);
    bar->addWidget(lock_);
    bar->addWidget(isolate_);
    bar->addWidget(time_);
    layout->addLayout(bar);

    auto* shortcut = new QShortcut(QKeySequence(Qt::Key_R), this);
    shortcut->setContext(Qt::WindowShortcut);
    connect(shortcut, &QShortcut::activated, this, &PreviewPanel::reroll);
    connect(reroll_, &QPushButton::clicked, this, &PreviewPanel::reroll);
    connect(lock_, &QCheckBox::toggled, this, [this](bool on) { reroll_->setEnabled(!on); });
    connect(isolate_, &QCheckBox::toggled, this, &PreviewPanel::requestRender);
    connect(scheduler_, &PreviewScheduler::ready, this, &PreviewPanel::present);
    for (SampleView* v : {static_cast<SampleView*>(image_), static_cast<SampleView*>(audio_),
                          static_cast<SampleView*>(series_), static_cast<SampleView*>(text_)}) {
        connect(v, &SampleView::variantsWantedChanged, this, &PreviewPanel::requestRender);
        connect(v, &SampleView::renderSizeChanged, this, &PreviewPanel::requestRender);
    }
}

SampleView* PreviewPanel::viewFor(core::Modality m) const {
    switch (m) {
    case core::Modality::Image:
        return image_;
    case core::Modality::Audio:
        return audio_;
    case core::Modality::Series:
        return series_;
    case core::Modality::Text:
        return text_;
    }
    return image_;
}

void PreviewPanel::setSource(const PreviewSource& source) {
    const core::Modality m = source.dataset ? source.dataset->modality : source.modality;
    if (!source_.valid() || (source_.dataset ? source_.dataset->modality : source_.modality) != m)
        viewFor(m)->clearView();
    source_ = source;
    if (!lock_->isChecked())
        copyIndex_ = 0;
    stack_->setCurrentWidget(source.valid() ? static_cast<QWidget*>(viewFor(m)) : placeholder_);
    requestRender();
}

void PreviewPanel::setPipeline(const json& document) {
    if (document == pipeline_)
        return;
    pipeline_ = document;
    requestRender();
}

void PreviewPanel::reroll() {
    if (lock_->isChecked())
        return;
    ++copyIndex_;
    requestRender();
}

void PreviewPanel::setSeedLocked(bool locked) {
    lock_->setChecked(locked);
}

void PreviewPanel::setCopyIndex(uint64_t copy) {
    copyIndex_ = copy;
    requestRender();
}

void PreviewPanel::setSelectedStep(const QString& pointer) {
    if (pointer == selectedStep_)
        return;
    selectedStep_ = pointer;
    if (isolate_->isChecked())
        requestRender();
}

void PreviewPanel::setIsolated(bool on) {
    isolate_->setChecked(on);
}

bool PreviewPanel::isolated() const {
    return isolate_->isChecked();
}

json PreviewPanel::renderedPipeline() const {
    if (!isolate_->isChecked() || selectedStep_.isEmpty() || pipeline_.is_null())
        return pipeline_;
    try {
        json step = pipeline_.at(json::json_pointer(selectedStep_.toStdString()));
        if (!step.is_object())
            return pipeline_;
        step["p"] = 1.0;
        step.erase("enabled");
        json doc = pipeline_;
        doc["steps"] = json::array({step});
        return doc;
    } catch (const json::exception&) {
        return pipeline_; // a pointer of a document just replaced: the whole pipeline
    }
}

void PreviewPanel::requestRender() {
    if (!source_.valid() || pipeline_.is_null())
        return;
    PreviewRequest r;
    r.source = source_;
    r.pipeline = renderedPipeline();
    r.copyIndex = copyIndex_;
    const core::Modality m = source_.dataset ? source_.dataset->modality : source_.modality;
    r.variants = viewFor(m)->variantsWanted();
    r.viewport = viewFor(m)->renderViewport();
    r.variantCell = viewFor(m)->variantCell();
    scheduler_->request(std::move(r));
}

QString PreviewPanel::drawnValuesText() const {
    return values_->text();
}

void PreviewPanel::present(const PreviewResult& result) {
    // A render still in flight for the previous item (or dataset) is newer than the view but
    // not what the user is looking at now: showing it would flash another item or modality.
    const PreviewSource& from = result.request.source;
    if (from.dataset != source_.dataset || from.file != source_.file || from.key() != source_.key())
        return;
    last_ = result;
    error_->setVisible(!result.error.isEmpty());
    error_->setText(result.error);
    if (result.original) {
        viewFor(core::modalityOf(*result.original))->showResult(result);
        stack_->setCurrentWidget(viewFor(core::modalityOf(*result.original)));
    }
    if (result.error.isEmpty()) {
        values_->setText(describeRun(result.run));
        partners_->showPartners(result);
    }
    seed_->setText(tr("seed %1 (copy %2)").arg(result.seed).arg(result.request.copyIndex));
    seed_->setToolTip(tr("deriveSeed(pipeline seed, \"%1\", %2): the seed export uses for "
                         "this copy of this item")
                          .arg(QString::fromStdString(result.key))
                          .arg(result.request.copyIndex));
    time_->setText(tr("%1 ms").arg(result.renderMs, 0, 'f', 1));
    emit rendered(result);
}

} // namespace augstudio::ui

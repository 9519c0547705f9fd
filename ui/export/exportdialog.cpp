#include "ui/export/exportdialog.h"
#include "core/catalog/builtin.h"
#include "core/export/balancefill.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBrowser>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <set>

namespace augstudio::ui {

ExportDialog::ExportDialog(std::shared_ptr<const core::Dataset> dataset, nlohmann::json pipeline,
                           QWidget* parent)
    : QDialog(parent), dataset_(std::move(dataset)), pipeline_(std::move(pipeline)) {
    setWindowTitle(tr("Export augmented dataset"));
    resize(560, 620);
    done_ = std::make_shared<std::atomic<int64_t>>(0);
    total_ = std::make_shared<std::atomic<int64_t>>(0);
    rate_ = std::make_shared<std::atomic<double>>(0);
    eta_ = std::make_shared<std::atomic<double>>(0);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    auto* outRow = new QHBoxLayout;
    output_ = new QLineEdit(this);
    output_->setPlaceholderText(tr("an empty folder outside the dataset"));
    auto* browse = new QPushButton(tr("Browse..."), this);
    outRow->addWidget(output_, 1);
    outRow->addWidget(browse);
    form->addRow(tr("Output folder"), outRow);
    mode_ = new QComboBox(this);
    mode_->addItems({tr("k augmented copies per item"), tr("balance classes to a target")});
    form->addRow(tr("Plan"), mode_);
    copies_ = new QSpinBox(this);
    copies_->setRange(1, 1000);
    form->addRow(tr("Copies (k)"), copies_);
    target_ = new QSpinBox(this);
    target_->setRange(0, 100000000);
    target_->setSpecialValueText(tr("largest class"));
    form->addRow(tr("Target per class"), target_);
    // What makes the extra items of a smaller class: the pipeline (copies of its items), or
    // new items between two of its items. The choices are the ones the exporter accepts for
    // this modality (text has no interpolation; SMOTE is for series).
    fill_ = new QComboBox(this);
    fill_->setObjectName(QStringLiteral("balanceWith"));
    fill_->addItem(tr("augmented copies (the pipeline)"), QStringLiteral("none"));
    if (dataset_->modality == core::Modality::Series)
        fill_->addItem(tr("SMOTE between two items of the class"), QStringLiteral("smote"));
    if (dataset_->modality != core::Modality::Text)
        fill_->addItem(tr("mixup of two items of the class"), QStringLiteral("mixup"));
    form->addRow(tr("Fill smaller classes with"), fill_);
    originals_ = new QCheckBox(tr("include the originals"), this);
    form->addRow(QString(), originals_);
    splits_ = new QListWidget(this);
    splits_->setMaximumHeight(80);
    std::set<std::string> splitNames;
    for (const auto& item : dataset_->items)
        splitNames.insert(item.split);
    for (const auto& s : splitNames) {
        auto* it = new QListWidgetItem(QString::fromStdString(s), splits_);
        it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
        it->setCheckState(s == "train" ? Qt::Checked : Qt::Unchecked);
    }
    form->addRow(tr("Augmented splits"), splits_);
    format_ = new QComboBox(this);
    format_->addItems({QStringLiteral("same"), QStringLiteral("jpg"), QStringLiteral("png"),
                       QStringLiteral("webp")});
    format_->setEnabled(dataset_->modality == core::Modality::Image);
    form->addRow(tr("Image format"), format_);
    quality_ = new QSpinBox(this);
    quality_->setRange(1, 100);
    quality_->setValue(95);
    form->addRow(tr("JPEG/WebP quality"), quality_);
    threads_ = new QSpinBox(this);
    threads_->setRange(0, 256);
    threads_->setSpecialValueText(tr("all cores"));
    form->addRow(tr("Threads"), threads_);
    overwrite_ = new QCheckBox(tr("overwrite a non-empty folder"), this);
    form->addRow(QString(), overwrite_);
    layout->addLayout(form);
    progress_ = new QProgressBar(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    summaryView_ = new QTextBrowser(this);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(summaryView_, 1);
    auto* buttons = new QHBoxLayout;
    startButton_ = new QPushButton(tr("Export"), this);
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    openButton_ = new QPushButton(tr("Open folder"), this);
    auto* close = new QPushButton(tr("Close"), this);
    cancelButton_->setEnabled(false);
    openButton_->setEnabled(false);
    buttons->addWidget(startButton_);
    buttons->addWidget(cancelButton_);
    buttons->addStretch();
    buttons->addWidget(openButton_);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    auto modeChanged = [this] {
        const bool copies = mode_->currentIndex() == 0;
        copies_->setEnabled(copies);
        originals_->setEnabled(copies);
        target_->setEnabled(!copies);
        fill_->setEnabled(!copies && fill_->count() > 1);
    };
    connect(mode_, &QComboBox::currentIndexChanged, this, modeChanged);
    modeChanged();
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder"));
        if (!dir.isEmpty())
            output_->setText(dir);
    });
    connect(startButton_, &QPushButton::clicked, this, &ExportDialog::start);
    connect(cancelButton_, &QPushButton::clicked, this, &ExportDialog::cancel);
    connect(openButton_, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(output_->text())); });
    connect(close, &QPushButton::clicked, this, [this] {
        cancel();
        watcher_.waitForFinished();
        accept();
    });
    connect(&watcher_, &QFutureWatcher<void>::finished, this, &ExportDialog::finished);
    auto* poll = new QTimer(this);
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, this, [this] {
        if (!watcher_.isRunning())
            return;
        const int64_t total = total_->load(), done = done_->load();
        progress_->setRange(0, int(std::max<int64_t>(1, total)));
        progress_->setValue(int(done));
        status_->setText(tr("%1 / %2 items, %3 items/s, %4 s left")
                             .arg(done)
                             .arg(total)
                             .arg(rate_->load(), 0, 'f', 1)
                             .arg(eta_->load(), 0, 'f', 0));
    });
    poll->start();
}

ExportDialog::~ExportDialog() {
    cancel();
    watcher_.waitForFinished();
}

void ExportDialog::setOutput(const QString& folder) {
    output_->setText(folder);
}

void ExportDialog::setOptions(const core::ExportOptions& o) {
    mode_->setCurrentIndex(o.mode == core::ExportOptions::Mode::Copies ? 0 : 1);
    copies_->setValue(o.copies);
    target_->setValue(int(o.target));
    const int fill = fill_->findData(QString::fromLatin1(core::balanceFillName(o.balanceWith)));
    fill_->setCurrentIndex(std::max(0, fill));
    originals_->setChecked(o.includeOriginals);
    for (int i = 0; i < splits_->count(); ++i) {
        const std::string name = splits_->item(i)->text().toStdString();
        const bool on = std::find(o.splits.begin(), o.splits.end(), name) != o.splits.end();
        splits_->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    format_->setCurrentText(QString::fromStdString(o.format));
    quality_->setValue(o.quality);
    threads_->setValue(o.jobs);
    overwrite_->setChecked(o.overwrite);
}

core::ExportOptions ExportDialog::options() const {
    core::ExportOptions o;
    o.output = output_->text().toStdString();
    o.mode = mode_->currentIndex() == 0 ? core::ExportOptions::Mode::Copies
                                        : core::ExportOptions::Mode::Balance;
    o.copies = copies_->value();
    o.target = target_->value();
    if (o.mode == core::ExportOptions::Mode::Balance)
        o.balanceWith = core::balanceFillFromName(fill_->currentData().toString().toStdString());
    o.includeOriginals = originals_->isChecked();
    o.splits.clear();
    for (int i = 0; i < splits_->count(); ++i)
        if (splits_->item(i)->checkState() == Qt::Checked)
            o.splits.push_back(splits_->item(i)->text().toStdString());
    o.format = format_->currentText().toStdString();
    o.quality = quality_->value();
    o.jobs = threads_->value();
    o.overwrite = overwrite_->isChecked();
    return o;
}

void ExportDialog::start() {
    if (watcher_.isRunning())
        return;
    error_.clear();
    summary_ = {};
    summaryView_->clear();
    if (output_->text().trimmed().isEmpty()) {
        error_ = tr("Choose an output folder.");
        status_->setText(error_);
        emit exportFinished(false);
        return;
    }
    core::ExportOptions o = options();
    cancel_ = false;
    o.cancel = &cancel_;
    auto done = done_, total = total_;
    auto rate = rate_, eta = eta_;
    done->store(0);
    o.progress = [done, total, rate, eta](const core::ExportProgress& p) {
        done->store(p.done);
        total->store(p.total);
        rate->store(p.rate);
        eta->store(p.etaS);
    };
    startButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    openButton_->setEnabled(false);
    status_->setText(tr("Exporting..."));
    const auto dataset = dataset_;
    const nlohmann::json doc = pipeline_;
    watcher_.setFuture(QtConcurrent::run([this, dataset, doc, o]() {
        try {
            const core::Pipeline pipeline = core::pipelineFromJson(doc);
            summary_ = core::runExport(pipeline, *dataset, o);
        } catch (const std::exception& e) {
            error_ = QString::fromStdString(e.what());
        }
    }));
}

void ExportDialog::cancel() {
    cancel_ = true;
}

void ExportDialog::finished() {
    startButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
    if (!error_.isEmpty()) {
        status_->setText(tr("Export failed: %1").arg(error_));
        emit exportFinished(false);
        return;
    }
    progress_->setValue(progress_->maximum());
    openButton_->setEnabled(true);
    status_->setText(
        summary_.cancelled
            ? tr("Cancelled: %1 outputs kept; export again to resume.").arg(summary_.outputs)
            : tr("Done: %1 outputs, %2 failures.").arg(summary_.outputs).arg(summary_.failures));
    summaryView_->setPlainText(QString::fromStdString(summary_.json.dump(2)));
    emit exportFinished(!summary_.cancelled && summary_.failures == 0);
}

} // namespace augstudio::ui

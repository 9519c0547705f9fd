#include "ui/studio/mainwindow.h"

#include "core/catalog/builtin.h"
#include "core/catalog/presets.h"
#include "core/interop/albumentations.h"
#include "core/interop/pipelinedocument.h"
#include "core/io/audio/audiofile.h"
#include "core/io/image/imagefile.h"
#include "core/util/atomicwrite.h"
#include "core/util/error.h"
#include "ui/balance/balancepanel.h"
#include "ui/dataset/datasetpanel.h"
#include "ui/health/healthpanel.h"
#include "ui/pipeline/pipelinepanel.h"
#include "ui/pipeline/steptree.h"
#include "ui/preview/imagepreview.h"
#include "ui/preview/previewpanel.h"
#include "ui/strength/strengthpanel.h"
#include "ui/studio/exportlauncher.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QUndoGroup>

namespace augstudio::ui {

using json = nlohmann::json;

namespace {

const core::Modality kModalities[] = {core::Modality::Image, core::Modality::Audio,
                                      core::Modality::Series, core::Modality::Text};

QString modalityLabel(core::Modality m) {
    return QString::fromLatin1(core::modalityName(m));
}

std::optional<core::Modality> modalityOfFile(const QString& path) {
    const std::filesystem::path p = path.toStdString();
    if (core::isImageExtension(p))
        return core::Modality::Image;
    if (core::isAudioExtension(p))
        return core::Modality::Audio;
    return std::nullopt;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("studio"));
    setWindowIcon(QIcon(QStringLiteral(":/augstudio/icons/augstudio.svg")));
    setAcceptDrops(true);
    resize(1500, 920);
    undoGroup_ = new QUndoGroup(this);
    for (core::Modality m : kModalities) {
        auto* model = new PipelineModel(m, this);
        models_[m] = model;
        undoGroup_->addStack(model->undoStack());
        try {
            // A first launch shows something augmented at once: the light preset.
            model->resetDocument(core::strengthPreset(m, "light"));
        } catch (const std::exception&) {
        }
        connect(model, &PipelineModel::modifiedChanged, this, &MainWindow::updateTitle);
        connect(model, &PipelineModel::documentChanged, this, [this, model] {
            if (model == currentModel())
                preview_->setPipeline(model->document());
        });
    }

    preview_ = new PreviewPanel(this);
    setCentralWidget(preview_);
    datasets_ = new DatasetPanel(this);
    pipeline_ = new PipelinePanel(this);
    balance_ = new BalancePanel(this);
    auto dock = [this](QWidget* w, const QString& title, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(title);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    QDockWidget* datasetDock = dock(datasets_, tr("Dataset"), Qt::LeftDockWidgetArea);
    QDockWidget* pipelineDock = dock(pipeline_, tr("Pipeline"), Qt::RightDockWidgetArea);
    QDockWidget* balanceDock = dock(balance_, tr("Class balance"), Qt::BottomDockWidgetArea);
    resizeDocks({datasetDock, pipelineDock}, {280, 380}, Qt::Horizontal);
    resizeDocks({balanceDock}, {190}, Qt::Vertical);
    // Strength and health share the bottom with the class balance, one tab each.
    strength_ = new StrengthPanel(this);
    health_ = new HealthPanel(this);
    QDockWidget* strengthDock =
        dock(strength_, tr("Augmentation strength"), Qt::BottomDockWidgetArea);
    QDockWidget* healthDock = dock(health_, tr("Dataset health"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(balanceDock, strengthDock);
    tabifyDockWidget(strengthDock, healthDock);
    balanceDock->raise();
    connect(preview_, &PreviewPanel::rendered, this, [this](const PreviewResult& result) {
        if (result.original)
            strength_->setInput({result.original, result.key, result.request.pipeline,
                                 result.request.source.dataset});
    });
    // "Isolate step" follows the pipeline panel's selection.
    connect(pipeline_->stepTree(), &QTreeWidget::itemSelectionChanged, this,
            [this] { preview_->setSelectedStep(pipeline_->selectedStep()); });
    connect(strength_, &StrengthPanel::drawActivated, this,
            [this](quint64 copy) { preview_->setCopyIndex(copy); });
    connect(health_, &HealthPanel::itemActivated, this,
            [this](const QString& key) { datasets_->selectItem(key.toStdString()); });
    status_ = new QLabel(this);
    statusBar()->addWidget(status_, 1);

    scanner_ = new DatasetScanner(this);
    connect(scanner_, &DatasetScanner::progress, this, [this](qint64 seen) {
        datasets_->showScanProgress(true, seen);
        status_->setText(tr("Scanning %1: %2 files").arg(scanner_->path()).arg(seen));
    });
    connect(scanner_, &DatasetScanner::finished, this, &MainWindow::scanFinished);
    connect(datasets_, &DatasetPanel::cancelScanRequested, this, [this] {
        scanQueue_.clear();
        backgroundScans_.clear();
        scanner_->cancel();
    });
    connect(datasets_, &DatasetPanel::datasetChanged, this,
            [this](std::shared_ptr<const core::Dataset> dataset) {
                setModality(dataset->modality);
                balance_->setDataset(dataset);
                health_->setDataset(dataset);
                datasets_->selectFirstItem();
                updateTitle();
            });
    connect(datasets_, &DatasetPanel::itemSelected, this,
            [this](std::shared_ptr<const core::Dataset> dataset, const core::DatasetItem& item) {
                PreviewSource source;
                source.dataset = dataset;
                source.item = item;
                source.modality = dataset->modality;
                preview_->setSource(source);
            });
    buildMenus();
    setModality(core::Modality::Image);
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow() {
    // Children are destroyed by ~QWidget, after this class is gone; a signal they emit on the
    // way (selection, current item) must not reach a MainWindow slot (UBSan: vptr downcast).
    for (QObject* child : findChildren<QObject*>())
        QObject::disconnect(child, nullptr, this, nullptr);
}

PipelineModel* MainWindow::pipelineModel(core::Modality modality) const {
    return models_.at(modality);
}

PipelineModel* MainWindow::currentModel() const {
    return models_.at(modality_);
}

std::shared_ptr<const core::Dataset> MainWindow::currentDataset() const {
    return datasets_->currentDataset();
}

QString MainWindow::demoDirectory() {
    // Installed: <prefix>/bin/augstudio next to <prefix>/share/augstudio/demo. The build tree
    // links build/share/augstudio/demo to the sources, found from build/app and from the
    // test folders one level further down; no source path is compiled in.
    QDir dir(QCoreApplication::applicationDirPath());
    for (int up = 0; up < 3; ++up) {
        const QString candidate = dir.absoluteFilePath(QStringLiteral("../share/augstudio/demo"));
        if (QFileInfo(candidate).isDir())
            return QDir(candidate).canonicalPath();
        if (!dir.cdUp())
            break;
    }
    return dir.absoluteFilePath(QStringLiteral("../share/augstudio/demo"));
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open dataset folder..."), QKeySequence::Open, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"));
        if (!dir.isEmpty())
            openDataset(dir);
    });
    file->addAction(tr("Open annotation or table &file..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a dataset file"), {},
            tr("Datasets (*.json *.yaml *.csv *.tsv *.txt);;All files (*)"));
        if (!path.isEmpty())
            openDataset(path);
    });
    file->addAction(tr("Open a single &image or clip..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open one file"), {},
            tr("Images and audio (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.wav *.flac "
               "*.ogg *.mp3);;All files (*)"));
        if (path.isEmpty())
            return;
        if (auto m = modalityOfFile(path))
            openSingleFile(path, *m);
        else
            showError(tr("Open file"), tr("%1: not an image or audio file").arg(path));
    });
    file->addAction(tr("Open the &demo dataset"), this, &MainWindow::openDemo);
    recentMenu_ = file->addMenu(tr("&Recent"));
    file->addSeparator();
    file->addAction(tr("Open &pipeline..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    [this] {
                        const QString path = QFileDialog::getOpenFileName(
                            this, tr("Open pipeline"), {},
                            tr("Pipelines (*.augpipe.json *.json);;All files (*)"));
                        if (!path.isEmpty())
                            openPipeline(path);
                    });
    file->addAction(tr("&Save pipeline"), QKeySequence::Save, this, [this] {
        if (currentModel()->filePath().isEmpty())
            savePipelineAs();
        else
            savePipeline(currentModel()->filePath());
    });
    file->addAction(tr("Save pipeline &as..."), QKeySequence::SaveAs, this,
                    [this] { savePipelineAs(); });
    file->addAction(tr("&Import Albumentations pipeline..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import Albumentations pipeline"), {},
            tr("Albumentations files (*.json *.yaml *.yml);;All files (*)"));
        if (!path.isEmpty())
            importAlbumentations(path);
    });
    file->addAction(tr("Export as Albumentations or P&ython..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export as Albumentations"), QStringLiteral("pipeline.albumentations.json"),
            tr("Albumentations JSON (*.json);;Python (*.py)"));
        if (!path.isEmpty())
            exportAlbumentations(path);
    });
    file->addSeparator();
    file->addAction(tr("&Export dataset..."), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    &MainWindow::showExportDialog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undoGroup_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undoGroup_->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QAction* variants = view->addAction(tr("Image &variants (3x3)"));
    variants->setCheckable(true);
    connect(variants, &QAction::toggled, this,
            [this](bool on) { preview_->imagePreview()->setVariantsMode(on); });
    view->addAction(tr("&Re-roll preview"), this, [this] { preview_->reroll(); });

    QMenu* pipe = menuBar()->addMenu(tr("&Pipeline"));
    pipe->addAction(tr("&Add step..."), QKeySequence(Qt::CTRL | Qt::Key_T), pipeline_,
                    &PipelinePanel::addStepFromCatalog);
    QAction* remove =
        pipe->addAction(tr("&Remove step"), pipeline_, &PipelinePanel::removeSelected);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    pipeline_->addAction(remove);
    pipe->addAction(tr("Group as &one of"), this,
                    [this] { pipeline_->groupSelected(QStringLiteral("one_of")); });
    pipe->addAction(tr("Group as &some of"), this,
                    [this] { pipeline_->groupSelected(QStringLiteral("some_of")); });
    pipe->addAction(tr("&Ungroup"), pipeline_, &PipelinePanel::ungroupSelected);
    pipe->addSeparator();
    QMenu* presets = pipe->addMenu(tr("&Presets"));
    presets->addAction(tr("&Keras ImageDataGenerator..."), this, &MainWindow::kerasPresetDialog);
    presets->addAction(tr("&EDA by dataset size..."), this, &MainWindow::edaPresetDialog);
    presets->addAction(tr("&RandAugment..."), this, [this] {
        if (modality_ != core::Modality::Image) {
            showError(tr("RandAugment preset"),
                      tr("RandAugment is for images; open an image dataset first."));
            return;
        }
        bool ok = false;
        // 14: the RandAugment op list (core refuses more).
        const int n = QInputDialog::getInt(
            this, tr("RandAugment"), tr("Operations applied to each image (n):"), 2, 1, 14, 1, &ok);
        if (!ok)
            return;
        const int m = QInputDialog::getInt(this, tr("RandAugment"), tr("Magnitude (m, 0 to 30):"),
                                           9, 0, 30, 1, &ok);
        if (!ok)
            return;
        try {
            applyPreset(core::randAugmentPreset(json{{"n", n}, {"m", m}}),
                        tr("RandAugment preset"));
        } catch (const std::exception& e) {
            showError(tr("RandAugment preset"), QString::fromStdString(e.what()));
        }
    });
    QMenu* specAugment = presets->addMenu(tr("&SpecAugment"));
    const std::pair<const char*, QString> policies[] = {{"LB", tr("LB (LibriSpeech basic)")},
                                                        {"LD", tr("LD (LibriSpeech double)")},
                                                        {"SM", tr("SM (Switchboard mild)")},
                                                        {"SS", tr("SS (Switchboard strong)")}};
    for (const auto& [policy, label] : policies) {
        specAugment->addAction(label, this, [this, policy = std::string(policy)] {
            if (modality_ != core::Modality::Audio) {
                showError(tr("SpecAugment preset"),
                          tr("SpecAugment is for audio; open an audio dataset first."));
                return;
            }
            try {
                applyPreset(core::specAugmentPreset(policy),
                            tr("SpecAugment %1").arg(QString::fromStdString(policy)));
            } catch (const std::exception& e) {
                showError(tr("SpecAugment preset"), QString::fromStdString(e.what()));
            }
        });
    }
    presets->addSeparator();
    for (const char* strength : {"light", "medium", "heavy"}) {
        const QString name = QString::fromLatin1(strength);
        presets->addAction(tr("%1 (current modality)").arg(name), this, [this, strength, name] {
            try {
                applyPreset(core::strengthPreset(modality_, strength), tr("Preset %1").arg(name));
            } catch (const std::exception& e) {
                showError(tr("Preset"), QString::fromStdString(e.what()));
            }
        });
    }
    pipe->addSeparator();
    pipe->addAction(tr("New empty pipeline"), this, [this] {
        json doc = PipelineModel::emptyDocument(modality_);
        doc["seed"] = currentModel()->document().value("seed", 42);
        applyPreset(doc, tr("Clear pipeline"));
    });
    pipe->addAction(tr("Change pipeline &seed..."), this, [this] {
        bool ok = false;
        const int seed = QInputDialog::getInt(
            this, tr("Pipeline seed"), tr("Seed (every output's seed derives from it):"),
            int(currentModel()->document().value("seed", 42)), 0, INT_MAX, 1, &ok);
        if (ok)
            currentModel()->setField(json::json_pointer("/seed"), seed);
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About Augmentation Studio"),
                           tr("<b>Augmentation Studio</b> %1<br>Build an augmentation pipeline "
                              "while watching it, inspect class balance, export. The saved "
                              "pipeline runs unchanged with <tt>augstudio-cli</tt>.")
                               .arg(QStringLiteral(AUGSTUDIO_VERSION)));
    });
    rebuildRecentMenu();
}

void MainWindow::setModality(core::Modality modality) {
    modality_ = modality;
    PipelineModel* model = models_.at(modality);
    undoGroup_->setActiveStack(model->undoStack());
    pipeline_->setModel(model);
    preview_->setPipeline(model->document());
    updateTitle();
}

void MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        showError(tr("Open"), tr("%1: no such file or folder").arg(path));
        return;
    }
    if (info.isFile() && (path.endsWith(QLatin1String(".augpipe.json")) ||
                          (path.endsWith(QLatin1String(".json")) &&
                           !info.absolutePath().endsWith(QLatin1String("annotations"))))) {
        // A pipeline if it loads as one, else a dataset file (COCO).
        try {
            core::loadPipeline(path.toStdString());
            openPipeline(path);
            return;
        } catch (const core::PipelineError&) {
        }
    }
    if (info.isFile())
        if (auto m = modalityOfFile(path)) {
            openSingleFile(path, *m);
            return;
        }
    openDataset(path);
}

void MainWindow::openDataset(const QString& path, bool show) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    backgroundScans_.removeAll(absolute);
    if (!show)
        backgroundScans_.append(absolute);
    scanQueue_.append(absolute);
    if (!scanner_->isRunning())
        scanNext();
}

void MainWindow::scanNext() {
    if (scanQueue_.isEmpty())
        return;
    const QString next = scanQueue_.takeFirst();
    datasets_->showScanProgress(true, 0);
    status_->setText(tr("Scanning %1...").arg(next));
    scanner_->scan(next);
}

void MainWindow::openDemo() {
    const QDir demo(demoDirectory());
    // Images first, shown as soon as they are scanned; the other modalities join the dataset
    // list as their scans finish, without switching the view under the user.
    bool first = true;
    for (const char* sub : {"image", "audio", "series", "text"}) {
        openDataset(demo.filePath(QString::fromLatin1(sub)), first);
        first = false;
    }
}

void MainWindow::scanFinished(const QString& path, const ScanOutcome& outcome) {
    datasets_->showScanProgress(false);
    if (outcome.dataset) {
        const auto& d = *outcome.dataset;
        const QString name = tr("%1 (%2, %3 classes, %4 items)")
                                 .arg(QFileInfo(path).fileName(), modalityLabel(d.modality))
                                 .arg(d.classes.size())
                                 .arg(d.items.size());
        const bool show = !backgroundScans_.removeAll(path) || !datasets_->currentDataset();
        datasets_->addDataset(outcome.dataset, name, outcome.itemNames, show);
        status_->setText(show ? tr("Opened %1").arg(path)
                              : tr("Added %1 to the dataset list").arg(path));
        if (!path.startsWith(demoDirectory()))
            addRecent(QStringLiteral("recent/datasets"), path);
        emit datasetOpened(path);
    } else if (outcome.cancelled) {
        backgroundScans_.removeAll(path);
        status_->setText(tr("Scan of %1 cancelled").arg(path));
    } else {
        backgroundScans_.removeAll(path);
        status_->setText(outcome.error);
        emit scanFailed(outcome.error);
        showError(tr("Cannot open dataset"), outcome.error);
    }
    scanNext();
}

void MainWindow::openSingleFile(const QString& path, core::Modality modality) {
    setModality(modality);
    PreviewSource source;
    source.file = path.toStdString();
    source.modality = modality;
    preview_->setSource(source);
    addRecent(QStringLiteral("recent/files"), path);
    status_->setText(tr("Previewing %1").arg(path));
}

bool MainWindow::openPipeline(const QString& path) {
    try {
        const core::Pipeline loaded = core::loadPipeline(path.toStdString());
        PipelineModel* model = models_.at(loaded.modality());
        if (model->isModified() && !confirmDiscard(model))
            return false;
        model->open(path);
        setModality(loaded.modality());
        addRecent(QStringLiteral("recent/pipelines"), path);
        return true;
    } catch (const std::exception& e) {
        showError(tr("Cannot open pipeline"), QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::savePipeline(const QString& path) {
    try {
        currentModel()->save(path);
        addRecent(QStringLiteral("recent/pipelines"), path);
        updateTitle();
        return true;
    } catch (const std::exception& e) {
        showError(tr("Cannot save pipeline"), QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::importAlbumentations(const QString& path) {
    try {
        const json doc = core::readPipelineDocument(path.toStdString()); // JSON or YAML
        const core::AlbumentationsImport imported =
            core::importAlbumentations(doc, path.toStdString());
        core::pipelineFromJson(imported.pipeline); // refused here, not half-applied
        setModality(core::Modality::Image);
        currentModel()->replaceDocument(imported.pipeline, tr("Import Albumentations pipeline"));
        return true;
    } catch (const std::exception& e) {
        showError(tr("Cannot import the Albumentations pipeline"),
                  QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::exportAlbumentations(const QString& path) {
    try {
        PipelineModel* model = pipelineModel(core::Modality::Image);
        const json doc = core::exportAlbumentations(model->document(), path.toStdString());
        const std::string bytes = path.endsWith(QLatin1String(".py"))
                                      ? core::albumentationsPython(doc)
                                      : doc.dump(2) + "\n";
        core::writeFileAtomically(path.toStdString(), bytes);
        return true;
    } catch (const std::exception& e) {
        showError(tr("Cannot export as Albumentations"), QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::savePipelineAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save pipeline"),
                                                currentModel()->filePath().isEmpty()
                                                    ? modalityLabel(modality_) +
                                                          QStringLiteral(".augpipe.json")
                                                    : currentModel()->filePath(),
                                                tr("Pipelines (*.augpipe.json)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".json")))
        path += QStringLiteral(".augpipe.json");
    return savePipeline(path);
}

void MainWindow::applyPreset(const json& doc, const QString& what) {
    try {
        core::pipelineFromJson(doc); // refuse a preset that would not run
        currentModel()->replaceDocument(doc, what);
    } catch (const std::exception& e) {
        showError(tr("Preset"), QString::fromStdString(e.what()));
    }
}

void MainWindow::kerasPresetDialog() {
    if (modality_ != core::Modality::Image) {
        showError(tr("Keras preset"), tr("The Keras ImageDataGenerator preset is for images; "
                                         "open an image dataset first."));
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Keras ImageDataGenerator"), tr("Paste the keyword arguments (Python or JSON):"),
        QStringLiteral("rotation_range=20, width_shift_range=0.2, height_shift_range=0.2, "
                       "horizontal_flip=True"),
        &ok);
    if (!ok)
        return;
    try {
        applyPreset(core::kerasPreset(core::parseKerasArguments(text.toStdString())),
                    tr("Keras preset"));
    } catch (const std::exception& e) {
        showError(tr("Keras preset"), QString::fromStdString(e.what()));
    }
}

void MainWindow::edaPresetDialog() {
    if (modality_ != core::Modality::Text) {
        showError(tr("EDA preset"), tr("The EDA preset is for text; open a text dataset first."));
        return;
    }
    const auto dataset = currentDataset();
    bool ok = false;
    const int sentences =
        QInputDialog::getInt(this, tr("EDA by dataset size"), tr("Training sentences:"),
                             dataset ? int(dataset->items.size()) : 500, 1, 100000000, 100, &ok);
    if (!ok)
        return;
    try {
        applyPreset(core::edaPreset(sentences), tr("EDA preset"));
    } catch (const std::exception& e) {
        showError(tr("EDA preset"), QString::fromStdString(e.what()));
    }
}

void MainWindow::showExportDialog() {
    const auto dataset = currentDataset();
    if (!dataset) {
        showError(tr("Export"), tr("Open a dataset first."));
        return;
    }
    if (!currentModel()->error().isEmpty()) {
        showError(tr("Export"), tr("The pipeline is not valid: %1").arg(currentModel()->error()));
        return;
    }
    launchExportDialog(this, dataset, currentModel()->document(), balance_->plan());
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    status_->setText(message);
    if (!quiet_)
        QMessageBox::warning(this, title, message);
}

void MainWindow::updateTitle() {
    QString title = tr("Augmentation Studio");
    if (const auto d = currentDataset())
        title += QStringLiteral(" - %1 (%2, %3 cl.)")
                     .arg(QString::fromStdString(d->root.filename().string()),
                          modalityLabel(d->modality))
                     .arg(d->classes.size());
    PipelineModel* model = currentModel();
    const QString pipeName = model->filePath().isEmpty()
                                 ? tr("untitled %1 pipeline").arg(modalityLabel(modality_))
                                 : QFileInfo(model->filePath()).fileName();
    title += QStringLiteral(" - %1[*]").arg(pipeName);
    setWindowTitle(title);
    setWindowModified(model->isModified());
}

void MainWindow::addRecent(const QString& key, const QString& path) {
    QSettings settings;
    QStringList list = settings.value(key).toStringList();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > 10)
        list.removeLast();
    settings.setValue(key, list);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    if (!recentMenu_)
        return;
    recentMenu_->clear();
    QSettings settings;
    for (const QString& key :
         {QStringLiteral("recent/datasets"), QStringLiteral("recent/pipelines"),
          QStringLiteral("recent/files")}) {
        const QStringList list = settings.value(key).toStringList();
        if (list.isEmpty())
            continue;
        recentMenu_->addSection(key.section(QLatin1Char('/'), 1));
        for (const QString& path : list)
            recentMenu_->addAction(path, this, [this, path] { openPath(path); });
    }
    recentMenu_->setEnabled(!recentMenu_->isEmpty());
}

bool MainWindow::confirmDiscard(PipelineModel* model) {
    if (quiet_)
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved pipeline"),
        tr("The %1 pipeline has unsaved changes. Save them?").arg(modalityLabel(model->modality())),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Discard)
        return true;
    const core::Modality keep = modality_;
    setModality(model->modality());
    const bool saved =
        model->filePath().isEmpty() ? savePipelineAs() : savePipeline(model->filePath());
    setModality(keep);
    return saved;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    for (auto& [m, model] : models_)
        if (model->isModified() && !confirmDiscard(model)) {
            event->ignore();
            return;
        }
    saveSettings();
    scanner_->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            openPath(url.toLocalFile());
    event->acceptProposedAction();
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // The last pipeline of each modality comes back as it was (not marked modified).
    for (auto& [m, model] : models_) {
        const QString key = QStringLiteral("pipeline/") + modalityLabel(m);
        const QByteArray text = settings.value(key + QStringLiteral("/document")).toByteArray();
        if (text.isEmpty())
            continue;
        try {
            const json doc = json::parse(text.toStdString());
            core::pipelineFromJson(doc);
            model->resetDocument(doc, settings.value(key + QStringLiteral("/path")).toString());
        } catch (const std::exception&) {
            // A pipeline saved by a build with other transforms: start empty.
        }
    }
    preview_->setPipeline(currentModel()->document());
}

void MainWindow::saveSettings() {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (auto& [m, model] : models_) {
        const QString key = QStringLiteral("pipeline/") + modalityLabel(m);
        settings.setValue(key + QStringLiteral("/document"),
                          QByteArray::fromStdString(model->document().dump()));
        settings.setValue(key + QStringLiteral("/path"), model->filePath());
    }
}

} // namespace augstudio::ui

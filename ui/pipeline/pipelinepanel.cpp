#include "ui/pipeline/pipelinepanel.h"

#include "core/catalog/builtin.h"
#include "core/pipeline/registry.h"
#include "ui/pipeline/catalogdialog.h"
#include "ui/pipeline/parametereditor.h"
#include "ui/pipeline/steptree.h"
#include "ui/preview/drawnvalues.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace augstudio::ui {

using json = nlohmann::json;
using Pointer = json::json_pointer;

namespace {

QString describeStep(const json& step) {
    const QString kind = PipelineModel::groupKind(step);
    if (kind.isEmpty())
        return shortTransformName(step.value("transform", std::string()));
    const size_t n = step[kind.toStdString()].size();
    if (kind == QLatin1String("some_of") && step.contains("n") && step["n"].is_array())
        return QObject::tr("some of %1 (pick %2-%3)")
            .arg(n)
            .arg(step["n"][0].get<int64_t>())
            .arg(step["n"][1].get<int64_t>());
    return kind == QLatin1String("one_of") ? QObject::tr("one of %1").arg(n)
                                           : QObject::tr("sequence of %1").arg(n);
}

} // namespace

PipelinePanel::PipelinePanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    layout->addWidget(splitter);

    auto* top = new QWidget(splitter);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    tree_ = new StepTree(top);
    tree_->setColumnCount(2);
    tree_->setHeaderLabels({tr("Step"), tr("p")});
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree_->setObjectName(QStringLiteral("steps"));
    topLayout->addWidget(tree_, 1);
    auto* buttons = new QHBoxLayout;
    auto makeButton = [&](const QString& text, const QString& tip) {
        auto* b = new QToolButton(top);
        b->setText(text);
        b->setToolTip(tip);
        buttons->addWidget(b);
        return b;
    };
    QToolButton* add = makeButton(tr("+ Add"), tr("Add a step from the catalog (Ctrl+T)"));
    QToolButton* remove = makeButton(tr("- Remove"), tr("Remove the selected step (Del)"));
    QToolButton* oneOf = makeButton(tr("One of"), tr("Group the selected steps: one is applied"));
    QToolButton* someOf =
        makeButton(tr("Some of"), tr("Group the selected steps: n of them are applied"));
    QToolButton* ungroup = makeButton(tr("Ungroup"), tr("Dissolve the selected group"));
    buttons->addStretch();
    topLayout->addLayout(buttons);
    fuse_ = new QCheckBox(tr("fuse"), top);
    fuse_->setObjectName(QStringLiteral("fuse"));
    fuse_->setChecked(true);
    fuse_->setToolTip(tr("Fused execution: consecutive geometric steps resample once, "
                         "consecutive level steps are one table (same draws; off: step by step)"));
    topLayout->addWidget(fuse_);
    connect(fuse_, &QCheckBox::toggled, this, [this](bool on) {
        if (model_ && !rebuilding_)
            model_->setField(json::json_pointer("/fuse"), on);
    });
    error_ = new QLabel(top);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->hide();
    topLayout->addWidget(error_);

    auto* bottom = new QWidget(splitter);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(bottom);
    title_->setWordWrap(true);
    bottomLayout->addWidget(title_);
    commonRow_ = new QWidget(bottom);
    auto* common = new QHBoxLayout(commonRow_);
    common->setContentsMargins(0, 0, 0, 0);
    enabled_ = new QCheckBox(tr("enabled"), commonRow_);
    pSlider_ = new QSlider(Qt::Horizontal, commonRow_);
    pSlider_->setRange(0, 100);
    pSlider_->setObjectName(QStringLiteral("p"));
    pSpin_ = new QDoubleSpinBox(commonRow_);
    pSpin_->setRange(0, 1);
    pSpin_->setDecimals(2);
    pSpin_->setSingleStep(0.05);
    pSpin_->setKeyboardTracking(false);
    pSlider_->setToolTip(tr("Probability that this step runs for a sample"));
    common->addWidget(enabled_);
    common->addWidget(new QLabel(tr("p"), commonRow_));
    common->addWidget(pSlider_, 1);
    common->addWidget(pSpin_);
    bottomLayout->addWidget(commonRow_);
    nEditor_ = new ParameterEditor(bottom);
    nEditor_->setObjectName(QStringLiteral("groupEditor"));
    bottomLayout->addWidget(nEditor_);
    weightEditor_ = new ParameterEditor(bottom);
    weightEditor_->setObjectName(QStringLiteral("weightEditor"));
    bottomLayout->addWidget(weightEditor_);
    auto* scroll = new QScrollArea(bottom);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    editor_ = new ParameterEditor(scroll);
    scroll->setWidget(editor_);
    bottomLayout->addWidget(scroll, 1);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    commonRow_->setEnabled(false);

    connect(add, &QToolButton::clicked, this, &PipelinePanel::addStepFromCatalog);
    connect(remove, &QToolButton::clicked, this, &PipelinePanel::removeSelected);
    connect(oneOf, &QToolButton::clicked, this,
            [this] { groupSelected(QStringLiteral("one_of")); });
    connect(someOf, &QToolButton::clicked, this,
            [this] { groupSelected(QStringLiteral("some_of")); });
    connect(ungroup, &QToolButton::clicked, this, &PipelinePanel::ungroupSelected);
    connect(tree_, &QTreeWidget::itemSelectionChanged, this, [this] {
        if (!rebuilding_)
            showSelected();
    });
    connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (rebuilding_ || column != 0 || !model_)
            return;
        const Pointer ptr(item->data(0, StepTree::kPointerRole).toString().toStdString());
        model_->setEnabled(ptr, item->checkState(0) == Qt::Checked);
    });
    connect(tree_, &StepTree::moveRequested, this,
            [this](const QString& step, const QString& toArray, int index) {
                if (model_)
                    model_->moveStep(Pointer(step.toStdString()), Pointer(toArray.toStdString()),
                                     index);
            });
    connect(enabled_, &QCheckBox::toggled, this, [this](bool on) {
        if (model_ && !shownStep_.isEmpty())
            model_->setEnabled(Pointer(shownStep_.toStdString()), on);
    });
    connect(pSlider_, &QSlider::valueChanged, this, [this](int v) {
        const QSignalBlocker block(pSpin_);
        pSpin_->setValue(v / 100.0);
        if (model_ && !shownStep_.isEmpty())
            model_->setField(Pointer(shownStep_.toStdString()) / "p", v / 100.0,
                             pSlider_->isSliderDown());
    });
    connect(pSlider_, &QSlider::sliderReleased, this, [this] {
        if (model_ && !shownStep_.isEmpty())
            model_->setField(Pointer(shownStep_.toStdString()) / "p", pSlider_->value() / 100.0,
                             false);
    });
    connect(pSpin_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const QSignalBlocker block(pSlider_);
        pSlider_->setValue(int(std::lround(v * 100)));
        if (model_ && !shownStep_.isEmpty())
            model_->setField(Pointer(shownStep_.toStdString()) / "p", v, false);
    });
    connect(editor_, &ParameterEditor::edited, this,
            [this](const QString& name, const json& value, bool open) {
                if (model_ && !shownStep_.isEmpty())
                    model_->setField(Pointer(shownStep_.toStdString()) / "params" /
                                         name.toStdString(),
                                     value, open);
            });
    connect(weightEditor_, &ParameterEditor::edited, this,
            [this](const QString&, const json& value, bool open) {
                if (model_ && !shownStep_.isEmpty() && value.is_number())
                    model_->setWeight(Pointer(shownStep_.toStdString()), value.get<double>(), open);
            });
    connect(nEditor_, &ParameterEditor::edited, this,
            [this](const QString& name, const json& value, bool open) {
                if (model_ && !shownStep_.isEmpty())
                    model_->setField(Pointer(shownStep_.toStdString()) / name.toStdString(), value,
                                     open);
            });
}

void PipelinePanel::setModel(PipelineModel* model) {
    if (model_ == model)
        return;
    if (model_)
        disconnect(model_, nullptr, this, nullptr);
    model_ = model;
    shownStep_.clear();
    shownTransform_.clear();
    if (model_)
        connect(model_, &PipelineModel::documentChanged, this, [this] {
            rebuildTree();
            refreshEditorValues();
        });
    rebuildTree();
    showSelected();
}

QString PipelinePanel::selectedStep() const {
    const QTreeWidgetItem* item = tree_->currentItem();
    return item && item->isSelected() ? item->data(0, StepTree::kPointerRole).toString()
                                      : QString();
}

void PipelinePanel::selectStep(const QString& pointer) {
    QTreeWidgetItemIterator it(tree_);
    while (*it) {
        if ((*it)->data(0, StepTree::kPointerRole).toString() == pointer) {
            tree_->setCurrentItem(*it);
            return;
        }
        ++it;
    }
}

std::vector<Pointer> PipelinePanel::selectedSteps() const {
    std::vector<Pointer> out;
    for (const QTreeWidgetItem* item : tree_->selectedItems())
        out.emplace_back(item->data(0, StepTree::kPointerRole).toString().toStdString());
    return out;
}

void PipelinePanel::rebuildTree() {
    rebuilding_ = true;
    const QString keep = shownStep_;
    tree_->clear();
    if (model_) {
        const json& doc = model_->document();
        fuse_->setChecked(!doc.contains("fuse") || doc["fuse"] != json(false));
        std::map<std::string, QTreeWidgetItem*> items;
        for (const Pointer& ptr : model_->stepPointers()) {
            const json& step = doc[ptr];
            // A step's parent item is two levels up (".../<group>/<key>/<i>").
            const Pointer parentArray = ptr.parent_pointer();
            QTreeWidgetItem* parent = nullptr;
            if (parentArray != Pointer("/steps"))
                parent = items[parentArray.parent_pointer().to_string()];
            auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree_);
            const QString kind = PipelineModel::groupKind(step);
            item->setText(0, describeStep(step));
            if (model_->isOneOfChild(ptr) &&
                doc[ptr.parent_pointer().parent_pointer()].contains("weights"))
                item->setText(0, tr("%1  (weight %2)")
                                     .arg(describeStep(step))
                                     .arg(model_->weight(ptr), 0, 'g', 3));
            item->setText(1, QString::number(step.value("p", 1.0), 'g', 3));
            item->setData(0, StepTree::kPointerRole, QString::fromStdString(ptr.to_string()));
            item->setData(0, StepTree::kGroupRole, kind);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable |
                           Qt::ItemIsDragEnabled |
                           (kind.isEmpty() ? Qt::NoItemFlags : Qt::ItemIsDropEnabled));
            item->setCheckState(0, step.value("enabled", true) ? Qt::Checked : Qt::Unchecked);
            if (kind.isEmpty()) {
                if (const auto* info =
                        core::builtinRegistry().find(step.value("transform", std::string())))
                    item->setToolTip(0, QString::fromStdString(info->id + ": " + info->summary));
            } else {
                QFont f = item->font(0);
                f.setItalic(true);
                item->setFont(0, f);
                item->setExpanded(true);
            }
            items[ptr.to_string()] = item;
        }
        tree_->expandAll();
        error_->setVisible(!model_->error().isEmpty());
        error_->setText(model_->error());
    }
    if (!keep.isEmpty())
        selectStep(keep);
    rebuilding_ = false;
    if (selectedStep() != keep)
        showSelected();
}

void PipelinePanel::showSelected() {
    const QString ptrText = selectedStep();
    shownStep_ = ptrText;
    shownTransform_.clear();
    editor_->clear();
    nEditor_->clear();
    weightEditor_->clear();
    commonRow_->setEnabled(false);
    if (!model_ || ptrText.isEmpty() ||
        !model_->document().contains(Pointer(ptrText.toStdString()))) {
        title_->setText(model_ && model_->document()["steps"].empty()
                            ? tr("No steps yet: press + Add to pick a transform.")
                            : tr("Select a step to edit its parameters."));
        return;
    }
    const json& step = model_->document()[Pointer(ptrText.toStdString())];
    commonRow_->setEnabled(true);
    {
        const QSignalBlocker b1(enabled_), b2(pSlider_), b3(pSpin_);
        enabled_->setChecked(step.value("enabled", true));
        pSlider_->setValue(int(std::lround(step.value("p", 1.0) * 100)));
        pSpin_->setValue(step.value("p", 1.0));
    }
    const Pointer ptr(ptrText.toStdString());
    if (model_->isOneOfChild(ptr))
        weightEditor_->build({core::floatParam("weight", 1.0, 0.0, 10.0,
                                               "relative chance that the one_of picks this step "
                                               "(the group's weights need not sum to 1)",
                                               {}, 0.05)},
                             json{{"weight", model_->weight(ptr)}});
    const QString kind = PipelineModel::groupKind(step);
    if (!kind.isEmpty()) {
        shownTransform_ = kind.toStdString();
        title_->setText(tr("<b>%1</b> group").arg(kind));
        if (kind == QLatin1String("some_of")) {
            const int64_t count = int64_t(step["some_of"].size());
            nEditor_->build(
                {core::intRangeParam("n", 1, count, 0, count, "how many of the group's steps run")},
                step);
        }
        return;
    }
    const std::string id = step.value("transform", std::string());
    shownTransform_ = id;
    const core::TransformInfo* info = core::builtinRegistry().find(id);
    if (!info) {
        title_->setText(tr("Unknown transform %1").arg(QString::fromStdString(id)));
        return;
    }
    title_->setText(QStringLiteral("<b>%1</b><br><small>%2</small>")
                        .arg(QString::fromStdString(info->id),
                             QString::fromStdString(info->summary).toHtmlEscaped()));
    editor_->build(info->params, step.value("params", json::object()));
}

void PipelinePanel::refreshEditorValues() {
    if (!model_ || shownStep_.isEmpty())
        return;
    const Pointer ptr(shownStep_.toStdString());
    if (!model_->document().contains(ptr)) {
        showSelected();
        return;
    }
    const json& step = model_->document()[ptr];
    const QString kind = PipelineModel::groupKind(step);
    const std::string what =
        kind.isEmpty() ? step.value("transform", std::string()) : kind.toStdString();
    if (what != shownTransform_) {
        showSelected();
        return;
    }
    const QSignalBlocker b1(enabled_), b2(pSpin_);
    enabled_->setChecked(step.value("enabled", true));
    pSpin_->setValue(step.value("p", 1.0));
    if (!pSlider_->isSliderDown()) {
        const QSignalBlocker b3(pSlider_);
        pSlider_->setValue(int(std::lround(step.value("p", 1.0) * 100)));
    }
    if (kind.isEmpty())
        editor_->setValues(step.value("params", json::object()));
    else
        nEditor_->setValues(step);
    // The weight editor belongs to the step's position: rebuilt when that changed kind.
    if (model_->isOneOfChild(ptr) != (weightEditor_->editorCount() > 0))
        showSelected();
    else if (model_->isOneOfChild(ptr))
        weightEditor_->setValues(json{{"weight", model_->weight(ptr)}});
}

void PipelinePanel::addStepFromCatalog() {
    if (!model_)
        return;
    CatalogDialog dialog(model_->modality(), this);
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedId().isEmpty())
        addStep(dialog.selectedId());
}

void PipelinePanel::addStep(const QString& transformId) {
    if (!model_)
        return;
    const QString sel = selectedStep();
    std::optional<Pointer> after;
    if (!sel.isEmpty())
        after = Pointer(sel.toStdString());
    model_->addStep(transformId.toStdString(), after);
    // Select the new step so its editors show at once.
    const auto ptrs = model_->stepPointers();
    Pointer added = ptrs.empty() ? Pointer() : ptrs.back();
    if (after) {
        const Pointer parent = after->parent_pointer();
        added = parent / (std::stoul(after->back()) + 1);
    } else {
        added = Pointer("/steps") / (model_->document()["steps"].size() - 1);
    }
    selectStep(QString::fromStdString(added.to_string()));
}

void PipelinePanel::removeSelected() {
    if (model_)
        model_->removeSteps(selectedSteps());
}

void PipelinePanel::groupSelected(const QString& kind) {
    if (model_)
        model_->groupSteps(selectedSteps(), kind.toStdString());
}

void PipelinePanel::ungroupSelected() {
    if (model_ && !selectedStep().isEmpty())
        model_->ungroup(Pointer(selectedStep().toStdString()));
}

} // namespace augstudio::ui

#include "ui/pipeline/pipelinemodel.h"

#include "core/util/error.h"
#include "ui/pipeline/setparamcommand.h"

#include <QFile>
#include <QSaveFile>

namespace augstudio::ui {

using json = nlohmann::json;
using Pointer = json::json_pointer;

namespace {

const char* const kGroupKeys[] = {"one_of", "some_of", "sequence"};

void collect(const json& steps, const Pointer& at, std::vector<Pointer>& out) {
    for (size_t i = 0; i < steps.size(); ++i) {
        const Pointer p = at / i;
        out.push_back(p);
        const QString kind = PipelineModel::groupKind(steps[i]);
        if (!kind.isEmpty())
            collect(steps[i][kind.toStdString()], p / kind.toStdString(), out);
    }
}

bool removeNull(json& steps) {
    for (auto it = steps.begin(); it != steps.end(); ++it) {
        if (it->is_null()) {
            steps.erase(it);
            return true;
        }
        const QString kind = PipelineModel::groupKind(*it);
        if (!kind.isEmpty() && removeNull((*it)[kind.toStdString()]))
            return true;
    }
    return false;
}

json defaultsOf(const core::TransformInfo& info) {
    json params = json::object();
    for (const auto& spec : info.params)
        params[spec.name] = spec.defaultValue;
    return params;
}

} // namespace

PipelineModel::PipelineModel(core::Modality modality, QObject* parent)
    : QObject(parent), modality_(modality) {
    connect(&undo_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
    resetDocument(emptyDocument(modality));
}

json PipelineModel::emptyDocument(core::Modality modality) {
    return {{"version", core::Pipeline::kVersion},
            {"modality", core::modalityName(modality)},
            {"seed", 42},
            {"steps", json::array()}};
}

QString PipelineModel::groupKind(const json& step) {
    for (const char* k : kGroupKeys)
        if (step.is_object() && step.contains(k))
            return QString::fromLatin1(k);
    return {};
}

std::vector<Pointer> PipelineModel::stepPointers() const {
    std::vector<Pointer> out;
    if (doc_.contains("steps"))
        collect(doc_["steps"], Pointer("/steps"), out);
    return out;
}

bool PipelineModel::isGroup(const Pointer& step) const {
    return doc_.contains(step) && !groupKind(doc_[step]).isEmpty();
}

void PipelineModel::applyDocument(const json& doc) {
    doc_ = doc;
    try {
        pipeline_ = core::Pipeline::fromJson(doc_);
        error_.clear();
    } catch (const std::exception& e) {
        error_ = QString::fromStdString(e.what());
    }
    emit documentChanged();
}

void PipelineModel::resetDocument(const json& doc, const QString& filePath) {
    undo_.clear();
    filePath_ = filePath;
    applyDocument(doc);
    undo_.setClean();
}

void PipelineModel::replaceDocument(const json& doc, const QString& what) {
    undo_.push(new DocumentCommand(this, doc_, doc, what));
}

void PipelineModel::addStep(const std::string& transformId, const std::optional<Pointer>& after) {
    const core::TransformInfo* info = core::Registry::builtin().find(transformId);
    if (!info)
        return;
    json step = {{"transform", info->id}, {"p", info->defaultP}, {"params", defaultsOf(*info)}};
    json doc = doc_;
    if (after && doc.contains(*after) && after->parent_pointer() != Pointer()) {
        json& arr = doc[after->parent_pointer()];
        const size_t index = size_t(std::stoul(after->back())) + 1;
        arr.insert(arr.begin() + std::ptrdiff_t(std::min(index, arr.size())), step);
    } else {
        doc["steps"].push_back(step);
    }
    replaceDocument(doc, tr("Add %1").arg(QString::fromStdString(transformId)));
}

void PipelineModel::removeStep(const Pointer& step) {
    if (!doc_.contains(step) || step.parent_pointer() == Pointer())
        return;
    json doc = doc_;
    json& arr = doc[step.parent_pointer()];
    arr.erase(arr.begin() + std::ptrdiff_t(std::stoul(step.back())));
    replaceDocument(doc, tr("Remove step"));
}

void PipelineModel::moveStep(const Pointer& step, const Pointer& toArray, int index) {
    if (!doc_.contains(step) || !doc_.contains(toArray) || !doc_[toArray].is_array())
        return;
    // A group cannot move into itself.
    if (toArray.to_string().rfind(step.to_string() + "/", 0) == 0)
        return;
    const Pointer from = step.parent_pointer();
    const int fromIndex = std::stoi(step.back());
    const int size = int(doc_[toArray].size());
    index = std::clamp(index, 0, size);
    if (from == toArray && (index == fromIndex || index == fromIndex + 1))
        return; // dropped where it already is
    // Leave a null where the step was, insert the copy (every pointer still valid), then
    // remove the null: no index arithmetic across nesting levels.
    json doc = doc_;
    const json moved = doc[step];
    doc[step] = nullptr;
    json& dst = doc[toArray];
    dst.insert(dst.begin() + index, moved);
    removeNull(doc["steps"]);
    replaceDocument(doc, tr("Move step"));
}

void PipelineModel::setEnabled(const Pointer& step, bool enabled) {
    setField(step / "enabled", enabled);
}

void PipelineModel::setField(const Pointer& field, const json& value, bool open) {
    const json before = doc_.contains(field) ? doc_[field] : json();
    if (before == value && !open) {
        // Only worth recording when it closes an open slider drag.
        const auto* top =
            undo_.index() > 0
                ? dynamic_cast<const SetParamCommand*>(undo_.command(undo_.index() - 1))
                : nullptr;
        if (!top || !top->isOpen() || top->field() != field)
            return;
    }
    undo_.push(new SetParamCommand(this, field, before, value, open));
}

void PipelineModel::groupSteps(const std::vector<Pointer>& steps, const std::string& kind) {
    if (steps.empty())
        return;
    const Pointer parent = steps.front().parent_pointer();
    std::vector<int> indices;
    for (const auto& s : steps) {
        if (s.parent_pointer() != parent || !doc_.contains(s))
            return; // only siblings group together
        indices.push_back(std::stoi(s.back()));
    }
    std::sort(indices.begin(), indices.end());
    json doc = doc_;
    json& arr = doc[parent];
    json children = json::array();
    for (int i : indices)
        children.push_back(arr[size_t(i)]);
    for (auto it = indices.rbegin(); it != indices.rend(); ++it)
        arr.erase(arr.begin() + *it);
    json group = {{kind, children}, {"p", 1.0}};
    if (kind == "some_of")
        group["n"] = {1, std::max<int64_t>(1, int64_t(children.size()) - 1)};
    arr.insert(arr.begin() + indices.front(), group);
    replaceDocument(doc, tr("Group as %1").arg(QString::fromStdString(kind)));
}

void PipelineModel::ungroup(const Pointer& group) {
    if (!isGroup(group))
        return;
    json doc = doc_;
    const json children = doc[group][groupKind(doc[group]).toStdString()];
    json& arr = doc[group.parent_pointer()];
    const int index = std::stoi(group.back());
    arr.erase(arr.begin() + index);
    arr.insert(arr.begin() + index, children.begin(), children.end());
    replaceDocument(doc, tr("Ungroup"));
}

void PipelineModel::open(const QString& path) {
    const core::Pipeline loaded = core::Pipeline::load(path.toStdString());
    if (loaded.modality() != modality_)
        throw core::PipelineError(path.toStdString() + ": modality",
                                  std::string("this pipeline is for ") +
                                      core::modalityName(loaded.modality()) +
                                      ", the open dataset is " + core::modalityName(modality_));
    resetDocument(loaded.toJson(), path);
}

void PipelineModel::save(const QString& path) {
    // The normalised document when valid (every default filled in: what the CLI runs).
    const json out = pipeline_ && error_.isEmpty() ? pipeline_->toJson() : doc_;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw core::IoError(path.toStdString(), file.errorString().toStdString());
    const std::string text = out.dump(2) + "\n";
    file.write(text.data(), qint64(text.size()));
    if (!file.commit())
        throw core::IoError(path.toStdString(), file.errorString().toStdString());
    filePath_ = path;
    undo_.setClean();
}

} // namespace augstudio::ui

#include "ui/pipeline/pipelinemodel.h"

#include "core/catalog/builtin.h"
#include "core/util/error.h"
#include "ui/pipeline/setparamcommand.h"

#include <QFile>
#include <QSaveFile>

#include <algorithm>

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

// Structural edits (add, remove, move, group) keep a one_of's weights with their steps: the
// weights ride on the children while the arrays change, then are collected again.
constexpr const char* kWeightTag = "__weight";
constexpr const char* kWeightedTag = "__weighted";

void tagWeights(json& steps) {
    for (json& step : steps) {
        const std::string kind = PipelineModel::groupKind(step).toStdString();
        if (kind.empty())
            continue;
        json& children = step[kind];
        if (kind == "one_of" && step.contains("weights") && step["weights"].is_array() &&
            step["weights"].size() == children.size()) {
            for (size_t i = 0; i < children.size(); ++i)
                if (children[i].is_object())
                    children[i][kWeightTag] = step["weights"][i];
            step.erase("weights");
            step[kWeightedTag] = true;
        }
        tagWeights(children);
    }
}

void untagWeights(json& steps) {
    for (json& step : steps) {
        if (!step.is_object())
            continue;
        step.erase(kWeightTag); // outside a weighted one_of now
        const std::string kind = PipelineModel::groupKind(step).toStdString();
        if (kind.empty())
            continue;
        json& children = step[kind];
        bool weighted = step.contains(kWeightedTag);
        step.erase(kWeightedTag);
        if (kind == "one_of") {
            json weights = json::array();
            for (const json& c : children) {
                weighted = weighted || (c.is_object() && c.contains(kWeightTag));
                weights.push_back(c.is_object() ? c.value(kWeightTag, json(1.0)) : json(1.0));
            }
            if (weighted && !children.empty())
                step["weights"] = weights;
        }
        untagWeights(children);
    }
}

json withWeightTags(json doc) {
    if (doc.contains("steps") && doc["steps"].is_array())
        tagWeights(doc["steps"]);
    return doc;
}

json withoutWeightTags(json doc) {
    if (doc.contains("steps") && doc["steps"].is_array())
        untagWeights(doc["steps"]);
    return doc;
}

// Document order of two step pointers, numbers compared as numbers ("/steps/10" after
// "/steps/9"); an ancestor comes before its descendants.
bool beforeInDocument(const Pointer& a, const Pointer& b) {
    const auto ta = QString::fromStdString(a.to_string()).split(QLatin1Char('/'));
    const auto tb = QString::fromStdString(b.to_string()).split(QLatin1Char('/'));
    for (qsizetype i = 0; i < std::min(ta.size(), tb.size()); ++i) {
        if (ta[i] == tb[i])
            continue;
        bool na = false, nb = false;
        const qlonglong ia = ta[i].toLongLong(&na), ib = tb[i].toLongLong(&nb);
        return na && nb ? ia < ib : ta[i] < tb[i];
    }
    return ta.size() < tb.size();
}

bool isInside(const Pointer& step, const Pointer& group) {
    const std::string s = step.to_string(), g = group.to_string() + "/";
    return s.size() > g.size() && s.compare(0, g.size(), g) == 0;
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
        pipeline_ = core::pipelineFromJson(doc_);
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
    const core::TransformInfo* info = core::builtinRegistry().find(transformId);
    if (!info)
        return;
    json step = {{"transform", info->id}, {"p", info->defaultP}, {"params", defaultsOf(*info)}};
    json doc = withWeightTags(doc_);
    if (after && doc.contains(*after) && after->parent_pointer() != Pointer()) {
        json& arr = doc[after->parent_pointer()];
        const size_t index = size_t(std::stoul(after->back())) + 1;
        arr.insert(arr.begin() + std::ptrdiff_t(std::min(index, arr.size())), step);
    } else {
        doc["steps"].push_back(step);
    }
    replaceDocument(withoutWeightTags(doc), tr("Add %1").arg(QString::fromStdString(transformId)));
}

void PipelineModel::removeStep(const Pointer& step) {
    removeSteps({step});
}

void PipelineModel::removeSteps(std::vector<Pointer> steps) {
    std::erase_if(steps, [this](const Pointer& p) {
        return !doc_.contains(p) || p.parent_pointer() == Pointer() ||
               !doc_[p.parent_pointer()].is_array();
    });
    // Last in the document first: removing a step then never shifts one still to remove.
    std::sort(steps.begin(), steps.end(),
              [](const Pointer& a, const Pointer& b) { return beforeInDocument(b, a); });
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    const std::vector<Pointer> selected = steps; // erase_if moves elements while it runs
    std::erase_if(steps, [&selected](const Pointer& p) {
        return std::any_of(selected.begin(), selected.end(),
                           [&p](const Pointer& group) { return isInside(p, group); });
    });
    if (steps.empty())
        return;
    json doc = withWeightTags(doc_);
    for (const Pointer& step : steps) {
        json& arr = doc[step.parent_pointer()];
        arr.erase(arr.begin() + std::ptrdiff_t(std::stoul(step.back())));
    }
    replaceDocument(withoutWeightTags(doc), steps.size() == 1
                                                ? tr("Remove step")
                                                : tr("Remove %1 steps").arg(steps.size()));
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
    json doc = withWeightTags(doc_);
    const json moved = doc[step];
    doc[step] = nullptr;
    json& dst = doc[toArray];
    dst.insert(dst.begin() + index, moved);
    removeNull(doc["steps"]);
    replaceDocument(withoutWeightTags(doc), tr("Move step"));
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
    json doc = withWeightTags(doc_);
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
    replaceDocument(withoutWeightTags(doc), tr("Group as %1").arg(QString::fromStdString(kind)));
}

void PipelineModel::ungroup(const Pointer& group) {
    if (!isGroup(group))
        return;
    json doc = withWeightTags(doc_);
    const json children = doc[group][groupKind(doc[group]).toStdString()];
    json& arr = doc[group.parent_pointer()];
    const int index = std::stoi(group.back());
    arr.erase(arr.begin() + index);
    arr.insert(arr.begin() + index, children.begin(), children.end());
    replaceDocument(withoutWeightTags(doc), tr("Ungroup"));
}

bool PipelineModel::isOneOfChild(const Pointer& step) const {
    return doc_.contains(step) && step.parent_pointer() != Pointer() &&
           step.parent_pointer().back() == "one_of" &&
           step.parent_pointer().parent_pointer() != Pointer();
}

double PipelineModel::weight(const Pointer& step) const {
    if (!isOneOfChild(step))
        return 1.0;
    const json& group = doc_[step.parent_pointer().parent_pointer()];
    const size_t index = std::stoul(step.back());
    if (group.contains("weights") && group["weights"].is_array() &&
        index < group["weights"].size() && group["weights"][index].is_number())
        return group["weights"][index].get<double>();
    return 1.0;
}

void PipelineModel::setWeight(const Pointer& step, double weight, bool open) {
    if (!isOneOfChild(step))
        return;
    const Pointer group = step.parent_pointer().parent_pointer();
    const size_t count = doc_[group]["one_of"].size();
    json weights = doc_[group].value("weights", json());
    if (!weights.is_array() || weights.size() != count)
        weights = json(std::vector<double>(count, 1.0));
    weights[std::stoul(step.back())] = weight;
    setField(group / "weights", weights, open);
}

void PipelineModel::open(const QString& path) {
    const core::Pipeline loaded = core::loadPipeline(path.toStdString());
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

#include "ui/pipeline/setparamcommand.h"

#include "ui/pipeline/pipelinemodel.h"

namespace augstudio::ui {

SetParamCommand::SetParamCommand(PipelineModel* model, nlohmann::json::json_pointer field,
                                 nlohmann::json before, nlohmann::json after, bool open)
    : model_(model), field_(std::move(field)), before_(std::move(before)), after_(std::move(after)),
      open_(open) {
    setText(QObject::tr("Set %1").arg(QString::fromStdString(field_.back())));
}

bool SetParamCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const SetParamCommand*>(other);
    if (!open_ || next->field_ != field_ || next->model_ != model_)
        return false;
    after_ = next->after_;
    open_ = next->open_;
    setObsolete(after_ == before_);
    return true;
}

void SetParamCommand::set(const nlohmann::json& value) {
    nlohmann::json doc = model_->document();
    // Null stands for "the field was absent" (the undo of a first edit): remove it again.
    if (value.is_null() && doc.contains(field_) && doc[field_.parent_pointer()].is_object())
        doc[field_.parent_pointer()].erase(field_.back());
    else
        doc[field_] = value;
    model_->applyDocument(doc);
}

void SetParamCommand::undo() {
    set(before_);
}
void SetParamCommand::redo() {
    set(after_);
}

DocumentCommand::DocumentCommand(PipelineModel* model, nlohmann::json before, nlohmann::json after,
                                 const QString& text)
    : model_(model), before_(std::move(before)), after_(std::move(after)) {
    setText(text);
}

void DocumentCommand::undo() {
    model_->applyDocument(before_);
}
void DocumentCommand::redo() {
    model_->applyDocument(after_);
}

} // namespace augstudio::ui

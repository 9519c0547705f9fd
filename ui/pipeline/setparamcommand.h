#pragma once

#include <QUndoCommand>

#include <nlohmann/json.hpp>

namespace augstudio::ui {

class PipelineModel;

// The one undo command for a value edit (Tiled's ChangeValue): sets the field at a JSON
// pointer. While a slider is held the edits are "open" and merge into one step; the merged
// step drops itself when the value ends where it started.
class SetParamCommand : public QUndoCommand {
public:
    static constexpr int kId = 0x5e7;
    SetParamCommand(PipelineModel* model, nlohmann::json::json_pointer field, nlohmann::json before,
                    nlohmann::json after, bool open);

    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand* other) override;
    void undo() override;
    void redo() override;

    const nlohmann::json::json_pointer& field() const { return field_; }
    bool isOpen() const { return open_; }

private:
    void set(const nlohmann::json& value);

    PipelineModel* model_;
    nlohmann::json::json_pointer field_;
    nlohmann::json before_, after_;
    bool open_;
};

// A structural edit (add, remove, move, group, preset): the whole document before and after.
class DocumentCommand : public QUndoCommand {
public:
    DocumentCommand(PipelineModel* model, nlohmann::json before, nlohmann::json after,
                    const QString& text);
    void undo() override;
    void redo() override;

private:
    PipelineModel* model_;
    nlohmann::json before_, after_;
};

} // namespace augstudio::ui

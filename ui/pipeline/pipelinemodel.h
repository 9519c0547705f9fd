#pragma once

#include "core/pipeline/pipeline.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <nlohmann/json.hpp>

#include <optional>

namespace augstudio::ui {

// The pipeline being edited: the JSON document itself (the .augpipe.json the CLI runs) and
// its undo stack. Every edit goes through an undo command; after each one the document is
// rebuilt with core::Pipeline::fromJson, so what is saved is exactly what the preview and
// the CLI run. Steps are addressed by JSON pointers ("/steps/1/one_of/0").
class PipelineModel : public QObject {
    Q_OBJECT
public:
    using json = nlohmann::json;
    using Pointer = json::json_pointer;

    explicit PipelineModel(core::Modality modality, QObject* parent = nullptr);

    core::Modality modality() const { return modality_; }
    const json& document() const { return doc_; }
    // The last valid pipeline, and the error of the current document ("" when valid).
    const std::optional<core::Pipeline>& pipeline() const { return pipeline_; }
    const QString& error() const { return error_; }
    QUndoStack* undoStack() { return &undo_; }

    // Step pointers of the document's tree, in document order (groups before children).
    std::vector<Pointer> stepPointers() const;
    bool isGroup(const Pointer& step) const;
    static QString groupKind(const json& step); // "one_of", "some_of", "sequence" or ""

    // Undoable edits.
    void addStep(const std::string& transformId, const std::optional<Pointer>& after = {});
    void removeStep(const Pointer& step);
    // Removes exactly these steps in one undo step (deepest and last first, so no removal
    // shifts another; a step inside a removed group goes with it).
    void removeSteps(std::vector<Pointer> steps);
    // Moves `step` into the array at `toArray` at `index` (index counted before removal).
    void moveStep(const Pointer& step, const Pointer& toArray, int index);
    void setEnabled(const Pointer& step, bool enabled);
    // A parameter (or "p", or a group's "n") of a step. `open` while a slider is held:
    // consecutive open edits of the same field merge into one undo step.
    void setField(const Pointer& field, const json& value, bool open = false);
    // A one_of child's weight (1 when the group has none); setting it writes the group's
    // "weights" (all 1 but this one if it had none). `open` as for setField.
    bool isOneOfChild(const Pointer& step) const;
    double weight(const Pointer& step) const;
    void setWeight(const Pointer& step, double weight, bool open = false);
    void groupSteps(const std::vector<Pointer>& steps, const std::string& kind);
    void ungroup(const Pointer& group);
    void replaceDocument(const json& doc, const QString& what);

    // Not undoable: a new document (opened file, modality switch); clears the undo stack.
    void resetDocument(const json& doc, const QString& filePath = {});
    static json emptyDocument(core::Modality modality);

    // File state.
    const QString& filePath() const { return filePath_; }
    bool isModified() const { return !undo_.isClean(); }
    // Throws core::Error naming the file and the reason.
    void open(const QString& path);
    void save(const QString& path);

    // Applies a document without recording (used by the undo commands).
    void applyDocument(const json& doc);

signals:
    void documentChanged();
    void modifiedChanged(bool modified);

private:
    core::Modality modality_;
    json doc_;
    std::optional<core::Pipeline> pipeline_;
    QString error_;
    QString filePath_;
    QUndoStack undo_;
};

} // namespace augstudio::ui

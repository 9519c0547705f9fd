#pragma once

#include "core/params/paramspec.h"

#include <QWidget>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>

class QFormLayout;

namespace augstudio::ui {

// Editors generated from a parameter schema (Tiled's variant editor): slider + spin box for
// numbers, a two-handle RangeSlider + two spin boxes for [lo, hi], a check box for bools, a
// combo box for choices, a line edit for text, paths and lists; each labelled with its unit
// and its help as tooltip. No per-transform code: a new transform gets editors for free.
class ParameterEditor : public QWidget {
    Q_OBJECT
public:
    explicit ParameterEditor(QWidget* parent = nullptr);

    // Rebuilds the editors for `schema` showing `values` (an object name -> value).
    void build(const std::vector<core::ParamSpec>& schema, const nlohmann::json& values);
    // Shows new values without rebuilding (undo/redo); never emits.
    void setValues(const nlohmann::json& values);
    void clear();
    int editorCount() const { return int(setters_.size()); }

signals:
    // `open` is true while a slider is held: the edits of one drag merge into one undo step.
    void edited(const QString& name, const nlohmann::json& value, bool open);

private:
    void addRow(const core::ParamSpec& spec, const nlohmann::json& value);
    QFormLayout* form_;
    std::map<std::string, std::function<void(const nlohmann::json&)>> setters_;
};

// Maps a bounded parameter onto integer slider positions.
struct SliderScale {
    double min = 0, max = 1, step = 0.01;
    static SliderScale of(const core::ParamSpec& spec);
    int positions() const;
    int toPosition(double v) const;
    double toValue(int position) const;
    int decimals() const;
};

} // namespace augstudio::ui

Q_DECLARE_METATYPE(nlohmann::json)

#include "ui/pipeline/parametereditor.h"

#include "ui/pipeline/rangeslider.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace augstudio::ui {

using json = nlohmann::json;
using core::ParamType;

SliderScale SliderScale::of(const core::ParamSpec& spec) {
    SliderScale s;
    const bool integer = spec.type == ParamType::Int || spec.type == ParamType::IntRange;
    s.min = std::isfinite(spec.min) ? spec.min : -1000;
    s.max = std::isfinite(spec.max) ? spec.max : 1000;
    if (spec.step > 0)
        s.step = spec.step;
    else if (integer)
        s.step = 1;
    else
        s.step = std::pow(10.0, std::floor(std::log10(std::max(1e-9, s.max - s.min))) - 2);
    if (integer)
        s.step = std::max(1.0, std::round(s.step));
    // Keep slider resolution sane for huge ranges.
    while ((s.max - s.min) / s.step > 100000)
        s.step *= 10;
    return s;
}

int SliderScale::positions() const {
    return int(std::lround((max - min) / step));
}
int SliderScale::toPosition(double v) const {
    return std::clamp(int(std::lround((v - min) / step)), 0, positions());
}
double SliderScale::toValue(int position) const {
    const double v = min + position * step;
    // Round away binary noise so the JSON reads 0.3, not 0.30000000000000004.
    const double q = std::pow(10.0, decimals());
    return std::clamp(std::round(v * q) / q, min, max);
}
int SliderScale::decimals() const {
    return std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
}

ParameterEditor::ParameterEditor(QWidget* parent) : QWidget(parent) {
    form_ = new QFormLayout(this);
    form_->setContentsMargins(0, 0, 0, 0);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

void ParameterEditor::clear() {
    setters_.clear();
    // Deleted later: clear() may run inside a signal of one of these editors.
    while (form_->rowCount() > 0) {
        const QFormLayout::TakeRowResult row = form_->takeRow(0);
        for (QLayoutItem* item : {row.labelItem, row.fieldItem})
            if (item && item->widget()) {
                item->widget()->hide();
                item->widget()->deleteLater();
            }
    }
}

void ParameterEditor::build(const std::vector<core::ParamSpec>& schema, const json& values) {
    clear();
    for (const auto& spec : schema)
        addRow(spec, values.contains(spec.name) ? values[spec.name] : spec.defaultValue);
}

void ParameterEditor::setValues(const json& values) {
    for (auto& [name, set] : setters_)
        if (values.contains(name))
            set(values[name]);
}

namespace {

double number(const json& v, double def = 0) {
    return v.is_number() ? v.get<double>() : def;
}

std::pair<double, double> pairOf(const json& v) {
    if (v.is_array() && v.size() == 2)
        return {number(v[0]), number(v[1])};
    return {number(v), number(v)};
}

QString tooltipOf(const core::ParamSpec& spec) {
    QString tip = QString::fromStdString(spec.help);
    if (spec.bounded())
        tip += QStringLiteral("\n[%1, %2]").arg(spec.min).arg(spec.max);
    if (!spec.unit.empty())
        tip += QStringLiteral(" ") + QString::fromStdString(spec.unit);
    tip += QObject::tr("\ndefault: %1").arg(QString::fromStdString(spec.defaultValue.dump()));
    return tip;
}

} // namespace

void ParameterEditor::addRow(const core::ParamSpec& spec, const json& value) {
    const QString name = QString::fromStdString(spec.name);
    QString labelText = name;
    if (!spec.unit.empty())
        labelText += QStringLiteral(" (%1)").arg(QString::fromStdString(spec.unit));
    auto* label = new QLabel(labelText, this);
    const QString tip = tooltipOf(spec);
    label->setToolTip(tip);
    auto* field = new QWidget(this);
    field->setToolTip(tip);
    field->setObjectName(name);
    auto* row = new QHBoxLayout(field);
    row->setContentsMargins(0, 0, 0, 0);
    const SliderScale scale = SliderScale::of(spec);
    const bool integer = spec.type == ParamType::Int || spec.type == ParamType::IntRange;
    auto emitValue = [this, name](const json& v, bool open) { emit edited(name, v, open); };
    auto toJson = [integer](double v) -> json {
        return integer ? json(int64_t(std::llround(v))) : json(v);
    };

    switch (spec.type) {
    case ParamType::Float:
    case ParamType::Int: {
        auto* spin = new QDoubleSpinBox(field);
        spin->setDecimals(integer ? 0 : scale.decimals());
        spin->setRange(std::isfinite(spec.min) ? spec.min : -1e9,
                       std::isfinite(spec.max) ? spec.max : 1e9);
        spin->setSingleStep(scale.step);
        spin->setKeyboardTracking(false);
        QSlider* slider = nullptr;
        if (spec.bounded()) {
            slider = new QSlider(Qt::Horizontal, field);
            slider->setRange(0, scale.positions());
            row->addWidget(slider, 1);
            connect(slider, &QSlider::valueChanged, this, [=](int pos) {
                const QSignalBlocker block(spin);
                spin->setValue(scale.toValue(pos));
                emitValue(toJson(scale.toValue(pos)), slider->isSliderDown());
            });
            connect(slider, &QSlider::sliderReleased, this,
                    [=] { emitValue(toJson(scale.toValue(slider->value())), false); });
        }
        row->addWidget(spin);
        connect(spin, &QDoubleSpinBox::valueChanged, this, [=](double v) {
            if (slider) {
                const QSignalBlocker block(slider);
                slider->setValue(scale.toPosition(v));
            }
            emitValue(toJson(v), false);
        });
        auto set = [=](const json& v) {
            const QSignalBlocker b1(spin);
            spin->setValue(number(v));
            if (slider && !slider->isSliderDown()) {
                const QSignalBlocker b2(slider);
                slider->setValue(scale.toPosition(number(v)));
            }
        };
        set(value);
        setters_[spec.name] = set;
        break;
    }
    case ParamType::Range:
    case ParamType::IntRange: {
        auto* slider = new RangeSlider(field);
        slider->setRange(0, scale.positions());
        auto makeSpin = [&] {
            auto* s = new QDoubleSpinBox(field);
            s->setDecimals(integer ? 0 : scale.decimals());
            s->setRange(scale.min, scale.max);
            s->setSingleStep(scale.step);
            s->setKeyboardTracking(false);
            return s;
        };
        auto* lo = makeSpin();
        auto* hi = makeSpin();
        row->addWidget(lo);
        row->addWidget(slider, 1);
        row->addWidget(hi);
        auto pairJson = [=](double a, double b) { return json::array({toJson(a), toJson(b)}); };
        connect(slider, &RangeSlider::valuesChanged, this, [=](int a, int b) {
            const QSignalBlocker b1(lo), b2(hi);
            lo->setValue(scale.toValue(a));
            hi->setValue(scale.toValue(b));
            emitValue(pairJson(scale.toValue(a), scale.toValue(b)), slider->isDragging());
        });
        connect(slider, &RangeSlider::dragFinished, this, [=] {
            emitValue(pairJson(scale.toValue(slider->lower()), scale.toValue(slider->upper())),
                      false);
        });
        auto spinEdited = [=] {
            double a = lo->value(), b = hi->value();
            if (a > b)
                std::swap(a, b);
            slider->setValues(scale.toPosition(a), scale.toPosition(b));
            emitValue(pairJson(a, b), false);
        };
        connect(lo, &QDoubleSpinBox::valueChanged, this, spinEdited);
        connect(hi, &QDoubleSpinBox::valueChanged, this, spinEdited);
        auto set = [=](const json& v) {
            const auto [a, b] = pairOf(v);
            const QSignalBlocker b1(lo), b2(hi);
            lo->setValue(a);
            hi->setValue(b);
            if (!slider->isDragging())
                slider->setValues(scale.toPosition(a), scale.toPosition(b));
        };
        set(value);
        setters_[spec.name] = set;
        break;
    }
    case ParamType::Bool: {
        auto* box = new QCheckBox(field);
        row->addWidget(box);
        row->addStretch();
        connect(box, &QCheckBox::toggled, this, [=](bool on) { emitValue(json(on), false); });
        auto set = [=](const json& v) {
            const QSignalBlocker b(box);
            box->setChecked(v.is_boolean() && v.get<bool>());
        };
        set(value);
        setters_[spec.name] = set;
        break;
    }
    case ParamType::Enum: {
        auto* combo = new QComboBox(field);
        for (const auto& c : spec.choices)
            combo->addItem(QString::fromStdString(c));
        row->addWidget(combo, 1);
        connect(combo, &QComboBox::currentTextChanged, this,
                [=](const QString& t) { emitValue(json(t.toStdString()), false); });
        auto set = [=](const json& v) {
            const QSignalBlocker b(combo);
            combo->setCurrentText(v.is_string() ? QString::fromStdString(v.get<std::string>())
                                                : QString());
        };
        set(value);
        setters_[spec.name] = set;
        break;
    }
    case ParamType::String:
    case ParamType::Path:
    case ParamType::FloatList: {
        auto* edit = new QLineEdit(field);
        const bool list = spec.type == ParamType::FloatList;
        if (list)
            edit->setPlaceholderText(tr("numbers separated by commas"));
        row->addWidget(edit, 1);
        connect(edit, &QLineEdit::editingFinished, this, [=] {
            if (!list) {
                emitValue(json(edit->text().toStdString()), false);
                return;
            }
            json arr = json::array();
            for (const QString& part : edit->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                bool ok = false;
                const double d = part.trimmed().toDouble(&ok);
                if (ok)
                    arr.push_back(d);
            }
            emitValue(arr, false);
        });
        auto set = [=](const json& v) {
            const QSignalBlocker b(edit);
            if (v.is_string()) {
                edit->setText(QString::fromStdString(v.get<std::string>()));
            } else if (v.is_array()) {
                QStringList parts;
                for (const auto& x : v)
                    parts << QString::number(number(x));
                edit->setText(parts.join(QStringLiteral(", ")));
            }
        };
        set(value);
        setters_[spec.name] = set;
        break;
    }
    }
    form_->addRow(label, field);
}

} // namespace augstudio::ui

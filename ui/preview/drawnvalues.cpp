#include "ui/preview/drawnvalues.h"

#include <QObject>
#include <QStringList>

#include <cmath>

namespace augstudio::ui {

using json = nlohmann::json;

namespace {

constexpr size_t kMaxScalars = 4; // list items shown before "…(+N)"
constexpr size_t kMaxEdits = 3;

const QChar kArrow(0x2192), kSwap(0x2194), kMinus(0x2212), kEllipsis(0x2026);

bool isSeed(const std::string& key, const json& v) {
    return (key == "seed" || (key.size() > 5 && key.compare(key.size() - 5, 5, "_seed") == 0)) &&
           v.is_number_integer();
}

QString text(const json& v) {
    return v.is_string() ? QString::fromStdString(v.get<std::string>()) : formatDrawnValue(v);
}

// "k=v k=v" over an object's fields, seeds left out.
QString pairs(const json& object) {
    QStringList out;
    for (const auto& [k, v] : object.items())
        if (!isSeed(k, v))
            out << QString::fromStdString(k) + QLatin1Char('=') + formatDrawnValue(v);
    return out.join(QLatin1Char(' '));
}

// One edit of a text transform by its shape; anything else as key=value pairs.
QString formatObject(const json& o) {
    if (o.contains("from") && o.contains("to"))
        return text(o["from"]) + kArrow + text(o["to"]);
    if (o.contains("words") && o["words"].is_array() && o["words"].size() == 2)
        return text(o["words"][0]) + kSwap + text(o["words"][1]);
    if (o.contains("word") && o.contains("synonym_of"))
        return QLatin1Char('+') + text(o["word"]);
    if (o.contains("char") && o.contains("after"))
        return QLatin1Char('+') + text(o["char"]);
    if (o.contains("at") && o.size() == 2 && o.contains("word"))
        return kMinus + text(o["word"]);
    if (o.contains("at") && o.contains("from") && o.value("op", std::string()) == "delete")
        return kMinus + text(o["from"]);
    // A partner of a mixing step: its key and soft-label weight (its class is in the strip).
    if (o.contains("key") && o.contains("weight") && o["weight"].is_number())
        return text(o["key"]) + QStringLiteral(" (") + formatDrawnValue(o["weight"]) +
               QLatin1Char(')');
    return pairs(o);
}

bool isListOfObjects(const json& v) {
    return v.is_array() && !v.empty() && v.front().is_object();
}

} // namespace

QString formatDrawnNumber(double x) {
    if (!std::isfinite(x))
        return QString::number(x);
    if (x == 0)
        return QStringLiteral("0");
    const double magnitude = std::floor(std::log10(std::abs(x)));
    if (magnitude < -3 || magnitude >= 9)
        return QString::number(x, 'g', 3);
    // 3 significant digits without an exponent: 3365.6 -> 3370, 0.014474 -> 0.0145.
    const int decimals = std::max(0, 2 - int(magnitude));
    const double scale = std::pow(10.0, 2 - magnitude);
    const double rounded = std::round(x * scale) / scale;
    QString s = QString::number(rounded, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s == QLatin1String("-0") ? QStringLiteral("0") : s;
}

QString formatDrawnValue(const json& v) {
    if (v.is_boolean())
        return v.get<bool>() ? QObject::tr("yes") : QObject::tr("no");
    if (v.is_number_unsigned())
        return QString::number(v.get<uint64_t>());
    if (v.is_number_integer())
        return QString::number(v.get<int64_t>());
    if (v.is_number())
        return formatDrawnNumber(v.get<double>());
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    if (v.is_null())
        return QObject::tr("none");
    if (v.is_object())
        return pairs(v);
    // Arrays.
    if (v.empty())
        return QObject::tr("none");
    if (isListOfObjects(v)) {
        QStringList parts;
        for (size_t i = 0; i < std::min(v.size(), kMaxEdits); ++i)
            parts << formatObject(v[i]);
        QString out = parts.join(QStringLiteral(", "));
        if (v.size() > kMaxEdits)
            out += QStringLiteral(" %1(+%2)").arg(kEllipsis).arg(v.size() - kMaxEdits);
        return out;
    }
    const size_t shown = v.front().is_array() ? kMaxEdits : kMaxScalars;
    QStringList parts;
    for (size_t i = 0; i < std::min(v.size(), shown); ++i)
        parts << (v[i].is_object() ? formatObject(v[i]) : formatDrawnValue(v[i]));
    if (v.size() > shown)
        parts << QStringLiteral("%1(+%2)").arg(kEllipsis).arg(v.size() - shown);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString formatDrawnValues(const json& values) {
    if (!values.is_object())
        return formatDrawnValue(values);
    std::vector<std::pair<std::string, const json*>> shown;
    for (const auto& [k, v] : values.items())
        if (!isSeed(k, v))
            shown.emplace_back(k, &v);
    if (shown.size() == 1 && isListOfObjects(*shown.front().second))
        return formatDrawnValue(*shown.front().second);
    QStringList out;
    for (const auto& [k, v] : shown)
        out << QString::fromStdString(k) + QLatin1Char('=') + formatDrawnValue(*v);
    return out.join(QLatin1Char(' '));
}

QString shortTransformName(const std::string& id) {
    const auto dot = id.find('.');
    return QString::fromStdString(dot == std::string::npos ? id : id.substr(dot + 1));
}

} // namespace augstudio::ui

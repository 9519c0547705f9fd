#include "core/params/paramspec.h"

namespace augstudio::core {

const char* paramTypeName(ParamType t) {
    switch (t) {
    case ParamType::Float:
        return "float";
    case ParamType::Int:
        return "int";
    case ParamType::Bool:
        return "bool";
    case ParamType::Enum:
        return "enum";
    case ParamType::Range:
        return "range";
    case ParamType::IntRange:
        return "int_range";
    case ParamType::String:
        return "string";
    case ParamType::Path:
        return "path";
    case ParamType::FloatList:
        return "float_list";
    }
    return "float";
}

nlohmann::json ParamSpec::toJson() const {
    nlohmann::json j = {{"name", name}, {"type", paramTypeName(type)}, {"default", defaultValue}};
    if (std::isfinite(min))
        j["min"] = min;
    if (std::isfinite(max))
        j["max"] = max;
    if (step > 0)
        j["step"] = step;
    if (!unit.empty())
        j["unit"] = unit;
    if (!choices.empty())
        j["choices"] = choices;
    j["help"] = help;
    return j;
}

ParamSpec floatParam(std::string name, double def, double min, double max, std::string help,
                     std::string unit, double step) {
    return {std::move(name), ParamType::Float, def, min, max, step,
            std::move(unit), std::move(help),  {}};
}

ParamSpec intParam(std::string name, int64_t def, int64_t min, int64_t max, std::string help,
                   std::string unit) {
    return {std::move(name), ParamType::Int,  def, double(min), double(max), 1.0,
            std::move(unit), std::move(help), {}};
}

ParamSpec boolParam(std::string name, bool def, std::string help) {
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::Bool;
    p.defaultValue = def;
    p.help = std::move(help);
    return p;
}

ParamSpec enumParam(std::string name, std::string def, std::vector<std::string> choices,
                    std::string help) {
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::Enum;
    p.defaultValue = std::move(def);
    p.choices = std::move(choices);
    p.help = std::move(help);
    return p;
}

ParamSpec rangeParam(std::string name, double lo, double hi, double min, double max,
                     std::string help, std::string unit, double step) {
    return {std::move(name),
            ParamType::Range,
            nlohmann::json::array({lo, hi}),
            min,
            max,
            step,
            std::move(unit),
            std::move(help),
            {}};
}

ParamSpec intRangeParam(std::string name, int64_t lo, int64_t hi, int64_t min, int64_t max,
                        std::string help, std::string unit) {
    return {std::move(name), ParamType::IntRange, nlohmann::json::array({lo, hi}),
            double(min),     double(max),         1.0,
            std::move(unit), std::move(help),     {}};
}

ParamSpec stringParam(std::string name, std::string def, std::string help) {
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::String;
    p.defaultValue = std::move(def);
    p.help = std::move(help);
    p.optional = true;
    return p;
}

ParamSpec pathParam(std::string name, std::string def, std::string help) {
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::Path;
    p.defaultValue = std::move(def);
    p.help = std::move(help);
    return p;
}

ParamSpec floatListParam(std::string name, std::vector<double> def, double min, double max,
                         std::string help) {
    ParamSpec p;
    p.name = std::move(name);
    p.type = ParamType::FloatList;
    p.defaultValue = def;
    p.min = min;
    p.max = max;
    p.help = std::move(help);
    return p;
}

ParamSpec interpolationParam(std::string def) {
    return enumParam("interpolation", std::move(def),
                     {"nearest", "linear", "cubic", "area", "lanczos"},
                     "pixel interpolation (OpenCV INTER_*)");
}

ParamSpec borderModeParam(std::string def) {
    return enumParam("border_mode", std::move(def),
                     {"constant", "replicate", "reflect", "reflect_101", "wrap"},
                     "how pixels outside the image are filled (Keras fill_mode: constant, "
                     "nearest = replicate, reflect, wrap)");
}

ParamSpec fillParam() {
    return floatParam("fill", 0.0, 0.0, 65535.0,
                      "constant fill value for border_mode constant (Keras cval)", "", 1.0);
}

} // namespace augstudio::core

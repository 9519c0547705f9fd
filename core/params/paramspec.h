#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace augstudio::core {

enum class ParamType { Float, Int, Bool, Enum, Range, IntRange, String, Path, FloatList };

const char* paramTypeName(ParamType t);

// One parameter of a transform: what the GUI builds an editor from, what the CLI prints,
// and what the pipeline loader validates against.
struct ParamSpec {
    std::string name;
    ParamType type = ParamType::Float;
    nlohmann::json defaultValue;
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    double step = 0.0; // editor step; 0 means "choose from the bounds"
    std::string unit;
    std::string help;
    std::vector<std::string> choices; // Enum only
    bool optional = false;            // String/Path: may be empty

    bool bounded() const { return std::isfinite(min) && std::isfinite(max); }
    nlohmann::json toJson() const; // the `transforms --json` shape
};

// Builders, so a schema reads as a table.
ParamSpec floatParam(std::string name, double def, double min, double max, std::string help,
                     std::string unit = {}, double step = 0.0);
ParamSpec intParam(std::string name, int64_t def, int64_t min, int64_t max, std::string help,
                   std::string unit = {});
ParamSpec boolParam(std::string name, bool def, std::string help);
ParamSpec enumParam(std::string name, std::string def, std::vector<std::string> choices,
                    std::string help);
ParamSpec rangeParam(std::string name, double lo, double hi, double min, double max,
                     std::string help, std::string unit = {}, double step = 0.0);
ParamSpec intRangeParam(std::string name, int64_t lo, int64_t hi, int64_t min, int64_t max,
                        std::string help, std::string unit = {});
ParamSpec stringParam(std::string name, std::string def, std::string help);
ParamSpec pathParam(std::string name, std::string def, std::string help);
ParamSpec floatListParam(std::string name, std::vector<double> def, double min, double max,
                         std::string help);

// The common image parameters, written once.
ParamSpec interpolationParam(std::string def = "linear");
ParamSpec borderModeParam(std::string def = "constant");
ParamSpec fillParam();

} // namespace augstudio::core

#pragma once

#include "core/params/paramspec.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace augstudio::core {

struct Range {
    double lo = 0, hi = 0;
};
struct IntRange {
    int64_t lo = 0, hi = 0;
};

// The validated parameters of one step, every parameter present (defaults filled in).
// Getters assume the name is in the schema: a wrong name is a programming error and throws.
class ParamSet {
public:
    ParamSet() = default;
    explicit ParamSet(nlohmann::json values) : values_(std::move(values)) {}

    double f(const std::string& name) const;
    int64_t i(const std::string& name) const;
    bool b(const std::string& name) const;
    const std::string& s(const std::string& name) const;
    Range range(const std::string& name) const;
    IntRange intRange(const std::string& name) const;
    std::vector<double> list(const std::string& name) const;

    const nlohmann::json& json() const { return values_; }

private:
    const nlohmann::json& at(const std::string& name) const;
    nlohmann::json values_ = nlohmann::json::object();
};

// Validates `given` (an object, possibly partial) against the schema and fills defaults.
// Throws PipelineError whose where() is `path + "." + name` and whose reason says what
// was expected, e.g. "expected a number or [lo, hi] within [-180, 180]".
ParamSet validateParams(const std::vector<ParamSpec>& schema, const nlohmann::json& given,
                        const std::string& path);

} // namespace augstudio::core

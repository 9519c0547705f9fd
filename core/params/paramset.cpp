#include "core/params/paramset.h"

#include "core/util/error.h"

#include <cmath>
#include <sstream>

namespace augstudio::core {

namespace {

std::string num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

std::string bounds(const ParamSpec& p) {
    if (!p.bounded())
        return {};
    return " within [" + num(p.min) + ", " + num(p.max) + "]";
}

bool inBounds(const ParamSpec& p, double v) {
    return std::isfinite(v) && v >= p.min && v <= p.max;
}

bool isInteger(const nlohmann::json& v) {
    if (v.is_number_integer())
        return true;
    return v.is_number_float() && std::floor(v.get<double>()) == v.get<double>();
}

// Returns the normalised value or throws with `where` and what was expected.
nlohmann::json check(const ParamSpec& p, const nlohmann::json& v, const std::string& where) {
    auto fail = [&](const std::string& expected) -> nlohmann::json {
        throw PipelineError(where, "expected " + expected);
    };
    switch (p.type) {
    case ParamType::Float:
        if (!v.is_number() || !inBounds(p, v.get<double>()))
            return fail("a number" + bounds(p));
        return v.get<double>();
    case ParamType::Int:
        if (!v.is_number() || !isInteger(v) || !inBounds(p, v.get<double>()))
            return fail("an integer" + bounds(p));
        return int64_t(v.get<double>());
    case ParamType::Bool:
        if (!v.is_boolean())
            return fail("true or false");
        return v;
    case ParamType::Enum: {
        std::string list;
        for (const auto& c : p.choices)
            list += (list.empty() ? "" : ", ") + c;
        if (!v.is_string())
            return fail("one of " + list);
        for (const auto& c : p.choices)
            if (c == v.get<std::string>())
                return v;
        return fail("one of " + list + " (got '" + v.get<std::string>() + "')");
    }
    case ParamType::Range:
    case ParamType::IntRange: {
        const bool ints = p.type == ParamType::IntRange;
        const std::string what = std::string(ints ? "an integer" : "a number") + " or [lo, hi]" +
                                 bounds(p) + (ints ? "" : "");
        double lo, hi;
        if (v.is_number()) {
            lo = hi = v.get<double>();
            if (ints && !isInteger(v))
                return fail(what);
        } else if (v.is_array() && v.size() == 2 && v[0].is_number() && v[1].is_number()) {
            if (ints && (!isInteger(v[0]) || !isInteger(v[1])))
                return fail(what);
            lo = v[0].get<double>();
            hi = v[1].get<double>();
        } else {
            return fail(what);
        }
        if (!inBounds(p, lo) || !inBounds(p, hi))
            return fail(what);
        if (lo > hi)
            return fail(what + " with lo <= hi");
        if (ints)
            return nlohmann::json::array({int64_t(lo), int64_t(hi)});
        return nlohmann::json::array({lo, hi});
    }
    case ParamType::String:
    case ParamType::Path:
        if (!v.is_string())
            return fail(p.type == ParamType::Path ? "a path (string)" : "a string");
        return v;
    case ParamType::FloatList: {
        if (v.is_number())
            return fail("a list of numbers" + bounds(p));
        // An empty list is valid where it is the default (ignore_values: none), so a
        // pipeline saved with every parameter written out loads again.
        const bool emptyAllowed = p.defaultValue.is_array() && p.defaultValue.empty();
        if (!v.is_array() || (v.empty() && !emptyAllowed))
            return fail("a list of numbers" + bounds(p));
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : v) {
            if (!e.is_number() || !inBounds(p, e.get<double>()))
                return fail("a list of numbers" + bounds(p));
            out.push_back(e.get<double>());
        }
        return out;
    }
    }
    return v;
}

} // namespace

ParamSet validateParams(const std::vector<ParamSpec>& schema, const nlohmann::json& given,
                        const std::string& path) {
    if (!given.is_null() && !given.is_object())
        throw PipelineError(path, "expected an object of parameters");
    nlohmann::json out = nlohmann::json::object();
    if (given.is_object()) {
        for (const auto& [key, value] : given.items()) {
            const ParamSpec* spec = nullptr;
            for (const auto& p : schema)
                if (p.name == key)
                    spec = &p;
            if (!spec) {
                std::string names;
                for (const auto& p : schema)
                    names += (names.empty() ? "" : ", ") + p.name;
                throw PipelineError(path + "." + key,
                                    "unknown parameter (this transform takes: " +
                                        (names.empty() ? std::string("none") : names) + ")");
            }
            out[key] = check(*spec, value, path + "." + key);
        }
    }
    for (const auto& p : schema)
        if (!out.contains(p.name))
            out[p.name] = p.defaultValue;
    return ParamSet(std::move(out));
}

const nlohmann::json& ParamSet::at(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end())
        throw std::logic_error("parameter '" + name + "' is not in the schema");
    return *it;
}

double ParamSet::f(const std::string& name) const {
    return at(name).get<double>();
}
int64_t ParamSet::i(const std::string& name) const {
    return int64_t(at(name).get<double>());
}
bool ParamSet::b(const std::string& name) const {
    return at(name).get<bool>();
}
const std::string& ParamSet::s(const std::string& name) const {
    return at(name).get_ref<const std::string&>();
}

Range ParamSet::range(const std::string& name) const {
    const auto& v = at(name);
    if (v.is_number())
        return {v.get<double>(), v.get<double>()};
    return {v[0].get<double>(), v[1].get<double>()};
}

IntRange ParamSet::intRange(const std::string& name) const {
    const Range r = range(name);
    return {int64_t(r.lo), int64_t(r.hi)};
}

std::vector<double> ParamSet::list(const std::string& name) const {
    return at(name).get<std::vector<double>>();
}

} // namespace augstudio::core

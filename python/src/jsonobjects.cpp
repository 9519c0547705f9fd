#include "jsonobjects.h"

#include "core/util/error.h"

#include <cmath>
#include <string>

namespace augstudio::python {

namespace py = pybind11;
using json = nlohmann::json;

py::object toPython(const json& j) {
    switch (j.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
        return py::none();
    case json::value_t::boolean:
        return py::bool_(j.get<bool>());
    case json::value_t::number_integer:
        return py::int_(j.get<int64_t>());
    case json::value_t::number_unsigned:
        return py::int_(j.get<uint64_t>());
    case json::value_t::number_float:
        return py::float_(j.get<double>());
    case json::value_t::string:
        return py::str(j.get_ref<const std::string&>());
    case json::value_t::binary:
        return py::none();
    case json::value_t::array: {
        py::list out(j.size());
        size_t i = 0;
        for (const auto& e : j)
            out[i++] = toPython(e);
        return out;
    }
    case json::value_t::object: {
        py::dict out;
        for (const auto& [k, v] : j.items())
            out[py::str(k)] = toPython(v);
        return out;
    }
    }
    return py::none();
}

json fromPython(py::handle h, const std::string& where) {
    if (h.is_none())
        return nullptr;
    if (py::isinstance<py::bool_>(h))
        return h.cast<bool>();
    if (py::isinstance<py::int_>(h)) {
        try {
            return h.cast<int64_t>();
        } catch (const py::cast_error&) {
            return h.cast<uint64_t>();
        }
    }
    if (py::isinstance<py::float_>(h))
        return h.cast<double>();
    if (py::isinstance<py::str>(h))
        return h.cast<std::string>();
    if (py::isinstance<py::dict>(h)) {
        json out = json::object();
        for (auto [k, v] : h.cast<py::dict>()) {
            if (!py::isinstance<py::str>(k))
                throw core::Error(where, "dictionary keys must be strings");
            const std::string key = k.cast<std::string>();
            out[key] = fromPython(v, where + "." + key);
        }
        return out;
    }
    if (py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h)) {
        json out = json::array();
        size_t i = 0;
        for (auto v : h)
            out.push_back(fromPython(v, where + "[" + std::to_string(i++) + "]"));
        return out;
    }
    // numpy scalars and other numbers
    if (py::hasattr(h, "dtype") && py::hasattr(h, "item") &&
        py::str(h.attr("dtype").attr("kind")).cast<std::string>() == "b")
        return h.attr("item")().cast<bool>();
    if (py::hasattr(h, "__index__"))
        return h.attr("__index__")().cast<int64_t>();
    if (py::hasattr(h, "__float__"))
        return h.attr("__float__")().cast<double>();
    throw core::Error(where, "expected JSON-like values (dict, list, str, number, bool, None), "
                             "got " +
                                 std::string(py::str(py::type::of(h).attr("__name__"))));
}

} // namespace augstudio::python

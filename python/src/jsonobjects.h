#pragma once

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

namespace augstudio::python {

// nlohmann JSON <-> Python objects (dict, list, str, int, float, bool, None), without a
// detour through JSON text. fromPython throws core::Error naming `where` for other types.
pybind11::object toPython(const nlohmann::json& j);
nlohmann::json fromPython(pybind11::handle h, const std::string& where);

} // namespace augstudio::python

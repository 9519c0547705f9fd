// augstudio.Error, a ValueError with `where` (a file, a JSON path or an argument name),
// `reason` and `kind`; every core::Error, JSON error and bad argument reaches Python as one.
#include "bindings.h"

#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace augstudio::python {

namespace py = pybind11;

namespace {

PyObject* errorType = nullptr; // module lifetime: the interpreter keeps the module

void raiseError(const std::string& where, const std::string& reason, const std::string& what,
                const char* kind) {
    py::object type = py::reinterpret_borrow<py::object>(errorType);
    py::object e = type(what);
    e.attr("where") = where;
    e.attr("reason") = reason;
    e.attr("kind") = kind;
    PyErr_SetObject(errorType, e.ptr());
}

} // namespace

void bindErrors(py::module_& m) {
    py::dict attributes;
    attributes["where"] = "";
    attributes["reason"] = "";
    attributes["kind"] = "";
    attributes["__doc__"] = "An augstudio failure: where (file, JSON path or argument) and why.";
    errorType = PyErr_NewException("augstudio.Error", PyExc_ValueError, attributes.ptr());
    if (!errorType)
        throw py::error_already_set();
    m.add_object("Error", py::handle(errorType));
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p)
                std::rethrow_exception(p);
        } catch (const core::PipelineError& e) {
            raiseError(e.where(), e.reason(), e.what(), "pipeline");
        } catch (const core::IoError& e) {
            raiseError(e.where(), e.reason(), e.what(), "io");
        } catch (const core::Error& e) {
            raiseError(e.where(), e.reason(), e.what(), "argument");
        } catch (const nlohmann::json::exception& e) {
            raiseError("", e.what(), e.what(), "json");
        } catch (const std::invalid_argument& e) {
            raiseError("", e.what(), e.what(), "argument");
        }
    });
}

} // namespace augstudio::python

#include "bindings.h"
void augstudio::python::bindExport(pybind11::module_&) {}

#include "bindings.h"
void augstudio::python::bindDataset(pybind11::module_&) {}

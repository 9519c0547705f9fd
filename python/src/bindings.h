#pragma once

#include <pybind11/pybind11.h>

namespace augstudio::python {

// One function per concern of augstudio._core, called by the module's init in this order.
void bindErrors(pybind11::module_& m);   // errors.cpp
void bindSamples(pybind11::module_& m);  // samplebinding.cpp
void bindPartners(pybind11::module_& m); // partnerbinding.cpp
void bindPipeline(pybind11::module_& m); // pipelinebinding.cpp
void bindDataset(pybind11::module_& m);  // datasetbinding.cpp
void bindExport(pybind11::module_& m);   // exportbinding.cpp

} // namespace augstudio::python

// augstudio._core: the engine bound thinly; the friendly API is python/augstudio/*.py.
#include "bindings.h"

PYBIND11_MODULE(_core, m) {
    m.doc() = "The augstudio engine (core) bound for Python; use the augstudio package.";
    augstudio::python::bindErrors(m);
    augstudio::python::bindSamples(m);
    augstudio::python::bindPipeline(m);
    augstudio::python::bindDataset(m);
    augstudio::python::bindExport(m);
}

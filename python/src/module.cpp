// augstudio._core: the engine bound thinly; the friendly API is python/augstudio/*.py.
#include "bindings.h"

#include <opencv2/core.hpp>

PYBIND11_MODULE(_core, m) {
    m.doc() = "The augstudio engine (core) bound for Python; use the augstudio package.";
    augstudio::python::bindErrors(m);
    augstudio::python::bindSamples(m);
    augstudio::python::bindPartners(m);
    augstudio::python::bindPipeline(m);
    augstudio::python::bindDataset(m);
    augstudio::python::bindExport(m);
    // OpenCV's own thread pool inside one call (the engine's parallelism is map's and
    // export's): 1 in DataLoader workers and benchmarks, where processes already share cores.
    m.def(
        "set_opencv_threads", [](int n) { cv::setNumThreads(n); }, pybind11::arg("threads"));
    m.def("opencv_threads", [] { return cv::getNumThreads(); });
}

#include "bindings.h"
#include "sampleconversion.h"

#include "core/pipeline/seriespool.h"
#include "core/util/error.h"

#include <pybind11/stl.h>

namespace augstudio::python {

namespace py = pybind11;

void bindSamples(py::module_& m) {
    // Immutable once built: runs share it read-only with the GIL released.
    py::class_<core::SeriesPool, std::shared_ptr<core::SeriesPool>>(
        m, "SeriesPool", "Partners of series.mixup_same_class: {label: [T x C float64 arrays]}")
        .def(py::init([](const py::dict& classes) {
                 auto pool = std::make_shared<core::SeriesPool>();
                 for (auto [key, arrays] : classes) {
                     if (!py::isinstance<py::str>(key))
                         throw core::Error("partners", "expected str labels");
                     const std::string label = key.cast<std::string>();
                     core::SeriesPool::Series series;
                     for (auto a : arrays) {
                         InputSample in = seriesInput(a, label);
                         series.push_back(std::get<core::SeriesSample>(in.workingCopy()));
                     }
                     pool->set(label, std::move(series));
                 }
                 return pool;
             }),
             py::arg("classes"))
        .def("count", &core::SeriesPool::count, py::arg("label"))
        .def_property_readonly("empty", &core::SeriesPool::empty);
    py::class_<InputSample>(m, "Sample", "A sample ready for a pipeline (see sampleconversion.h)")
        .def_property_readonly(
            "modality",
            [](const InputSample& s) { return core::modalityName(core::modalityOf(s.sample)); })
        .def_property_readonly("label",
                               [](const InputSample& s) {
                                   return std::visit([](const auto& x) { return x.label; },
                                                     s.sample);
                               })
        // The sample itself as (data, extra, None, []), a copy (an export's original).
        .def("data", [](const InputSample& s) {
            OutputSample out;
            {
                py::gil_scoped_release release;
                out = finishOutput(s.workingCopy(), s);
            }
            return outputTuple(std::move(out), s);
        });
    m.def("image_sample", &imageInput, py::arg("image"), py::arg("mask") = py::none(),
          py::arg("boxes") = py::none(), py::arg("keypoints") = py::none(), py::arg("rgb") = true,
          py::arg("label") = "");
    m.def("audio_sample", &audioInput, py::arg("audio"), py::arg("sample_rate"),
          py::arg("label") = "");
    m.def("series_sample", &seriesInput, py::arg("series"), py::arg("label") = "");
    m.def("text_sample", &textInput, py::arg("text"), py::arg("label") = "");
}

} // namespace augstudio::python

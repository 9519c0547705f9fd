#include "bindings.h"
#include "jsonobjects.h"

#include "core/export/balancefill.h"
#include "core/export/exporter.h"
#include "core/util/error.h"

#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace augstudio::python {

namespace py = pybind11;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

core::ExportOptions exportOptions(const std::string& output, const py::dict& o) {
    core::ExportOptions e;
    e.output = fs::path(output);
    auto get = [&](const char* name) -> py::object {
        return o.contains(name) ? py::reinterpret_borrow<py::object>(o[name]) : py::none();
    };
    if (auto v = get("copies"); !v.is_none())
        e.copies = v.cast<int>();
    if (auto v = get("balance"); !v.is_none() && v.cast<bool>())
        e.mode = core::ExportOptions::Mode::Balance;
    if (auto v = get("target"); !v.is_none())
        e.target = v.cast<int64_t>();
    if (auto v = get("balance_with"); !v.is_none())
        e.balanceWith = core::balanceFillFromName(v.cast<std::string>());
    if (auto v = get("include_originals"); !v.is_none())
        e.includeOriginals = v.cast<bool>();
    if (auto v = get("splits"); !v.is_none())
        e.splits = v.cast<std::vector<std::string>>();
    if (auto v = get("format"); !v.is_none())
        e.format = v.cast<std::string>();
    if (auto v = get("quality"); !v.is_none())
        e.quality = v.cast<int>();
    if (auto v = get("jobs"); !v.is_none())
        e.jobs = v.cast<int>();
    if (auto v = get("shard_index"); !v.is_none())
        e.shardIndex = v.cast<int>();
    if (auto v = get("shard_count"); !v.is_none())
        e.shardCount = v.cast<int>();
    if (auto v = get("seed"); !v.is_none())
        e.seed = v.cast<uint64_t>();
    if (auto v = get("overwrite"); !v.is_none())
        e.overwrite = v.cast<bool>();
    return e;
}

// Runs the export on a thread of its own while this (Python's) thread waits with the GIL
// released, wakes every 50 ms to call `progress` and to see Ctrl-C (signals reach Python
// only on its main thread), and on either raising cancels the export cleanly (what was
// written stays and resumes), waits for it and re-raises.
py::object runExport(const core::Pipeline& pipeline, const std::string& input,
                     const std::string& output, const py::dict& options,
                     const py::object& progress) {
    core::ExportOptions o = exportOptions(output, options);
    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    std::mutex mutex;
    std::condition_variable wake;
    std::optional<core::ExportProgress> latest;
    bool finished = false;
    o.progress = [&](const core::ExportProgress& p) {
        std::lock_guard lock(mutex);
        latest = p;
    };
    core::ExportSummary summary;
    std::exception_ptr failure;
    std::thread worker;
    {
        py::gil_scoped_release release;
        worker = std::thread([&] {
            try {
                summary = core::runExport(pipeline, fs::path(input), o);
            } catch (...) {
                failure = std::current_exception();
            }
            std::lock_guard lock(mutex);
            finished = true;
            wake.notify_all();
        });
    }
    std::optional<py::error_already_set> raised;
    for (;;) {
        std::optional<core::ExportProgress> report;
        bool done = false;
        {
            py::gil_scoped_release release;
            std::unique_lock lock(mutex);
            wake.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished; });
            done = finished;
            report.swap(latest);
        }
        if (!raised) {
            try {
                if (PyErr_CheckSignals() != 0)
                    throw py::error_already_set();
                if (report && !progress.is_none())
                    progress(
                        py::dict(py::arg("done") = report->done, py::arg("total") = report->total,
                                 py::arg("rate") = report->rate, py::arg("eta_s") = report->etaS));
            } catch (py::error_already_set& e) {
                raised.emplace(std::move(e));
                cancel = true;
            }
        }
        if (done)
            break;
    }
    {
        py::gil_scoped_release release;
        worker.join();
    }
    if (raised)
        throw std::move(*raised);
    if (failure)
        std::rethrow_exception(failure);
    py::dict out;
    out["summary"] = toPython(summary.json);
    out["outputs"] = summary.outputs;
    out["failures"] = summary.failures;
    out["cancelled"] = summary.cancelled;
    out["complete"] = summary.complete;
    return out;
}

} // namespace

void bindExport(py::module_& m) {
    m.def("export", &runExport, py::arg("pipeline"), py::arg("input"), py::arg("output"),
          py::arg("options"), py::arg("progress") = py::none());
}

} // namespace augstudio::python

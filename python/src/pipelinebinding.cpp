#include "bindings.h"
#include "jsonobjects.h"
#include "partnercontext.h"
#include "sampleconversion.h"

#include "core/catalog/builtin.h"
#include "core/dataset/datasetpartners.h"
#include "core/dataset/datasettexts.h"
#include "core/pipeline/pipeline.h"
#include "core/pipeline/runcontext.h"
#include "core/random/rng.h"
#include "core/util/error.h"

#include <pybind11/stl.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <ctime>
#include <exception>
#include <string>
#include <vector>

namespace augstudio::python {

namespace py = pybind11;
using core::Pipeline;
using json = nlohmann::json;

namespace {

Pipeline pipelineOfDocument(const json& doc) {
    return core::pipelineFromJson(doc);
}

Pipeline pipelineOfFile(const std::string& path) {
    return core::loadPipeline(path);
}

void requireModality(const Pipeline& p, const InputSample& s, const std::string& where) {
    const core::Modality m = core::modalityOf(s.sample);
    if (m != p.modality())
        throw core::Error(where, std::string("the pipeline is a ") +
                                     core::modalityName(p.modality()) + " pipeline, given a " +
                                     core::modalityName(m) + " sample");
}

py::list stepsList(const std::vector<core::StepRecord>& steps) {
    py::list out(steps.size());
    for (size_t i = 0; i < steps.size(); ++i)
        out[i] = toPython(steps[i].toJson());
    return out;
}

std::vector<core::StepRecord> recordsOf(py::handle steps) {
    const json j = fromPython(steps, "steps");
    if (!j.is_array())
        throw core::Error("steps", "expected a list of step records");
    std::vector<core::StepRecord> records;
    for (size_t i = 0; i < j.size(); ++i) {
        const json& r = j[i];
        if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("applied") ||
            !r["applied"].is_boolean())
            throw core::Error("steps[" + std::to_string(i) + "]",
                              "expected {\"id\": str, \"applied\": bool, \"values\": dict}");
        records.push_back(core::StepRecord::fromJson(r));
    }
    return records;
}

// (data, extra, seed, steps) of one run.
py::tuple runOne(const Pipeline& p, const InputSample& s, uint64_t seed, py::handle partners,
                 const std::string& itemKey) {
    requireModality(p, s, core::modalityName(core::modalityOf(s.sample)));
    const core::RunContext context = callContext(partners, itemKey);
    OutputSample out;
    core::RunResult result;
    {
        py::gil_scoped_release release;
        core::Sample work = s.workingCopy();
        result = p.run(work, seed, context);
        out = finishOutput(std::move(work), s);
    }
    return outputTuple(std::move(out), s, py::int_(result.seed), stepsList(result.steps));
}

py::tuple replayOne(const Pipeline& p, const InputSample& s, py::handle steps, py::handle partners,
                    const std::string& itemKey) {
    requireModality(p, s, core::modalityName(core::modalityOf(s.sample)));
    const std::vector<core::StepRecord> records = recordsOf(steps);
    const core::RunContext context = callContext(partners, itemKey);
    OutputSample out;
    {
        py::gil_scoped_release release;
        core::Sample work = s.workingCopy();
        p.replay(work, records, context);
        out = finishOutput(std::move(work), s);
    }
    return outputTuple(std::move(out), s, py::none(), stepsList(records));
}

// A batch on `threads` C++ threads, the GIL released for the whole batch.
// Sample i runs as item itemKeys[i] (left out of its own partners; no keys: none is).
py::list runMany(const Pipeline& p, const py::list& samples, const std::vector<uint64_t>& seeds,
                 int threads, py::handle partners, const std::vector<std::string>& itemKeys) {
    if (seeds.size() != samples.size())
        throw core::Error("seeds", "expected one seed per sample");
    if (!itemKeys.empty() && itemKeys.size() != samples.size())
        throw core::Error("keys", "expected one key per sample");
    std::vector<core::RunContext> contexts;
    const core::RunContext shared = callContext(partners, "");
    if (shared.partners)
        for (const std::string& key : itemKeys) {
            contexts.push_back(shared);
            contexts.back().itemKey = key;
        }
    std::vector<const InputSample*> inputs;
    for (size_t i = 0; i < samples.size(); ++i) {
        inputs.push_back(&samples[i].cast<const InputSample&>());
        requireModality(p, *inputs.back(), "samples[" + std::to_string(i) + "]");
    }
    const size_t n = inputs.size();
    std::vector<OutputSample> outs(n);
    std::vector<core::RunResult> results(n);
    std::vector<std::exception_ptr> errors(n);
    {
        py::gil_scoped_release release;
        tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
        arena.execute([&] {
            tbb::parallel_for(size_t(0), n, [&](size_t i) {
                try {
                    core::Sample work = inputs[i]->workingCopy();
                    results[i] = p.run(work, seeds[i], contexts.empty() ? shared : contexts[i]);
                    outs[i] = finishOutput(std::move(work), *inputs[i]);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            });
        });
    }
    for (size_t i = 0; i < n; ++i)
        if (errors[i]) {
            try {
                std::rethrow_exception(errors[i]);
            } catch (const core::Error& e) {
                throw core::Error("samples[" + std::to_string(i) + "]" +
                                      (e.where().empty() ? "" : ": " + e.where()),
                                  e.reason());
            } catch (const std::exception& e) {
                throw core::Error("samples[" + std::to_string(i) + "]", e.what());
            }
        }
    py::list out(n);
    for (size_t i = 0; i < n; ++i) {
        out[i] = outputTuple(std::move(outs[i]), *inputs[i], py::int_(results[i].seed),
                             stepsList(results[i].steps));
    }
    return out;
}

// The engine's own cost of `calls` runs of one input (the copy it works on included), in
// CPU seconds of this thread: tests/bench/bench_loader.py compares a Python call with it.
double engineCpuSeconds(const Pipeline& p, const InputSample& s, int64_t calls) {
    requireModality(p, s, "sample");
    py::gil_scoped_release release;
    timespec start{}, end{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    for (int64_t i = 0; i < calls; ++i) {
        core::Sample work = s.workingCopy();
        p.run(work, uint64_t(i));
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    return double(end.tv_sec - start.tv_sec) + double(end.tv_nsec - start.tv_nsec) * 1e-9;
}

} // namespace

void bindPipeline(py::module_& m) {
    py::class_<Pipeline>(m, "Pipeline", "A loaded, validated pipeline (core::Pipeline)")
        .def_static(
            "from_json_text",
            [](const std::string& text) {
                json doc;
                try {
                    doc = json::parse(text);
                } catch (const json::parse_error& e) {
                    throw core::PipelineError("pipeline",
                                              std::string("not valid JSON: ") + e.what());
                }
                return pipelineOfDocument(doc);
            },
            py::arg("text"))
        .def_static(
            "from_object",
            [](py::handle doc) { return pipelineOfDocument(fromPython(doc, "pipeline")); },
            py::arg("doc"))
        .def_static("load", &pipelineOfFile, py::arg("path"))
        .def("to_json_text", [](const Pipeline& p) { return p.toJson().dump(); })
        .def("to_object", [](const Pipeline& p) { return toPython(p.toJson()); })
        .def_property_readonly("modality",
                               [](const Pipeline& p) { return core::modalityName(p.modality()); })
        .def_property_readonly("seed", &Pipeline::seed)
        .def_property_readonly("step_ids",
                               [](const Pipeline& p) {
                                   std::vector<std::string> ids;
                                   for (size_t i = 0; i < p.stepCount(); ++i)
                                       ids.push_back(p.stepInfo(i).id);
                                   return ids;
                               })
        .def("run", &runOne, py::arg("sample"), py::arg("seed"), py::arg("partners") = py::none(),
             py::arg("item_key") = "")
        .def("replay", &replayOne, py::arg("sample"), py::arg("steps"),
             py::arg("partners") = py::none(), py::arg("item_key") = "")
        .def("map", &runMany, py::arg("samples"), py::arg("seeds"), py::arg("threads") = 0,
             py::arg("partners") = py::none(), py::arg("item_keys") = std::vector<std::string>{})
        .def_property_readonly("uses_series_partners", &core::usesSeriesPartners)
        .def_property_readonly("uses_partner_source", &core::usesPartnerSource)
        .def_property_readonly("uses_text_statistics", &core::usesTextStatistics)
        .def("engine_cpu_seconds", &engineCpuSeconds, py::arg("sample"), py::arg("calls"));
    m.def(
        "derive_seed",
        [](uint64_t seed, const std::string& key, uint64_t copy) {
            return core::deriveSeed(seed, key, copy);
        },
        py::arg("seed"), py::arg("key"), py::arg("copy"));
}

} // namespace augstudio::python

// augstudio._core.Partners: the run context of multi-sample transforms, from a list of samples
// here (list_partners) or from a scanned dataset (datasetbinding.cpp's dataset_partners).
#include "bindings.h"
#include "inputsample.h"
#include "partnercontext.h"

#include "core/pipeline/memorypartnersource.h"
#include "core/pipeline/seriespool.h"
#include "core/transforms/text/tfidffit.h"
#include "core/util/error.h"

#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace augstudio::python {

namespace py = pybind11;

core::RunContext callContext(py::handle partners, const std::string& itemKey) {
    core::RunContext run;
    if (partners.is_none())
        return run;
    if (py::isinstance<core::SeriesPool>(partners))
        run.seriesPool = partners.cast<std::shared_ptr<core::SeriesPool>>();
    else if (py::isinstance<PartnerContext>(partners))
        run = partners.cast<const PartnerContext&>().run;
    else
        throw core::Error("partners", "expected augstudio.Partners, a Dataset, a list of samples "
                                      "or None");
    run.itemKey = itemKey;
    return run;
}

namespace {

// Partners from `samples` (their labels are their classes) named by `keys`: the partner
// source of every modality, the series pool of series (grouped by class in list order) and
// the word statistics of texts, as a dataset of those items would give them.
std::shared_ptr<PartnerContext> listPartners(const py::list& samples,
                                             const std::vector<std::string>& keys) {
    if (keys.size() != samples.size())
        throw core::Error("keys", "expected one key per partner sample");
    std::vector<const InputSample*> inputs;
    for (size_t i = 0; i < samples.size(); ++i)
        inputs.push_back(&samples[i].cast<const InputSample&>());
    auto context = std::make_shared<PartnerContext>();
    py::gil_scoped_release release;
    core::MemoryPartnerSource::Keyed keyed;
    std::map<std::string, std::pair<core::SeriesPool::Series, std::vector<std::string>>> series;
    std::vector<std::string> texts;
    for (size_t i = 0; i < inputs.size(); ++i) {
        // An owned copy in core's channel order: the source outlives the caller's arrays.
        core::Sample s = inputs[i]->workingCopy();
        if (const auto* t = std::get_if<core::SeriesSample>(&s)) {
            auto& [members, names] = series[t->label];
            members.push_back(*t); // shares the copy's values, read-only from here on
            names.push_back(keys[i]);
        }
        if (const auto* t = std::get_if<core::TextSample>(&s))
            texts.push_back(t->text);
        keyed.emplace_back(keys[i], std::move(s));
    }
    if (!series.empty()) {
        auto pool = std::make_shared<core::SeriesPool>();
        for (auto& [label, entry] : series)
            pool->set(label, std::move(entry.first), std::move(entry.second));
        context->run.seriesPool = std::move(pool);
    }
    if (!texts.empty())
        context->run.textStatistics = core::fitTextStatistics(texts);
    context->run.partners = std::make_shared<core::MemoryPartnerSource>(std::move(keyed));
    return context;
}

} // namespace

void bindPartners(py::module_& m) {
    py::class_<PartnerContext, std::shared_ptr<PartnerContext>>(
        m, "Partners", "The partners of a run (a dataset's or a list's); see augstudio.Partners")
        .def_property_readonly("size",
                               [](const PartnerContext& c) {
                                   return c.run.partners ? c.run.partners->size() : size_t(0);
                               })
        .def_property_readonly("keys", [](const PartnerContext& c) {
            std::vector<std::string> keys;
            if (c.run.partners)
                for (const auto& e : c.run.partners->entries())
                    keys.push_back(e.key);
            return keys;
        });
    m.def("list_partners", &listPartners, py::arg("samples"), py::arg("keys"));
}

} // namespace augstudio::python

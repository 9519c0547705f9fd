#pragma once

#include "core/pipeline/runcontext.h"

#include <pybind11/pybind11.h>

#include <string>

namespace augstudio::python {

// The partners of Python runs (and the statistics fitted with them): a RunContext built once,
// from a scanned dataset (core's datasetRunContext, as the export builds it) or from a list of
// samples, and shared read-only by every call that passes it.
struct PartnerContext {
    core::RunContext run;
};

// The context of one call: `partners` is None, a SeriesPool or a PartnerContext; `itemKey`
// names the item being run, which is left out of its own partners (empty: none is).
core::RunContext callContext(pybind11::handle partners, const std::string& itemKey);

} // namespace augstudio::python

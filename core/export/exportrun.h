#pragma once

// The parallel run of an export: every unit of the work list read once, run through the
// pipeline per output, written through the modality's codec and the layout's writer, and
// recorded (.augstudio/records/) so that a later run resumes and assembles it.

#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/export/exportplan.h"
#include "core/export/outputfolder.h"
#include "core/pipeline/pipeline.h"

#include <chrono>
#include <cstdint>

namespace augstudio::core {

struct ExportRun {
    const Pipeline& pipeline;
    const Dataset& dataset;
    const ExportOptions& options;
    const ExportPlan& plan;
    OutputFolder& out;
    uint64_t seed = 0;
    bool featurewise = false; // per-output channel sums for the featurewise statistics
    std::chrono::steady_clock::time_point started;
    // --balance-with's step, run after the pipeline on the copies that fill a smaller class.
    const Pipeline* fill = nullptr;
};

// Runs `work` on options.jobs threads, reporting progress; a bad item becomes a record with
// its error. Throws IoError when a write failure (disk full, permissions) stopped the run.
void runWorkList(const ExportRun& run, const WorkList& work);

} // namespace augstudio::core

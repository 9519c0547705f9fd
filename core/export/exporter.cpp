#include "core/export/exporter.h"

#include "core/export/balancefill.h"
#include "core/export/exportchecks.h"
#include "core/export/exportplan.h"
#include "core/export/exportrun.h"
#include "core/export/exportsummary.h"
#include "core/export/outputfolder.h"

#include <chrono>
#include <optional>

namespace augstudio::core {

namespace fs = std::filesystem;
using json = nlohmann::json;

ExportSummary runExport(const Pipeline& pipeline, const fs::path& input,
                        const ExportOptions& options) {
    ScanOptions so;
    so.threads = options.jobs;
    so.followExternalLinks = options.followExternalLinks;
    so.limits = options.limits;
    const Dataset ds = scanDataset(input, so);
    return runExport(pipeline, ds, options);
}

ExportSummary runExport(const Pipeline& pipeline, const Dataset& ds, const ExportOptions& o) {
    const auto started = std::chrono::steady_clock::now();
    exportchecks::checkOptions(pipeline, ds, o);
    const std::optional<Pipeline> fill = balanceFillPipeline(o, ds.modality);
    const uint64_t seed = o.seed.value_or(pipeline.seed());
    const ExportPlan plan = makePlan(ds, o);
    exportchecks::prepareOutput(ds, o, exportchecks::planJson(pipeline, ds, o, seed));
    OutputFolder out(exportchecks::canonicalish(o.output),
                     o.shardCount > 1 ? "shard-" + std::to_string(o.shardIndex) + "-of-" +
                                            std::to_string(o.shardCount)
                                      : "all");
    {
        json pl = pipeline.toJson();
        pl["seed"] = seed;
        out.write("pipeline.json", pl.dump(2) + "\n");
        if (ds.layout == Layout::Yolo && ds.extra.contains("data_yaml"))
            out.copyFile(ds.root / ds.extra["data_yaml"].get<std::string>(),
                         ds.extra["data_yaml"].get<std::string>());
    }
    const ExportRun run{pipeline,
                        ds,
                        o,
                        plan,
                        out,
                        seed,
                        pipeline.toJson().contains("featurewise"),
                        started,
                        fill ? &*fill : nullptr};
    runWorkList(run, makeWorkList(ds, plan, o, out));
    return summariseExport(run);
}

} // namespace augstudio::core

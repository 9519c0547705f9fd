#pragma once

#include "core/pipeline/fusionplan.h"
#include "core/pipeline/registry.h"
#include "core/pipeline/transform.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace augstudio::core {

// What one leaf step did to one sample.
struct StepRecord {
    std::string id;
    bool applied = false;
    Values values = Values::object();
    nlohmann::json toJson() const;
    static StepRecord fromJson(const nlohmann::json& j);
};

struct RunResult {
    uint64_t seed = 0;
    std::vector<StepRecord> steps; // one per leaf step, in document order
    nlohmann::json stepsJson() const&;
    // Moves the records' ids and values into the JSON (run(...).stepsJson() in an export).
    nlohmann::json stepsJson() &&;
};

// A loaded, validated pipeline: the composition tree of the pipeline document.
// Immutable and cheap to copy (shared), so any number of threads may run it at once.
class Pipeline {
public:
    static constexpr int kVersion = 1;

    // Validates the whole document; throws PipelineError naming the JSON path of the bad
    // field, e.g. "steps[1].params.degrees".
    // `load` gives what steps need at build time (clip sources). The built-in catalog and
    // the file-reading clip source are core/catalog's pipelineFromJson and loadPipeline.
    static Pipeline fromJson(const nlohmann::json& doc, const Registry& registry,
                             const LoadContext& load = {});
    // Reads and validates a file; errors name the file, then the JSON path.
    static Pipeline load(const std::filesystem::path& file, const Registry& registry,
                         const LoadContext& load = {});

    Modality modality() const;
    uint64_t seed() const;
    // The document with every default filled in: what "pipeline.json" of an export holds.
    const nlohmann::json& toJson() const;

    // Runs the pipeline with one output seed (see deriveSeed). Every node draws from its
    // own generator, seeded by (seed, node index), so editing one step leaves the values
    // drawn by the others unchanged.
    // `context` carries what belongs to the run (partners, limits); the two-argument forms
    // run with an empty one.
    RunResult run(Sample& sample, uint64_t seed, const RunContext& context) const;
    RunResult run(Sample& sample, uint64_t seed) const;
    // Applies recorded values again (the manifest's replay); throws PipelineError when the
    // records do not match the pipeline's steps.
    void replay(Sample& sample, const std::vector<StepRecord>& records,
                const RunContext& context) const;
    void replay(Sample& sample, const std::vector<StepRecord>& records) const;

    // "fuse" of the document (default true): runs of matrix steps apply as one warp, runs of
    // 8-bit table steps as one lookup table; draws, records and replay are the same either
    // way. fusionPlan() lists the runs over the leaf steps (bench prints it).
    bool fused() const;
    FusionPlan fusionPlan() const;
    // The studio's preview at fit zoom: `sample` holds a reduction of an image of `fullSize`
    // pixels, and the output is rendered at `scale` of its full size in one resampling per
    // run of matrix steps (see FusedRun). Draws, and so the RunResult, equal run()'s on the
    // full image; `fullOutput` receives the output's full size. Only when rendersReduced().
    RunResult runReduced(Sample& sample, cv::Size fullSize, double scale, uint64_t seed,
                         const RunContext& context, cv::Size* fullOutput = nullptr) const;
    // Fused image pipelines whose every step is a matrix or table step: their look does not
    // depend on the pixel size, so a reduced run is the full one reduced, up to resampling.
    bool rendersReduced() const;

    // Leaf steps in document order, for per-step benchmarking and display.
    size_t stepCount() const;
    const TransformInfo& stepInfo(size_t leaf) const;
    // Draws and applies one leaf alone, ignoring p and groups (bench and tests).
    Values runStepAlone(size_t leaf, Sample& sample, uint64_t seed,
                        const RunContext& context = {}) const;

    struct Node;

private:
    std::shared_ptr<const Node> root_;
    std::vector<const Node*> leaves_;
    nlohmann::json doc_;
    Modality modality_ = Modality::Image;
    uint64_t seed_ = 0;
    double minVisibility_ = -1;
    bool fuse_ = true;
};

} // namespace augstudio::core

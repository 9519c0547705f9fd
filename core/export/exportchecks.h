#pragma once

// What an export checks before it reads an item: its options, the pipeline against the
// dataset, and the output folder (not inside the input, writable, empty or a previous export
// of the same plan), which it then marks with the plan's fingerprint.

#include "core/dataset/dataset.h"
#include "core/export/exporter.h"
#include "core/pipeline/pipeline.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace augstudio::core::exportchecks {

// Throws OptionError naming the field (shard, format) or PipelineError (modality).
void checkOptions(const Pipeline& pipeline, const Dataset& dataset, const ExportOptions& options);

// What makes two runs the same export (resume) or different ones (refusal).
nlohmann::json planJson(const Pipeline& pipeline, const Dataset& dataset,
                        const ExportOptions& options, uint64_t seed);

// Refuses (IoError) what would lose or mix data; then creates the folder and writes
// .augstudio/plan.json.
void prepareOutput(const Dataset& dataset, const ExportOptions& options,
                   const nlohmann::json& plan);

// The absolute path with links resolved as far as it exists.
std::filesystem::path canonicalish(const std::filesystem::path& path);
std::string hex(uint64_t value); // 16 lower-case digits

} // namespace augstudio::core::exportchecks

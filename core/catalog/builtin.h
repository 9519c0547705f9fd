#pragma once

#include "core/pipeline/pipeline.h"
#include "core/pipeline/registry.h"
#include "core/util/readlimits.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace augstudio::core {

// Every built-in transform of every modality.
const Registry& builtinRegistry();

// What a pipeline loaded by the applications gets at build time: clips and images read from
// folders (core/io's FolderClipSource and FolderImageSource) within `limits`.
LoadContext fileLoadContext(const ReadLimits& limits = {});

// The built-in catalog with clips read from folders: what the CLI, the studio, the
// exporter's callers and Python load pipelines with.
Pipeline pipelineFromJson(const nlohmann::json& doc, const ReadLimits& limits = {});
Pipeline loadPipeline(const std::filesystem::path& file, const ReadLimits& limits = {});

} // namespace augstudio::core

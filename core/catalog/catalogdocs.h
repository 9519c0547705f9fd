#pragma once

// Documents generated from a registry, so they follow every transform added to it:
// docs/transforms.md (`augstudio-cli transforms --markdown`) and docs/pipeline.schema.json
// (`augstudio-cli transforms --schema`). `bash scripts/gendocs` regenerates both.

#include "core/pipeline/registry.h"

#include <nlohmann/json.hpp>

#include <string>

namespace augstudio::core {

// The transform reference: one section per modality, one table of parameters per transform.
std::string transformReferenceMarkdown(const Registry& registry);

// A JSON Schema (draft-07) of the pipeline file: the document, the groups, and every
// transform's parameters with their types and bounds, as the loader checks them.
nlohmann::json pipelineJsonSchema(const Registry& registry);

} // namespace augstudio::core

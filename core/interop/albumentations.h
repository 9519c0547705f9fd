#pragma once

// Albumentations pipeline files (what its save() / to_dict() write, 1.3 and 2.x) to and from
// this project's pipelines: `{"__version__": ..., "transform": {"__class_fullname__":
// "Compose", "transforms": [...], "bbox_params": {...}}}` with OpenCV integer enums and
// `*_limit` ranges given as offsets.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace augstudio::core {

struct AlbumentationsImport {
    nlohmann::json pipeline;           // an image pipeline document (version 1)
    std::vector<std::string> warnings; // one per transform left out (skipUnknown)
};

// Converts a to_dict() document. Every transform without an equivalent is named in one
// PipelineError (where: `file`), or left out with a warning each when `skipUnknown`.
AlbumentationsImport importAlbumentations(const nlohmann::json& doc, const std::string& file,
                                          bool skipUnknown = false);

// The reverse: a to_dict() document both Albumentations 1.3 and 2.x load (only the fields
// both read). Throws PipelineError naming the steps that have no Albumentations equivalent.
nlohmann::json exportAlbumentations(const nlohmann::json& pipeline, const std::string& file);

// A runnable Python file building the same Albumentations Compose (A.from_dict).
std::string albumentationsPython(const nlohmann::json& albumentationsDoc);

} // namespace augstudio::core

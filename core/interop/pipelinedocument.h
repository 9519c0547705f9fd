#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace augstudio::core {

// Another tool's pipeline file as a JSON value: JSON, or YAML (`.yaml`, `.yml`) as
// Albumentations' save(..., data_format="yaml") writes it. Throws IoError when the file
// cannot be read and PipelineError (the file and the parser's reason) when it does not parse.
nlohmann::json readPipelineDocument(const std::string& path);

} // namespace augstudio::core

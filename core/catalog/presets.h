#pragma once

#include "core/sample/sample.h"

#include <nlohmann/json.hpp>

#include <string>

namespace augstudio::core {

// Pipelines built from other tools' settings. Each returns a pipeline document that
// Pipeline::fromJson accepts; bad arguments throw PipelineError naming the argument.

// Keras ImageDataGenerator keyword arguments (spec/image.md, "Keras parity").
nlohmann::json kerasPreset(const nlohmann::json& kwargs);
// EDA's recommendation for a training set of `sentences` sentences (spec/text.md).
nlohmann::json edaPreset(int64_t sentences);
// "light", "medium" or "heavy" for a modality.
nlohmann::json strengthPreset(Modality modality, const std::string& strength);

} // namespace augstudio::core

#pragma once

#include "core/sample/sample.h"

#include <nlohmann/json.hpp>

#include <string>

namespace augstudio::core {

// Pipelines built from other tools' settings. Each returns a pipeline document that
// Pipeline::fromJson accepts; bad arguments throw PipelineError naming the argument.

// Keras ImageDataGenerator keyword arguments (Keras parity).
nlohmann::json kerasPreset(const nlohmann::json& kwargs);
// The keyword arguments as typed in Python ("rotation_range=20, horizontal_flip=True",
// "dict(...)", a dict literal) or JSON, to the JSON object kerasPreset takes; ints stay
// ints, "1./255" divides. Throws PipelineError naming the character that is wrong.
nlohmann::json parseKerasArguments(const std::string& text);
// EDA's recommendation for a training set of `sentences` sentences.
nlohmann::json edaPreset(int64_t sentences);
// "light", "medium" or "heavy" for a modality.
nlohmann::json strengthPreset(Modality modality, const std::string& strength);
// RandAugment (torchvision, 31 magnitude bins): {"n": ops applied, default 2, "m": magnitude
// 0..30, default 9}; an image pipeline whose some_of group applies exactly n of the 14 ops.
nlohmann::json randAugmentPreset(const nlohmann::json& args);
// A SpecAugment policy of Park et al. 2019 ("LB", "LD", "SM" or "SS") on the waveform:
// mF band stops and mT time masks (time warp has no waveform equivalent and is left out).
nlohmann::json specAugmentPreset(const std::string& policy);

} // namespace augstudio::core

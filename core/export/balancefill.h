#pragma once

// --balance-with: the step that fills the smaller classes of a balanced export, run with
// p = 1 after the pipeline on their copies only: series.smote (series) or same-class mixup
// (image.mixup, audio.mix, series.mixup_same_class). Its records follow the pipeline's in the
// manifest's "steps", so soft_labels.csv counts its partners.

#include "core/export/exporter.h"
#include "core/pipeline/pipeline.h"

#include <cstdint>
#include <optional>
#include <string>

namespace augstudio::core {

const char* balanceFillName(ExportOptions::BalanceFill fill); // "none", "smote", "mixup"
// Throws OptionError("balanceWith") for anything but none, smote and mixup.
ExportOptions::BalanceFill balanceFillFromName(const std::string& name);

// The one-step pipeline of `options.balanceWith` for a dataset of `modality`, or none;
// throws OptionError("balanceWith") where it does not apply (without balance, for text,
// smote for anything but series).
std::optional<Pipeline> balanceFillPipeline(const ExportOptions& options, Modality modality);

// The fill step's seed for an output's seed (its own draws, not the pipeline's first step's).
uint64_t balanceFillSeed(uint64_t outputSeed);

} // namespace augstudio::core

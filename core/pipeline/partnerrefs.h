#pragma once

#include "core/params/paramspec.h"
#include "core/pipeline/transform.h"

#include <memory>
#include <string>
#include <vector>

// How multi-sample transforms record and find their partners: the drawn values hold
// "partners": [{"key", "label", "weight"}, ...] (the key names the partner in manifests and
// replay; weight is its share of the soft label, the sample keeping 1 - the sum).
namespace augstudio::core::partnerrefs {

// The "partner_class" parameter (any, same, other) with default `def`.
ParamSpec classParam(const std::string& def);
// The run's partner source, or null outside a run or when the caller gave none.
const PartnerSource* sourceOf(const SampleInfo& info);
// `count` partners of the sample's modality drawn for an item of class `label`, each as
// {"key", "label"} (weights are added by the transform); an empty array when there is none.
nlohmann::json draw(Rng& rng, const SampleInfo& info, const std::string& label, PartnerClass which,
                    size_t count);
// The partner a drawn {"key", ...} names, or null when this run's source has no such key
// (replay against other partners leaves the sample as it is). Throws IoError naming the
// file when the partner cannot be read.
std::shared_ptr<const Sample> load(const RunContext& run, const nlohmann::json& ref);

} // namespace augstudio::core::partnerrefs

#include "core/export/balancefill.h"

#include "core/catalog/builtin.h"
#include "core/random/rng.h"
#include "core/util/error.h"

namespace augstudio::core {

using json = nlohmann::json;
using Fill = ExportOptions::BalanceFill;

const char* balanceFillName(Fill fill) {
    switch (fill) {
    case Fill::Smote:
        return "smote";
    case Fill::Mixup:
        return "mixup";
    case Fill::None:
        break;
    }
    return "none";
}

Fill balanceFillFromName(const std::string& name) {
    if (name == "smote")
        return Fill::Smote;
    if (name == "mixup")
        return Fill::Mixup;
    if (name == "none" || name.empty())
        return Fill::None;
    throw OptionError("balanceWith", "expected smote or mixup, got '" + name + "'");
}

std::optional<Pipeline> balanceFillPipeline(const ExportOptions& o, Modality modality) {
    if (o.balanceWith == Fill::None)
        return std::nullopt;
    if (o.mode != ExportOptions::Mode::Balance)
        throw OptionError("balanceWith", "fills the smaller classes of a balanced export: "
                                         "use it with balance");
    json step;
    if (modality == Modality::Text)
        throw OptionError("balanceWith", "does not apply to text datasets (there is no "
                                         "interpolation between texts); balance without it");
    if (o.balanceWith == Fill::Smote) {
        if (modality != Modality::Series)
            throw OptionError("balanceWith", std::string("smote interpolates series; this is an ") +
                                                 modalityName(modality) + " dataset (use mixup)");
        step = {{"transform", "series.smote"}, {"p", 1.0}};
    } else if (modality == Modality::Series) {
        step = {{"transform", "series.mixup_same_class"}, {"p", 1.0}};
    } else {
        step = {{"transform", modality == Modality::Image ? "image.mixup" : "audio.mix"},
                {"p", 1.0},
                {"params", {{"partner_class", "same"}}}};
    }
    return pipelineFromJson(
        {{"version", 1}, {"modality", modalityName(modality)}, {"steps", json::array({step})}});
}

uint64_t balanceFillSeed(uint64_t outputSeed) {
    return deriveSeed(outputSeed, "balance-fill", 0);
}

} // namespace augstudio::core

#pragma once

#include "core/pipeline/pipeline.h"
#include "core/util/histogram.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace augstudio::core {

// What `augstudio-cli strength` prints and the studio's strength panel shows: K draws of
// one item, each the export's copy k (seed deriveSeed(pipeline seed, key, k)).
struct StrengthReport {
    struct Draw {
        uint64_t copy = 0, seed = 0;
        double similarity = 0;
        bool unchanged = false; // the augmented sample equals the original: too weak
        bool tooStrong = false; // similarity below minSimilarity
        std::vector<StepRecord> steps;
    };
    struct Parameter {
        std::string name;    // the drawn value's name, e.g. "angle"
        Histogram histogram; // over the draws where the step applied
    };
    struct Step {
        size_t index = 0; // leaf index in document order
        std::string id;
        int64_t applied = 0; // draws where the step applied
        double appliedShare = 0;
        std::vector<Parameter> parameters;
    };

    std::string key;
    Modality modality = Modality::Image;
    std::string measure; // similarityName(modality)
    double minSimilarity = 0;
    std::vector<Draw> draws;
    std::vector<Step> steps;
    Histogram similarity;
    std::vector<uint64_t> tooWeak, tooStrong; // copies, ascending

    nlohmann::json toJson() const;
};

} // namespace augstudio::core

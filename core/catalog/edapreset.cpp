#include "core/catalog/presets.h"

#include "core/util/error.h"

#include <cmath>

namespace augstudio::core {

// The EDA paper's recommended parameters (Wei & Zou 2019, table 3): 500 training sentences:
// alpha 0.05 and 16 augmented sentences per original; 2,000: alpha 0.05, 8; 5,000 and more:
// alpha 0.1, 4. A size between two rows takes the row nearest on a log scale (the
// boundaries are the geometric means 1,000 and sqrt(2,000 x 5,000) ~ 3,162).
nlohmann::json edaPreset(int64_t sentences) {
    if (sentences <= 0)
        throw PipelineError("size", "expected a positive number of training sentences, got " +
                                        std::to_string(sentences));
    double alpha = 0.1;
    int copies = 4;
    if (sentences < 1000) {
        alpha = 0.05;
        copies = 16;
    } else if (double(sentences) < std::sqrt(2000.0 * 5000.0)) {
        alpha = 0.05;
        copies = 8;
    }
    const std::string n = std::to_string(sentences);
    return {{"version", 1},
            {"modality", "text"},
            {"seed", 0},
            {"name", "EDA for " + n + " sentences"},
            {"description", "EDA's recommendation for " + n +
                                " training sentences (Wei & Zou 2019): alpha " +
                                (alpha == 0.05 ? std::string("0.05") : std::string("0.1")) + ", " +
                                std::to_string(copies) +
                                " augmented copies per sentence (num_aug; the export's copies: " +
                                std::to_string(copies) + ")"},
            {"steps",
             {{{"transform", "text.eda"},
               {"p", 1.0},
               {"params",
                {{"alpha_sr", alpha},
                 {"alpha_ri", alpha},
                 {"alpha_rs", alpha},
                 {"p_rd", alpha},
                 {"num_aug", copies}}}}}}};
}

} // namespace augstudio::core

#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace augstudio::core {

// Statistics of a run's texts that text transforms need (text.tfidf_replace), fitted by
// whoever holds the texts (core/transforms/text/tfidffit.h) and put in the RunContext; built
// once, then shared read-only by every thread of the run.
struct TextStatistics {
    size_t documents = 0;
    // Inverse document frequency of each lower-case word: ln(documents / documents with it).
    std::unordered_map<std::string, double> idf;
    // Every word with its TF-IDF summed over the documents, in ascending order of that score
    // (ties by word), and the running sum of (highest score - score): a word drawn with
    // weight proportional to (highest - score) is found by binary search (Xie et al. 2020).
    std::vector<std::pair<std::string, double>> vocabulary;
    std::vector<double> cumulativeWeight;
};

} // namespace augstudio::core

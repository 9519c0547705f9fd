#include "core/transforms/text/tfidffit.h"

#include "core/transforms/text/tokenizedtext.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace augstudio::core {

std::shared_ptr<const TextStatistics> fitTextStatistics(const std::vector<std::string>& texts) {
    auto stats = std::make_shared<TextStatistics>();
    stats->documents = texts.size();
    std::map<std::string, size_t> documentFrequency;
    std::vector<std::map<std::string, double>> termFrequency(texts.size());
    for (size_t d = 0; d < texts.size(); ++d) {
        const TokenizedText t(texts[d]);
        for (size_t i = 0; i < t.size(); ++i)
            termFrequency[d][asciiLower(t.word(i))] += 1.0 / double(t.size());
        for (const auto& [word, tf] : termFrequency[d])
            ++documentFrequency[word];
    }
    for (const auto& [word, df] : documentFrequency)
        stats->idf[word] = std::log(double(texts.size()) / double(df));
    std::map<std::string, double> score;
    for (const auto& document : termFrequency)
        for (const auto& [word, tf] : document)
            score[word] += tf * stats->idf[word];
    stats->vocabulary.assign(score.begin(), score.end());
    std::stable_sort(stats->vocabulary.begin(), stats->vocabulary.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    const double highest = stats->vocabulary.empty() ? 0.0 : stats->vocabulary.back().second;
    double sum = 0;
    for (const auto& [word, s] : stats->vocabulary) {
        sum += highest - s;
        stats->cumulativeWeight.push_back(sum);
    }
    return stats;
}

} // namespace augstudio::core

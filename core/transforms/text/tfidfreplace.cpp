#include "core/transforms/text/tfidfreplace.h"

#include "core/pipeline/runcontext.h"
#include "core/transforms/text/wordedits.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace augstudio::core {

TfidfReplace::TfidfReplace(const ParamSet& p) : p_(p.f("p")), protection_(p) {}

Values TfidfReplace::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json out = nlohmann::json::array();
    const TextSample* s = wordedits::textOf(info);
    const TextStatistics* stats = info.context ? info.context->textStatistics.get() : nullptr;
    if (!s || !stats || stats->vocabulary.empty())
        return makeValues({{"replaced", out}});
    const TokenizedText t(s->text);
    if (t.empty())
        return makeValues({{"replaced", out}});
    const TextLocks locks = protection_.locks(t, s->text);
    std::vector<std::string> lower(t.size());
    std::map<std::string, double> tf;
    for (size_t i = 0; i < t.size(); ++i)
        tf[lower[i] = asciiLower(t.word(i))] += 1.0 / double(t.size());
    // A word the statistics never saw is as rare as a word can be: the highest idf.
    const double unseen = std::log(double(std::max<size_t>(1, stats->documents)));
    std::vector<double> score(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        const auto it = stats->idf.find(lower[i]);
        score[i] = tf[lower[i]] * (it == stats->idf.end() ? unseen : it->second);
    }
    const double highest = *std::max_element(score.begin(), score.end());
    double z = 0;
    for (double x : score)
        z += (highest - x) / double(score.size());
    const double total = stats->cumulativeWeight.back();
    for (size_t i = 0; i < t.size(); ++i) {
        const double probability = z > 0 ? std::min(1.0, p_ * (highest - score[i]) / z) : p_;
        if (locks.words[i] || !rng.bernoulli(probability))
            continue;
        size_t pick;
        if (total > 0) {
            const double u = rng.uniform(0, total);
            pick = size_t(std::upper_bound(stats->cumulativeWeight.begin(),
                                           stats->cumulativeWeight.end(), u) -
                          stats->cumulativeWeight.begin());
            pick = std::min(pick, stats->vocabulary.size() - 1);
        } else {
            pick = size_t(rng.integer(0, int64_t(stats->vocabulary.size()) - 1));
        }
        out.push_back({{"at", i},
                       {"from", t.word(i)},
                       {"to", wordedits::matchCase(t.word(i), stats->vocabulary[pick].first)}});
    }
    return makeValues({{"replaced", out}});
}

void TfidfReplace::applyTo(TextSample& s, const Values& v) const {
    wordedits::applyReplace(s, v);
}

TransformInfo TfidfReplace::info() {
    std::vector<ParamSpec> params = {floatParam(
        "p", 0.1, 0.0, 1.0,
        "mean probability of replacing a word (uninformative words more likely)", {}, 0.01)};
    for (auto& spec : TextProtection::params())
        params.push_back(std::move(spec));
    return {"text.tfidf_replace",
            Modality::Text,
            "token",
            "Replace uninformative (low TF-IDF) words by other low TF-IDF words of the dataset "
            "(statistics of the run; unchanged without them)",
            std::move(params),
            0.5,
            factoryOf<TfidfReplace>()};
}

} // namespace augstudio::core

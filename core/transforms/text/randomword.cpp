#include "core/transforms/text/randomword.h"

#include "core/transforms/text/wordedits.h"
#include "core/util/error.h"

#include <algorithm>

namespace augstudio::core {

RandomWord::RandomWord(const ParamSet& p)
    : action_(p.s("action")), count_(p.i("n")), protection_(p) {
    const std::string& list = p.s("substitute_with");
    size_t at = 0;
    while (at <= list.size()) {
        const size_t comma = std::min(list.find(',', at), list.size());
        std::string word = list.substr(at, comma - at);
        word.erase(0, word.find_first_not_of(' '));
        word.erase(word.find_last_not_of(' ') + 1);
        if (!word.empty())
            substitutes_.push_back(word);
        at = comma + 1;
    }
    if (action_ == "substitute" && substitutes_.empty())
        throw Error("substitute_with", "give at least one word to substitute with");
}

Values RandomWord::draw(Rng& rng, const SampleInfo& info) const {
    const TextSample* s = wordedits::textOf(info);
    const char* key = action_ == "substitute" ? "replaced"
                      : action_ == "swap"     ? "swapped"
                                              : "deleted";
    nlohmann::json out = nlohmann::json::array();
    if (!s)
        return makeValues({{key, out}});
    const TokenizedText t(s->text);
    const TextLocks locks = protection_.locks(t, s->text);
    const size_t n = t.size();
    if (action_ == "substitute") {
        std::vector<size_t> free;
        for (size_t i = 0; i < n; ++i)
            if (!locks.words[i])
                free.push_back(i);
        rng.shuffle(free);
        free.resize(std::min(free.size(), size_t(count_)));
        std::sort(free.begin(), free.end());
        for (size_t i : free)
            out.push_back(
                {{"at", i},
                 {"from", t.word(i)},
                 {"to", substitutes_[size_t(rng.integer(0, int64_t(substitutes_.size()) - 1))]}});
    } else if (action_ == "swap") {
        std::vector<size_t> order(n); // which original word sits at each position
        for (size_t i = 0; i < n; ++i)
            order[i] = i;
        std::vector<size_t> pairs; // i: words i and i + 1 may trade places
        for (size_t i = 0; i + 1 < n; ++i)
            if (!locks.words[i] && !locks.words[i + 1])
                pairs.push_back(i);
        for (int64_t k = 0; k < count_ && !pairs.empty(); ++k) {
            const size_t i = pairs[size_t(rng.integer(0, int64_t(pairs.size()) - 1))];
            out.push_back(
                {{"at", {i, i + 1}}, {"words", {t.word(order[i]), t.word(order[i + 1])}}});
            std::swap(order[i], order[i + 1]);
        }
    } else {
        // A run of up to n unprotected words; a text keeps at least one word.
        const size_t length = std::min(size_t(count_), n > 0 ? n - 1 : 0);
        std::vector<size_t> starts;
        for (size_t i = 0; length > 0 && i + length <= n; ++i) {
            bool free = true;
            for (size_t k = i; k < i + length && free; ++k)
                free = !locks.words[k];
            if (free)
                starts.push_back(i);
        }
        if (!starts.empty()) {
            const size_t first = starts[size_t(rng.integer(0, int64_t(starts.size()) - 1))];
            for (size_t k = first; k < first + length; ++k)
                out.push_back({{"at", k}, {"word", t.word(k)}});
        }
    }
    return makeValues({{key, out}});
}

void RandomWord::applyTo(TextSample& s, const Values& v) const {
    TokenizedText t(s.text);
    wordedits::applyReplace(t, v);
    wordedits::applySwap(t, v);
    wordedits::applyDelete(t, v);
    s.text = t.str();
}

TransformInfo RandomWord::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {enumParam("action", "substitute", {"substitute", "swap", "crop"},
                   "substitute words, swap neighbours, or delete a run of words"),
         intParam("n", 1, 1, 1000, "words substituted, swaps made, or length of the deleted run"),
         stringParam("substitute_with", "_",
                     "comma-separated words a substituted word becomes (one drawn each time)")});
    return {"text.random_word",
            Modality::Text,
            "token",
            "Random word edits: substitute n words, swap neighbours n times, or crop a run of n "
            "words",
            std::move(params),
            0.5,
            factoryOf<RandomWord>()};
}

} // namespace augstudio::core

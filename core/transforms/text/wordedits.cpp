#include "core/transforms/text/wordedits.h"

#include "core/transforms/text/stopwords.h"
#include "core/transforms/text/wordnet.h"
#include "core/util/error.h"

#include <algorithm>

namespace augstudio::core::wordedits {

namespace {

bool isUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c) {
    return c >= 'a' && c <= 'z';
}

bool hasLetter(const std::string& w) {
    for (char c : w)
        if (!(c >= '0' && c <= '9') && c != '.' && c != ',')
            return true;
    return false;
}

size_t indexAt(const nlohmann::json& entry, const char* key, size_t limit, const char* what) {
    const nlohmann::json& at = entry.at(key);
    if (!at.is_number_unsigned() || at.get<size_t>() >= limit)
        throw Error(what, "word index " + at.dump() + " is outside the text (" +
                              std::to_string(limit) + " words)");
    return at.get<size_t>();
}

} // namespace

size_t countFor(double alpha, size_t words) {
    return std::max<size_t>(1, size_t(alpha * double(words)));
}

std::string matchCase(const std::string& original, std::string_view synonym) {
    std::string out(synonym);
    size_t letters = 0, upper = 0;
    for (char c : original) {
        letters += isUpper(c) || isLower(c);
        upper += isUpper(c);
    }
    if (letters > 1 && upper == letters) {
        for (char& c : out)
            if (isLower(c))
                c = char(c - 'a' + 'A');
    } else if (!original.empty() && isUpper(original[0]) && !out.empty() && isLower(out[0])) {
        out[0] = char(out[0] - 'a' + 'A');
    }
    return out;
}

const TextSample* textOf(const SampleInfo& info) {
    return info.sample ? std::get_if<TextSample>(info.sample) : nullptr;
}

Values drawReplace(Rng& rng, const TokenizedText& t, const TextLocks& locks, double alpha,
                   const WordNet& wordnet) {
    nlohmann::json out = nlohmann::json::array();
    if (t.empty())
        return {{"replaced", out}};
    const size_t n = countFor(alpha, t.size());
    std::vector<size_t> candidates;
    candidates.reserve(t.size());
    for (size_t i = 0; i < t.size(); ++i)
        if (!locks.words[i] && hasLetter(t.word(i)) && !isEdaStopWord(asciiLower(t.word(i))))
            candidates.push_back(i);
    rng.shuffle(candidates);
    std::vector<std::string_view> synonyms;
    size_t replaced = 0;
    for (size_t i : candidates) {
        if (replaced >= n)
            break;
        wordnet.synonyms(t.word(i), synonyms);
        if (synonyms.empty())
            continue;
        const auto pick = size_t(rng.integer(0, int64_t(synonyms.size()) - 1));
        out.push_back(
            {{"at", i}, {"from", t.word(i)}, {"to", matchCase(t.word(i), synonyms[pick])}});
        ++replaced;
    }
    std::sort(out.begin(), out.end(),
              [](const nlohmann::json& a, const nlohmann::json& b) { return a["at"] < b["at"]; });
    return {{"replaced", out}};
}

void applyReplace(TokenizedText& t, const Values& v) {
    if (!v.contains("replaced"))
        return;
    for (const nlohmann::json& e : v["replaced"])
        t.replace(indexAt(e, "at", t.size(), "replaced"), e.at("to").get<std::string>());
}

std::optional<LockedText> lockedText(const SampleInfo& info, const TextProtection& protection) {
    const TextSample* s = textOf(info);
    if (!s)
        return std::nullopt;
    LockedText out{TokenizedText(s->text), {}};
    out.locks = protection.locks(out.words, s->text);
    return out;
}

Values replaceEachWord(const SampleInfo& info, const TextProtection& protection,
                       const WordEdit& edit) {
    nlohmann::json records = nlohmann::json::array();
    if (const auto text = lockedText(info, protection))
        for (size_t i = 0; i < text->words.size(); ++i) {
            if (text->locks.words[i])
                continue;
            nlohmann::json record = {{"at", i}, {"from", text->words.word(i)}};
            if (edit(text->words.word(i), record))
                records.push_back(std::move(record));
        }
    return makeValues({{"replaced", std::move(records)}});
}

Values replacedInTextOrder(nlohmann::json records) {
    std::sort(records.begin(), records.end(),
              [](const nlohmann::json& a, const nlohmann::json& b) { return a["at"] < b["at"]; });
    return makeValues({{"replaced", std::move(records)}});
}

void applyReplace(TextSample& sample, const Values& v) {
    TokenizedText t(sample.text);
    applyReplace(t, v);
    sample.text = t.str();
}

std::vector<ParamSpec> withProtection(std::vector<ParamSpec> params) {
    for (auto& spec : TextProtection::params())
        params.push_back(std::move(spec));
    return params;
}

Values drawInsert(Rng& rng, const TokenizedText& t, const TextLocks& locks, double alpha,
                  const WordNet& wordnet) {
    nlohmann::json out = nlohmann::json::array();
    std::vector<size_t> sources;
    for (size_t i = 0; i < t.size(); ++i)
        if (!locks.words[i])
            sources.push_back(i);
    if (sources.empty())
        return {{"inserted", out}};
    const size_t n = countFor(alpha, t.size());
    std::vector<char> points = locks.points; // of the growing text
    std::vector<std::string_view> synonyms;
    for (size_t k = 0; k < n; ++k) {
        // As the reference: up to 10 random words until one has a synonym.
        size_t source = 0;
        synonyms.clear();
        for (int attempt = 0; attempt < 10 && synonyms.empty(); ++attempt) {
            source = sources[size_t(rng.integer(0, int64_t(sources.size()) - 1))];
            wordnet.synonyms(t.word(source), synonyms);
        }
        if (synonyms.empty())
            continue;
        const std::string_view synonym =
            synonyms[size_t(rng.integer(0, int64_t(synonyms.size()) - 1))];
        // Never between two protected words: a protected phrase stays whole.
        std::vector<size_t> open;
        for (size_t at = 0; at < points.size(); ++at)
            if (!points[at])
                open.push_back(at);
        const size_t at = open[size_t(rng.integer(0, int64_t(open.size()) - 1))];
        points.insert(points.begin() + std::ptrdiff_t(at), 0);
        out.push_back({{"at", at}, {"word", std::string(synonym)}, {"synonym_of", t.word(source)}});
    }
    return {{"inserted", out}};
}

void applyInsert(TokenizedText& t, const Values& v) {
    if (!v.contains("inserted"))
        return;
    for (const nlohmann::json& e : v["inserted"])
        t.insert(indexAt(e, "at", t.size() + 1, "inserted"), e.at("word").get<std::string>());
}

Values drawSwap(Rng& rng, const TokenizedText& t, const TextLocks& locks, double alpha) {
    nlohmann::json out = nlohmann::json::array();
    std::vector<size_t> movable;
    for (size_t i = 0; i < t.size(); ++i)
        if (!locks.words[i])
            movable.push_back(i);
    if (movable.size() < 2)
        return {{"swapped", out}};
    std::vector<size_t> order(t.size()); // which original word sits at each position
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const size_t n = countFor(alpha, t.size());
    const auto m = int64_t(movable.size());
    for (size_t k = 0; k < n; ++k) {
        const auto a = size_t(rng.integer(0, m - 1));
        auto b = size_t(rng.integer(0, m - 2));
        if (b >= a)
            ++b;
        const size_t i = std::min(movable[a], movable[b]), j = std::max(movable[a], movable[b]);
        out.push_back({{"at", {i, j}}, {"words", {t.word(order[i]), t.word(order[j])}}});
        std::swap(order[i], order[j]);
    }
    return {{"swapped", out}};
}

void applySwap(TokenizedText& t, const Values& v) {
    if (!v.contains("swapped"))
        return;
    for (const nlohmann::json& e : v["swapped"]) {
        const nlohmann::json& at = e.at("at");
        if (!at.is_array() || at.size() != 2)
            throw Error("swapped", "expected \"at\": [i, j]");
        const nlohmann::json pair0 = {{"i", at[0]}}, pair1 = {{"i", at[1]}};
        t.swap(indexAt(pair0, "i", t.size(), "swapped"), indexAt(pair1, "i", t.size(), "swapped"));
    }
}

Values drawDelete(Rng& rng, const TokenizedText& t, const TextLocks& locks, double p) {
    nlohmann::json out = nlohmann::json::array();
    // As the reference: a one-word text is left alone.
    if (t.size() <= 1)
        return {{"deleted", out}};
    std::vector<size_t> gone;
    size_t kept = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        if (!locks.words[i] && rng.bernoulli(p))
            gone.push_back(i);
        else
            ++kept;
    }
    if (kept == 0) // never an empty text: keep one random word
        gone.erase(gone.begin() + rng.integer(0, int64_t(gone.size()) - 1));
    for (size_t i : gone)
        out.push_back({{"at", i}, {"word", t.word(i)}});
    return {{"deleted", out}};
}

void applyDelete(TokenizedText& t, const Values& v) {
    if (!v.contains("deleted"))
        return;
    std::vector<size_t> at;
    for (const nlohmann::json& e : v["deleted"])
        at.push_back(indexAt(e, "at", t.size(), "deleted"));
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    if (at.size() >= t.size() && !at.empty())
        at.pop_back(); // never an empty text, even from edited values
    for (auto it = at.rbegin(); it != at.rend(); ++it)
        t.erase(*it);
}

} // namespace augstudio::core::wordedits

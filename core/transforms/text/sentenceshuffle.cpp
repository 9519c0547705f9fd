#include "core/transforms/text/sentenceshuffle.h"

#include "core/transforms/text/wordedits.h"
#include "core/util/error.h"

#include <string_view>

namespace augstudio::core {

namespace {

bool sentenceSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The text as: leading space, then (sentence, space after it) pairs.
struct Sentences {
    std::string_view lead;
    std::vector<std::string_view> text, after;
};

Sentences splitSentences(std::string_view s) {
    Sentences out;
    size_t at = 0;
    while (at < s.size() && sentenceSpace(s[at]))
        ++at;
    out.lead = s.substr(0, at);
    while (at < s.size()) {
        size_t end = at;
        // A sentence ends at . ! or ? (and any closing marks after it) before white space.
        while (end < s.size()) {
            const char c = s[end++];
            if (c != '.' && c != '!' && c != '?')
                continue;
            while (end < s.size() && !sentenceSpace(s[end]) &&
                   (s[end] == '.' || s[end] == '!' || s[end] == '?' || s[end] == '"' ||
                    s[end] == '\'' || s[end] == ')'))
                ++end;
            if (end == s.size() || sentenceSpace(s[end]))
                break;
        }
        size_t next = end;
        while (next < s.size() && sentenceSpace(s[next]))
            ++next;
        out.text.push_back(s.substr(at, end - at));
        out.after.push_back(s.substr(end, next - end));
        at = next;
    }
    return out;
}

} // namespace

SentenceShuffle::SentenceShuffle(const ParamSet&) {}

Values SentenceShuffle::draw(Rng& rng, const SampleInfo& info) const {
    const TextSample* s = wordedits::textOf(info);
    const size_t count = s ? splitSentences(s->text).text.size() : 0;
    std::vector<size_t> order(count);
    for (size_t i = 0; i < count; ++i)
        order[i] = i;
    rng.shuffle(order);
    nlohmann::json v = nlohmann::json::array();
    for (size_t i : order)
        v.push_back(i);
    return makeValues({{"order", std::move(v)}});
}

void SentenceShuffle::applyTo(TextSample& s, const Values& v) const {
    const Sentences parts = splitSentences(s.text);
    const nlohmann::json& order = v.at("order");
    if (order.size() != parts.text.size())
        throw Error("order", "expected " + std::to_string(parts.text.size()) +
                                 " sentence indices, got " + std::to_string(order.size()));
    std::string out(parts.lead);
    for (size_t k = 0; k < order.size(); ++k) {
        const nlohmann::json& i = order[k];
        if (!i.is_number_unsigned() || i.get<size_t>() >= parts.text.size())
            throw Error("order", "sentence index " + i.dump() + " is outside the text");
        out += parts.text[i.get<size_t>()];
        out += parts.after[k];
    }
    s.text = std::move(out);
}

TransformInfo SentenceShuffle::info() {
    return {"text.sentence_shuffle",
            Modality::Text,
            "token",
            "Shuffle the sentences of a multi-sentence text",
            {},
            0.5,
            factoryOf<SentenceShuffle>()};
}

} // namespace augstudio::core

#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"
#include "core/transforms/text/tokenizedtext.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace augstudio::core {

class WordNet;

// The four EDA word operations, shared by their own transforms and by text.eda. Each draw
// reads the tokenized text and the protected-word flags and returns readable values (word
// indices, the words involved, the chosen synonyms); each apply replays those values on the
// tokenized text with no randomness and no WordNet lookup.
namespace wordedits {

// EDA's n: max(1, int(alpha * words)).
size_t countFor(double alpha, size_t words);
// The synonym spelled with the casing of the word it stands for ("Quick" -> "Speedy").
std::string matchCase(const std::string& original, std::string_view synonym);
// The text of the sample draw is looking at; nullptr when there is none.
const TextSample* textOf(const SampleInfo& info);

// What a word-level draw reads: the sample's text split into words, and which words its
// protection locks. Nothing when the draw sees no text.
struct LockedText {
    TokenizedText words;
    TextLocks locks;
};
std::optional<LockedText> lockedText(const SampleInfo& info, const TextProtection& protection);

// The draw of a transform that rewrites words one at a time: each unlocked word, in text
// order, is offered to `edit` with its record ({"at", "from"} filled in); `edit` sets "to"
// (and any other field it wants recorded) and returns true to replace the word. Returns
// {"replaced": [records]}, which applyReplace replays. No text: no records.
using WordEdit = std::function<bool(const std::string& word, nlohmann::json& record)>;
Values replaceEachWord(const SampleInfo& info, const TextProtection& protection,
                       const WordEdit& edit);
// {"replaced": records}, the records in text order (for draws that pick words at random).
Values replacedInTextOrder(nlohmann::json records);
// Replays {"replaced": ...} on the sample's text.
void applyReplace(TextSample& sample, const Values& v);
// `params` followed by the protection parameters every word-level transform takes.
std::vector<ParamSpec> withProtection(std::vector<ParamSpec> params);

Values drawReplace(Rng& rng, const TokenizedText& t, const TextLocks& locks, double alpha,
                   const WordNet& wordnet);
void applyReplace(TokenizedText& t, const Values& v);

Values drawInsert(Rng& rng, const TokenizedText& t, const TextLocks& locks, double alpha,
                  const WordNet& wordnet);
void applyInsert(TokenizedText& t, const Values& v);

Values drawSwap(Rng& rng, const TokenizedText& t, const TextLocks& locks, double alpha);
void applySwap(TokenizedText& t, const Values& v);

Values drawDelete(Rng& rng, const TokenizedText& t, const TextLocks& locks, double p);
void applyDelete(TokenizedText& t, const Values& v);

} // namespace wordedits
} // namespace augstudio::core

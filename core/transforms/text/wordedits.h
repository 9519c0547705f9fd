#pragma once

#include "core/pipeline/transform.h"
#include "core/transforms/text/textprotection.h"
#include "core/transforms/text/tokenizedtext.h"

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

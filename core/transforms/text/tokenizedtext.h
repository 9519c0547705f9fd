#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace augstudio::core {

// A UTF-8 text split into words and the separators around them (whitespace, punctuation,
// emoji, invalid bytes), so editing words leaves every other byte as it was: untouched words
// keep their casing and the punctuation between words stays. str() of an unedited text is the
// input, byte for byte. Words are runs of letters, digits, marks and CJK, with inner
// apostrophes and hyphens ("don't", "well-known") and inner '.'/',' between digits ("3.14").
class TokenizedText {
public:
    static constexpr size_t kInserted = size_t(-1);

    explicit TokenizedText(std::string_view text);

    size_t size() const { return tokens_.size(); }
    bool empty() const { return tokens_.empty(); }
    const std::string& word(size_t i) const { return tokens_[i].word; }
    // Byte offset of word i in the original text; kInserted for a word inserted since.
    size_t offset(size_t i) const { return tokens_[i].offset; }
    // The separator before word i; gap(size()) is the text after the last word.
    const std::string& gap(size_t i) const { return i < tokens_.size() ? tokens_[i].gap : tail_; }

    void replace(size_t i, std::string text);
    // Inserts a word before word `at` (at == size() appends after the last word), separated
    // by one space; the separator that was there stays on the side of the earlier word.
    void insert(size_t at, std::string text);
    // Removes word i and merges its two separators, dropping doubled whitespace (and a
    // dangling ",;:" at the start or end of the text).
    void erase(size_t i);
    void swap(size_t i, size_t j);

    std::string str() const;

    static bool isWordChar(char32_t cp);

private:
    // One allocation for the whole text: a word with the separator before it.
    struct Token {
        std::string gap;
        std::string word;
        size_t offset;
    };
    std::string& gapRef(size_t i) { return i < tokens_.size() ? tokens_[i].gap : tail_; }
    std::vector<Token> tokens_;
    std::string tail_; // after the last word
};

// ASCII lower case (WordNet and the stop-word list are ASCII); other bytes are kept.
std::string asciiLower(std::string_view s);

} // namespace augstudio::core

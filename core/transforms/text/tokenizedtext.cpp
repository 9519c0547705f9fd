#include "core/transforms/text/tokenizedtext.h"

#include "core/util/utf8.h"

#include <utility>

namespace augstudio::core {

namespace {

bool isDigit(char32_t c) {
    return c >= '0' && c <= '9';
}

// Inside a word, these join two word characters: "don't", "well-known", "3.14", "1,000".
bool joins(char32_t c, char32_t before, char32_t after) {
    if (c == '\'' || c == U'\u2019' || c == '-')
        return TokenizedText::isWordChar(before) && TokenizedText::isWordChar(after);
    if (c == '.' || c == ',')
        return isDigit(before) && isDigit(after);
    return false;
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool allSpace(const std::string& s) {
    for (char c : s)
        if (!isSpace(c))
            return false;
    return true;
}

bool isDangling(char c) {
    return isSpace(c) || c == ',' || c == ';' || c == ':';
}

} // namespace

bool TokenizedText::isWordChar(char32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    if (c < 0xC0) // Latin-1 punctuation and symbols, except the ordinal letters and micro
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7)
        return false;
    if (c >= 0x2000 && c <= 0x2BFF) // punctuation, symbols, arrows, math, dingbats
        return false;
    if (c >= 0x3000 && c <= 0x303F) // CJK punctuation
        return false;
    if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE30 && c <= 0xFE4F)) // selectors, CJK forms
        return false;
    if ((c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
        (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65)) // full-width punctuation
        return false;
    if (c >= 0x1F000 && c <= 0x1FAFF) // emoji and pictographs
        return false;
    if (c >= 0xE0000) // tags, private use planes
        return false;
    return true;
}

TokenizedText::TokenizedText(std::string_view text) {
    // One pass over the bytes; ASCII (the common case) is classified without decoding.
    auto at = [&](size_t i) -> utf8::CodePoint {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80)
            return {b, 1, true};
        return utf8::decode(text, i);
    };
    // An invalid byte is a separator of its own and is kept as it was.
    auto isWord = [](const utf8::CodePoint& c) { return c.valid && isWordChar(c.value); };
    const size_t n = text.size();
    tokens_.reserve(n / 5 + 1);
    size_t gapStart = 0;
    size_t i = 0;
    while (i < n) {
        utf8::CodePoint c = at(i);
        if (!isWord(c)) {
            i += size_t(c.length);
            continue;
        }
        const size_t begin = i;
        char32_t prev = c.value;
        i += size_t(c.length);
        while (i < n) {
            c = at(i);
            if (isWord(c)) {
                prev = c.value;
                i += size_t(c.length);
                continue;
            }
            const size_t next = i + size_t(c.length);
            if (c.valid && next < n) {
                const utf8::CodePoint after = at(next);
                if (after.valid && joins(c.value, prev, after.value)) {
                    prev = after.value;
                    i = next + size_t(after.length);
                    continue;
                }
            }
            break;
        }
        tokens_.push_back({std::string(text.substr(gapStart, begin - gapStart)),
                           std::string(text.substr(begin, i - begin)), begin});
        gapStart = i;
    }
    tail_.assign(text.substr(gapStart));
}

void TokenizedText::replace(size_t i, std::string text) {
    tokens_.at(i).word = std::move(text);
}

void TokenizedText::insert(size_t at, std::string text) {
    const size_t n = tokens_.size();
    if (at > n)
        at = n;
    // The old separator stays before the new word unless it is the trailing text.
    if (at < n) {
        tokens_.insert(tokens_.begin() + std::ptrdiff_t(at),
                       Token{std::move(tokens_[at].gap), std::move(text), kInserted});
        tokens_[at + 1].gap.assign(1, ' ');
    } else {
        tokens_.push_back(Token{" ", std::move(text), kInserted});
    }
}

void TokenizedText::erase(size_t i) {
    const size_t n = tokens_.size();
    if (i >= n)
        return;
    std::string left = std::move(tokens_[i].gap);
    std::string right = std::move(gapRef(i + 1));
    std::string merged;
    if (i == 0) {
        size_t skip = 0;
        while (skip < right.size() && isDangling(right[skip]))
            ++skip;
        merged = std::move(left);
        merged.append(right, skip);
    } else if (i == n - 1) {
        size_t keep = left.size();
        while (keep > 0 && isDangling(left[keep - 1]))
            --keep;
        merged.assign(left, 0, keep); // "a, b!" without b is "a!"
        merged += right;
    } else if (allSpace(right)) {
        merged = std::move(left);
    } else if (allSpace(left)) {
        merged = std::move(right);
    } else {
        size_t skip = 0;
        if (!left.empty() && isSpace(left.back()))
            while (skip < right.size() && isSpace(right[skip]))
                ++skip;
        merged = std::move(left);
        merged.append(right, skip);
    }
    tokens_.erase(tokens_.begin() + std::ptrdiff_t(i));
    gapRef(i) = std::move(merged);
}

void TokenizedText::swap(size_t i, size_t j) {
    std::swap(tokens_.at(i).word, tokens_.at(j).word);
    std::swap(tokens_[i].offset, tokens_[j].offset);
}

std::string TokenizedText::str() const {
    size_t total = tail_.size();
    for (const auto& t : tokens_)
        total += t.gap.size() + t.word.size();
    std::string out;
    out.reserve(total);
    for (const auto& t : tokens_) {
        out += t.gap;
        out += t.word;
    }
    out += tail_;
    return out;
}

std::string asciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

} // namespace augstudio::core

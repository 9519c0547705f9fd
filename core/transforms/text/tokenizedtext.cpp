#include "core/transforms/text/tokenizedtext.h"

#include "core/transforms/text/utf8.h"

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
    // Decode once, then classify each code point as word or separator.
    struct Cp {
        char32_t c;
        size_t at;
        int len;
    };
    std::vector<Cp> cps;
    cps.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const utf8::CodePoint cp = utf8::decode(text, i);
        // An invalid byte is a separator of its own and is kept as it was.
        cps.push_back({cp.valid ? cp.value : char32_t(0xFFFFFFFF), i, cp.length});
        i += size_t(cp.length);
    }
    const size_t n = cps.size();
    words_.reserve(n / 4 + 1);
    gaps_.reserve(n / 4 + 2);
    offsets_.reserve(n / 4 + 1);
    size_t gapStart = 0;
    size_t k = 0;
    while (k < n) {
        if (!isWordChar(cps[k].c)) {
            ++k;
            continue;
        }
        const size_t begin = k;
        ++k;
        while (k < n) {
            if (isWordChar(cps[k].c)) {
                ++k;
            } else if (k + 1 < n && joins(cps[k].c, cps[k - 1].c, cps[k + 1].c)) {
                k += 2;
            } else {
                break;
            }
        }
        const size_t b = cps[begin].at;
        const size_t e = k < n ? cps[k].at : text.size();
        gaps_.emplace_back(text.substr(gapStart, b - gapStart));
        words_.emplace_back(text.substr(b, e - b));
        offsets_.push_back(b);
        gapStart = e;
    }
    gaps_.emplace_back(text.substr(gapStart));
}

void TokenizedText::replace(size_t i, std::string text) {
    words_.at(i) = std::move(text);
}

void TokenizedText::insert(size_t at, std::string text) {
    const size_t n = words_.size();
    if (at > n)
        at = n;
    words_.insert(words_.begin() + std::ptrdiff_t(at), std::move(text));
    offsets_.insert(offsets_.begin() + std::ptrdiff_t(at), kInserted);
    // The old separator stays before the new word unless it is the trailing text.
    const size_t gapAt = at < n ? at + 1 : n;
    gaps_.insert(gaps_.begin() + std::ptrdiff_t(gapAt), std::string(" "));
}

void TokenizedText::erase(size_t i) {
    const size_t n = words_.size();
    if (i >= n)
        return;
    std::string left = std::move(gaps_[i]);
    std::string right = std::move(gaps_[i + 1]);
    std::string merged;
    if (i == 0) {
        size_t skip = 0;
        while (skip < right.size() && isDangling(right[skip]))
            ++skip;
        merged = left + right.substr(skip);
    } else if (i == n - 1) {
        size_t keep = left.size();
        while (keep > 0 && isDangling(left[keep - 1]))
            --keep;
        merged = left.substr(0, keep) + right; // "a, b!" without b is "a!"
    } else if (allSpace(right)) {
        merged = std::move(left);
    } else if (allSpace(left)) {
        merged = std::move(right);
    } else {
        size_t skip = 0;
        if (!left.empty() && isSpace(left.back()))
            while (skip < right.size() && isSpace(right[skip]))
                ++skip;
        merged = left + right.substr(skip);
    }
    words_.erase(words_.begin() + std::ptrdiff_t(i));
    offsets_.erase(offsets_.begin() + std::ptrdiff_t(i));
    gaps_.erase(gaps_.begin() + std::ptrdiff_t(i + 1));
    gaps_[i] = std::move(merged);
}

void TokenizedText::swap(size_t i, size_t j) {
    std::swap(words_.at(i), words_.at(j));
    std::swap(offsets_[i], offsets_[j]);
}

std::string TokenizedText::str() const {
    size_t total = 0;
    for (const auto& w : words_)
        total += w.size();
    for (const auto& g : gaps_)
        total += g.size();
    std::string out;
    out.reserve(total);
    for (size_t i = 0; i < words_.size(); ++i) {
        out += gaps_[i];
        out += words_[i];
    }
    out += gaps_.back();
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

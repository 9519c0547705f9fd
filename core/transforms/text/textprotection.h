#pragma once

#include "core/params/paramset.h"
#include "core/transforms/text/tokenizedtext.h"

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace augstudio::core {

// What a transform may not touch in one text: a flag per word (never changed, moved or
// deleted) and a flag per insertion point (point k is before word k, point size() after the
// last word; a point inside a protected span would split it).
struct TextLocks {
    std::vector<char> words;
    std::vector<char> points;
};

// The spans a text transform must leave alone: words or phrases from `protected_words`
// (comma-separated, matched case-insensitively on whole words) and matches of
// `protected_regex` (ECMAScript). A word overlapping a protected span is never changed,
// moved or deleted.
class TextProtection {
public:
    // Throws Error naming `protected_regex` when the expression does not compile.
    explicit TextProtection(const ParamSet& p);
    static std::vector<ParamSpec> params();

    // The locks of `words`, the tokenization of `source` before any edit.
    TextLocks locks(const TokenizedText& words, std::string_view source) const;
    bool any() const { return !phrases_.empty() || regex_.has_value(); }

private:
    std::vector<std::vector<std::string>> phrases_; // lower-case words of each entry
    std::optional<std::regex> regex_;
};

} // namespace augstudio::core

#include "core/transforms/text/textprotection.h"

#include "core/util/error.h"

namespace augstudio::core {

TextProtection::TextProtection(const ParamSet& p) {
    const std::string& list = p.s("protected_words");
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos)
            comma = list.size();
        const TokenizedText entry(std::string_view(list).substr(start, comma - start));
        if (!entry.empty()) {
            std::vector<std::string> words;
            for (size_t i = 0; i < entry.size(); ++i)
                words.push_back(asciiLower(entry.word(i)));
            phrases_.push_back(std::move(words));
        }
        start = comma + 1;
    }
    const std::string& expr = p.s("protected_regex");
    if (!expr.empty()) {
        try {
            regex_.emplace(expr, std::regex::ECMAScript | std::regex::optimize);
        } catch (const std::regex_error& e) {
            throw Error("protected_regex",
                        "invalid regular expression '" + expr + "' (" + e.what() + ")");
        }
    }
}

std::vector<ParamSpec> TextProtection::params() {
    return {stringParam("protected_words", "",
                        "comma-separated words or phrases never changed, moved or deleted "
                        "(case-insensitive, whole words)"),
            stringParam("protected_regex", "",
                        "ECMAScript regular expression; words overlapping a match are never "
                        "changed, moved or deleted")};
}

TextLocks TextProtection::locks(const TokenizedText& words, std::string_view source) const {
    TextLocks out;
    out.words.assign(words.size(), 0);
    out.points.assign(words.size() + 1, 0);
    if (!any())
        return out;
    auto end = [&](size_t i) { return words.offset(i) + words.word(i).size(); };
    // Insertion point k sits at the start of word k, or at the end of the last word.
    auto pointAt = [&](size_t k) { return k < words.size() ? words.offset(k) : end(k - 1); };
    auto lockSpan = [&](size_t b, size_t e) {
        for (size_t i = 0; i < words.size(); ++i) {
            const size_t wb = words.offset(i), we = end(i);
            // Overlap, or an empty match inside the word.
            if ((b < we && wb < e) || (b == e && wb <= b && b < we))
                out.words[i] = 1;
        }
        for (size_t k = 1; k < words.size(); ++k)
            if (b < pointAt(k) && pointAt(k) < e)
                out.points[k] = 1;
    };
    if (!phrases_.empty()) {
        std::vector<std::string> lower(words.size());
        for (size_t i = 0; i < words.size(); ++i)
            lower[i] = asciiLower(words.word(i));
        for (const auto& phrase : phrases_) {
            for (size_t i = 0; i + phrase.size() <= lower.size(); ++i) {
                bool match = true;
                for (size_t k = 0; k < phrase.size() && match; ++k)
                    match = lower[i + k] == phrase[k];
                if (match)
                    lockSpan(words.offset(i), end(i + phrase.size() - 1));
            }
        }
    }
    if (regex_) {
        using It = std::string_view::const_iterator;
        for (std::regex_iterator<It> m(source.begin(), source.end(), *regex_), last; m != last;
             ++m) {
            const size_t b = size_t(m->position(0));
            lockSpan(b, b + size_t(m->length(0)));
        }
    }
    return out;
}

} // namespace augstudio::core

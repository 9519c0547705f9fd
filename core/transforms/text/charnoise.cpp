#include "core/transforms/text/charnoise.h"

#include "core/transforms/text/wordedits.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

#include <array>
#include <cstring>

namespace augstudio::core {

namespace {

// Keys around each key of a QWERTY keyboard (the row above is shifted half a key right).
std::string_view neighbours(char32_t c) {
    static const std::array<std::string, 128> table = [] {
        std::array<std::string, 128> t;
        const char* rows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
        auto at = [&](int r, int col) -> char {
            if (r < 0 || r > 3 || col < 0 || col >= int(std::strlen(rows[r])))
                return 0;
            return rows[r][col];
        };
        for (int r = 0; r < 4; ++r)
            for (int col = 0; rows[r][col]; ++col) {
                std::string n;
                for (char k : {at(r, col - 1), at(r, col + 1), at(r - 1, col), at(r - 1, col + 1),
                               at(r + 1, col - 1), at(r + 1, col)})
                    if (k)
                        n.push_back(k);
                t[size_t(rows[r][col])] = n;
            }
        return t;
    }();
    if (c >= 'A' && c <= 'Z')
        c = c - 'A' + 'a';
    return c < 128 ? std::string_view(table[c]) : std::string_view();
}

char32_t sameCase(char32_t original, char k) {
    if (original >= 'A' && original <= 'Z' && k >= 'a' && k <= 'z')
        return char32_t(k - 'a' + 'A');
    return char32_t(k);
}

std::string encode(char32_t c) {
    std::string s;
    utf8::append(s, c);
    return s;
}

struct Cp {
    char32_t c;
    size_t at, len;
    bool valid;
};

std::vector<Cp> codePoints(std::string_view s) {
    std::vector<Cp> out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const utf8::CodePoint cp = utf8::decode(s, i);
        out.push_back({cp.value, i, size_t(cp.length), cp.valid});
        i += size_t(cp.length);
    }
    return out;
}

} // namespace

CharNoise::CharNoise(const ParamSet& p)
    : rate_(p.f("rate")), keyboard_(p.b("keyboard")), swap_(p.b("swap")), delete_(p.b("delete")),
      insert_(p.b("insert")), protection_(p) {
    if (!keyboard_ && !swap_ && !delete_ && !insert_)
        throw Error("keyboard",
                    "enable at least one kind of noise (keyboard, swap, delete, insert)");
}

Values CharNoise::draw(Rng& rng, const SampleInfo& info) const {
    nlohmann::json edits = nlohmann::json::array();
    const TextSample* s = wordedits::textOf(info);
    if (!s)
        return {{"edits", edits}};
    const TokenizedText t(s->text);
    const std::vector<char> locked = protection_.locks(t, s->text).words;
    const std::vector<Cp> cps = codePoints(s->text);
    size_t w = 0;        // the word at or after the current byte
    size_t wordLeft = 0; // characters of the current word not deleted yet
    size_t lastWord = SIZE_MAX;
    for (size_t ci = 0; ci < cps.size(); ++ci) {
        const Cp& cp = cps[ci];
        while (w < t.size() && t.offset(w) + t.word(w).size() <= cp.at)
            ++w;
        if (w >= t.size() || cp.at < t.offset(w) || locked[w] || !cp.valid)
            continue;
        const size_t wordEnd = t.offset(w) + t.word(w).size();
        if (w != lastWord) {
            lastWord = w;
            wordLeft = 0;
            for (size_t k = ci; k < cps.size() && cps[k].at < wordEnd; ++k)
                ++wordLeft;
        }
        if (!rng.bernoulli(rate_))
            continue;
        const std::string_view keys = neighbours(cp.c);
        const bool canSwap = swap_ && ci + 1 < cps.size() && cps[ci + 1].at < wordEnd &&
                             cps[ci + 1].valid && cps[ci + 1].c != cp.c;
        const char* kinds[4];
        int count = 0;
        if (keyboard_ && !keys.empty())
            kinds[count++] = "keyboard";
        if (canSwap)
            kinds[count++] = "swap";
        if (delete_ && wordLeft > 1)
            kinds[count++] = "delete";
        if (insert_)
            kinds[count++] = "insert";
        if (count == 0)
            continue;
        const std::string kind = kinds[rng.integer(0, count - 1)];
        const std::string from = s->text.substr(cp.at, cp.len);
        if (kind == "keyboard") {
            const char k = keys[size_t(rng.integer(0, int64_t(keys.size()) - 1))];
            edits.push_back(
                {{"at", ci}, {"op", kind}, {"from", from}, {"to", encode(sameCase(cp.c, k))}});
        } else if (kind == "swap") {
            const Cp& next = cps[ci + 1];
            const std::string second = s->text.substr(next.at, next.len);
            std::string pair = from, swapped = second;
            pair += second;
            swapped += from;
            edits.push_back({{"at", ci}, {"op", kind}, {"from", pair}, {"to", swapped}});
            ++ci; // the next character moved: it gets no edit of its own
        } else if (kind == "delete") {
            --wordLeft;
            edits.push_back({{"at", ci}, {"op", kind}, {"from", from}});
        } else {
            // An extra key pressed after this one: a neighbour, or the same key twice.
            const std::string typed =
                keys.empty() ? from
                             : encode(sameCase(
                                   cp.c, keys[size_t(rng.integer(0, int64_t(keys.size()) - 1))]));
            edits.push_back({{"at", ci}, {"op", kind}, {"after", from}, {"char", typed}});
        }
    }
    return {{"edits", edits}};
}

void CharNoise::applyTo(TextSample& s, const Values& v) const {
    if (!v.contains("edits") || v["edits"].empty())
        return;
    const std::vector<Cp> cps = codePoints(s.text);
    std::string out;
    out.reserve(s.text.size() + 16);
    const nlohmann::json& edits = v["edits"];
    size_t e = 0;
    for (size_t ci = 0; ci < cps.size(); ++ci) {
        const std::string_view here = std::string_view(s.text).substr(cps[ci].at, cps[ci].len);
        while (e < edits.size() && edits[e].at("at").get<size_t>() < ci)
            ++e; // edits out of order or on a swapped character are ignored
        if (e == edits.size() || edits[e].at("at").get<size_t>() != ci) {
            out += here;
            continue;
        }
        const nlohmann::json& edit = edits[e++];
        const std::string op = edit.at("op").get<std::string>();
        if (op == "keyboard") {
            out += edit.at("to").get<std::string>();
        } else if (op == "delete") {
        } else if (op == "insert") {
            out += here;
            out += edit.at("char").get<std::string>();
        } else if (op == "swap" && ci + 1 < cps.size()) {
            out += std::string_view(s.text).substr(cps[ci + 1].at, cps[ci + 1].len);
            out += here;
            ++ci;
        } else {
            throw Error("edits", "unknown edit '" + op + "' at character " + std::to_string(ci));
        }
    }
    s.text = std::move(out);
}

TransformInfo CharNoise::info() {
    std::vector<ParamSpec> params = wordedits::withProtection(
        {floatParam("rate", 0.05, 0.0, 1.0, "probability of a typo on each character of a word", {},
                    0.01),
         boolParam("keyboard", true, "replace a character by a neighbouring QWERTY key"),
         boolParam("swap", true, "swap a character with the next one of the word"),
         boolParam("delete", true, "delete a character (a word keeps at least one)"),
         boolParam("insert", true, "insert a neighbouring key after a character")});
    return {"text.char_noise",
            Modality::Text,
            "character",
            "Character-level typos (keyboard neighbours, swaps, deletions, insertions)",
            std::move(params),
            0.5,
            factoryOf<CharNoise>()};
}

} // namespace augstudio::core

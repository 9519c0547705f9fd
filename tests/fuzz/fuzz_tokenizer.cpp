// The text tokenizer and the word edits built on it: any bytes tokenize, an unedited text
// gives back its input byte for byte, every word is non-empty and lies where its offset
// says, and edits (replace, insert, erase, swap) keep the other words and never read out of
// bounds. The bytes after the first 0 byte drive the edits.
#include "core/transforms/text/tokenizedtext.h"
#include "core/util/utf8.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

using namespace augstudio::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const size_t cut = all.find('\0');
    const std::string_view text = all.substr(0, cut);
    const std::string_view edits = cut == std::string_view::npos ? "" : all.substr(cut + 1);

    TokenizedText t(text);
    if (t.str() != text)
        __builtin_trap();
    for (size_t i = 0; i < t.size(); ++i) {
        if (t.word(i).empty() || text.substr(t.offset(i), t.word(i).size()) != t.word(i))
            __builtin_trap();
    }
    const bool valid = utf8::firstInvalid(text) == std::string_view::npos;

    for (size_t k = 0; k + 1 < edits.size() && k < 64; k += 2) {
        const uint8_t op = uint8_t(edits[k]) % 4;
        const size_t n = t.size();
        const size_t i = n ? uint8_t(edits[k + 1]) % n : 0;
        switch (op) {
        case 0:
            if (n)
                t.replace(i, "word");
            break;
        case 1:
            t.insert(n ? i : 0, "new");
            break;
        case 2:
            if (n) {
                const size_t before = t.size();
                t.erase(i);
                if (t.size() != before - 1)
                    __builtin_trap();
            }
            break;
        default:
            if (n > 1)
                t.swap(i, (i + 1) % n);
            break;
        }
    }
    // Edits insert only ASCII words: valid input stays valid UTF-8.
    const std::string out = t.str();
    if (valid && utf8::firstInvalid(out) != std::string::npos)
        __builtin_trap();
    const TokenizedText again(out);
    if (again.str() != out)
        __builtin_trap();
    return 0;
}

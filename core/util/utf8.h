#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace augstudio::core::utf8 {

// One decoded code point: `length` bytes starting where it was read. An invalid or truncated
// sequence decodes as one byte with `valid` false, so callers can step over any input.
struct CodePoint {
    char32_t value = 0;
    int length = 1;
    bool valid = true;
};

CodePoint decode(std::string_view s, size_t at);
void append(std::string& out, char32_t cp);
// The byte offset of the first invalid sequence, or npos when `s` is valid UTF-8
// (overlong forms, surrogates and values above U+10FFFF are invalid).
size_t firstInvalid(std::string_view s);

} // namespace augstudio::core::utf8

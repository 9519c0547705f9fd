#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// A small delimited-text tokenizer for the series formats (and anyone else's CSV): BOM,
// CRLF / LF / CR line ends, `,` `;` tab or blank-run delimiters (sniffed), quoted fields with
// "" escapes and line breaks inside quotes, empty lines skipped, numbers parsed and written
// exactly.
namespace augstudio::core::csv {

// The text without a UTF-8 byte order mark.
std::string_view stripBom(std::string_view text);
bool hasBom(std::string_view text);
// The first line end of the text ("\r\n", "\n" or "\r"), "\n" when there is none.
std::string lineEndOf(std::string_view text);
// The delimiter that splits the first 20 records into the same number (> 1) of fields,
// trying tab, then `;`, then `,` (so "1,5;2,25" is `;` with decimal commas); when none is
// consistent, the one giving the first record the most fields; when every record is one
// field, ' ' if blanks separate values (runs of blanks, as the old UCR .txt files), else ','.
char sniffDelimiter(std::string_view text);

class Tokenizer {
public:
    // `text` must outlive the tokenizer (fields point into it). Delimiter ' ' splits on runs
    // of spaces and tabs, without quoting.
    Tokenizer(std::string_view text, char delimiter);

    // Reads the next record that is not empty (or blank); false at the end of the text.
    bool next();
    const std::vector<std::string_view>& fields() const { return fields_; }
    // The line the current record starts on, from 1.
    int64_t line() const { return line_; }
    // The current record ran to the end of the text inside a quoted field.
    bool unterminatedQuote() const { return unterminated_; }

private:
    struct Span {
        size_t offset, length;
        bool owned; // in unescaped_ (a quoted field), else in the text
    };
    std::string_view text_;
    char delimiter_;
    size_t pos_ = 0;
    int64_t nextLine_ = 1, line_ = 0;
    bool unterminated_ = false;
    std::string unescaped_;
    std::vector<Span> spans_;
    std::vector<std::string_view> fields_;
};

// Parses a whole cell as a number: blanks around it ignored, a leading '+' accepted, NaN /
// nan / NA / an empty cell are NaN, inf / -inf accepted; `decimalComma` reads "1,5" as 1.5.
bool parseNumber(std::string_view cell, double& out, bool decimalComma = false);
// Appends the shortest text that reads back as exactly `v` (std::to_chars); NaN as "NaN".
void appendNumber(std::string& out, double v, bool decimalComma = false);
// Appends a field, quoted when it holds the delimiter, a quote, a line break or edge blanks.
void appendField(std::string& out, std::string_view field, char delimiter);
std::string_view trim(std::string_view s);

} // namespace augstudio::core::csv

#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The one delimited-text tokenizer: the dataset scan and every table reader (series, text,
// labels files) split records with it, so what the scan accepts the readers read. BOM,
// CRLF / LF / CR line ends, `,` `;` tab or blank-run delimiters (sniffed over many records),
// RFC 4180 quoted fields with "" escapes and line breaks inside quotes, empty lines skipped,
// numbers parsed (NaN, NA, `?` and empty cells as missing) and written exactly.
namespace augstudio::core {

// A row a reader left out (when told to skip bad rows), with why: what the scan reports.
struct SkippedRow {
    int64_t line = 0; // from 1
    std::string reason;
};

} // namespace augstudio::core

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

// How a table is written: the sniffed delimiter, and for `;` tables whether commas inside
// the first rows' cells are decimal separators ("1,5;2,25").
struct Dialect {
    char delimiter = ',';
    bool decimalComma = false;
};
Dialect sniffDialect(std::string_view text);

class Tokenizer {
public:
    // `text` must outlive the tokenizer (fields point into it). Delimiter ' ' splits on runs
    // of spaces and tabs, without quoting.
    Tokenizer(std::string_view text, char delimiter);
    // Unquoted records of at most `maxFields` fields: the last one runs unsplit to the end
    // of the line (EDA's `label<TAB>text`, whose text may hold tabs and quotes as written).
    Tokenizer(std::string_view text, char delimiter, size_t maxFields);

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
    size_t maxFields_ = 0; // 0: no limit
    size_t pos_ = 0;
    int64_t nextLine_ = 1, line_ = 0;
    bool unterminated_ = false;
    std::string unescaped_;
    std::vector<Span> spans_;
    std::vector<std::string_view> fields_;
};

// Parses a whole cell as a number: blanks around it ignored, a leading '+' accepted, NaN /
// nan / NA / null / `?` (UCR, UEA and Weka's missing value) / an empty cell are NaN, inf /
// -inf accepted; `decimalComma` reads "1,5" as 1.5.
bool parseNumber(std::string_view cell, double& out, bool decimalComma = false);
// Appends the shortest text that reads back as exactly `v` (std::to_chars); NaN as "NaN".
void appendNumber(std::string& out, double v, bool decimalComma = false);
// Appends a field, quoted when it holds the delimiter, a quote, a line break or edge blanks.
void appendField(std::string& out, std::string_view field, char delimiter);
std::string_view trim(std::string_view s);

// A whole file's bytes (BOM kept). Throws IoError naming the file ("cannot open", "read error").
std::string readFile(const std::filesystem::path& file);

// A CSV file's records as strings, for the small tables of the layouts (labels files,
// metadata): the sniffed delimiter, the header (the first record) and the rows with the line
// each starts on. At most `maxRecords` records are read (the header included). Throws
// IoError naming the file and line for a quoted field left open.
struct Records {
    char delimiter = ',';
    std::vector<std::string> header;
    int64_t headerLine = 0; // 0 when the file holds no record
    std::vector<std::pair<int64_t, std::vector<std::string>>> rows;
};
Records readRecords(const std::filesystem::path& file, size_t maxRecords = SIZE_MAX);
// Lower case (ASCII), blanks around removed: how header names are compared.
std::string lowerTrim(std::string_view s);
// The index of the first cell whose lowerTrim is one of `names` (tried in order), or -1.
int columnOf(const std::vector<std::string_view>& cells, std::initializer_list<const char*> names);
int columnOf(const std::vector<std::string>& cells, std::initializer_list<const char*> names);

// Header names the readers accept (the scan classifies with the same lists).
inline constexpr std::initializer_list<const char*> kTextColumns = {"text", "sentence"};
inline constexpr std::initializer_list<const char*> kLabelColumns = {"label", "class"};
inline constexpr std::initializer_list<const char*> kSeriesIdColumns = {"series_id", "id"};
inline constexpr std::initializer_list<const char*> kTimeColumns = {"time", "timestamp", "t"};

} // namespace augstudio::core::csv

#include "core/io/table/csv.h"

#include "core/util/error.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace augstudio::core::csv {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
bool isBlank(char c) {
    return c == ' ' || c == '\t';
}
} // namespace

bool hasBom(std::string_view text) {
    return text.substr(0, 3) == kBom;
}

std::string_view stripBom(std::string_view text) {
    return hasBom(text) ? text.substr(3) : text;
}

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (isBlank(s[b]) || s[b] == '\r' || s[b] == '\n'))
        ++b;
    while (e > b && (isBlank(s[e - 1]) || s[e - 1] == '\r' || s[e - 1] == '\n'))
        --e;
    return s.substr(b, e - b);
}

std::string lineEndOf(std::string_view text) {
    const size_t i = text.find_first_of("\r\n");
    if (i == std::string_view::npos || text[i] == '\n')
        return "\n";
    return i + 1 < text.size() && text[i + 1] == '\n' ? "\r\n" : "\r";
}

char sniffDelimiter(std::string_view text) {
    // A delimiter that splits the first records into the same number (> 1) of fields wins,
    // tab before `;` before `,` (so "1,5;2,25" is `;` with decimal commas), unless a later one
    // does so over more records: a wrong delimiter can open a quoted field where the right one
    // reads the quote as a character, and that field swallows the line ends after it (the text
    // then reads as one long record). With none consistent, the one giving the first record
    // the most fields.
    constexpr char kCandidates[] = {'\t', ';', ','};
    char best = 0, consistentBest = 0;
    size_t bestFirst = 1, consistentRecords = 0;
    for (char d : kCandidates) {
        Tokenizer tok(text, d);
        size_t first = 0, records = 0;
        bool consistent = true;
        for (; records < 20 && tok.next(); ++records) {
            if (records == 0)
                first = tok.fields().size();
            else if (tok.fields().size() != first)
                consistent = false;
        }
        if (consistent && first > 1 && records > consistentRecords) {
            consistentBest = d;
            consistentRecords = records;
        }
        if (first > bestFirst) {
            best = d;
            bestFirst = first;
        }
    }
    if (consistentBest)
        return consistentBest;
    if (best)
        return best;
    // One field per line: blank-separated values (old UCR .txt), or a single column.
    Tokenizer tok(text, ' ');
    return tok.next() && tok.fields().size() > 1 ? ' ' : ',';
}

Tokenizer::Tokenizer(std::string_view text, char delimiter)
    : text_(stripBom(text)), delimiter_(delimiter) {}

Tokenizer::Tokenizer(std::string_view text, char delimiter, size_t maxFields)
    : text_(stripBom(text)), delimiter_(delimiter), maxFields_(maxFields) {}

Dialect sniffDialect(std::string_view text) {
    Dialect d;
    d.delimiter = sniffDelimiter(text);
    if (d.delimiter != ';')
        return d;
    // "1,5;2,25": commas inside `;`-separated cells are decimal separators (any row's).
    Tokenizer peek(text, ';');
    while (peek.next())
        for (auto c : peek.fields())
            if (c.find(',') != std::string_view::npos && c.find('.') == std::string_view::npos) {
                double v;
                if (parseNumber(c, v, true)) {
                    d.decimalComma = true;
                    return d;
                }
            }
    return d;
}

std::string lowerTrim(std::string_view s) {
    std::string out(trim(s));
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

namespace {
template <class Cells> int columnIn(const Cells& cells, std::initializer_list<const char*> names) {
    for (const char* n : names)
        for (size_t i = 0; i < cells.size(); ++i)
            if (lowerTrim(cells[i]) == n)
                return int(i);
    return -1;
}
} // namespace

int columnOf(const std::vector<std::string_view>& cells, std::initializer_list<const char*> names) {
    return columnIn(cells, names);
}
int columnOf(const std::vector<std::string>& cells, std::initializer_list<const char*> names) {
    return columnIn(cells, names);
}

bool Tokenizer::next() {
    const std::string_view t = text_;
    for (;;) {
        if (pos_ >= t.size())
            return false;
        spans_.clear();
        unescaped_.clear();
        unterminated_ = false;
        line_ = nextLine_;
        size_t fieldStart = pos_;
        bool blankRecord = true;
        auto endLine = [&](size_t& i) {
            // i is at '\r' or '\n': consume one line end.
            if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n')
                ++i;
            ++i;
            ++nextLine_;
        };
        size_t i = pos_;
        if (delimiter_ == ' ') {
            // Runs of blanks separate fields; no quoting.
            while (i < t.size() && t[i] != '\r' && t[i] != '\n') {
                while (i < t.size() && isBlank(t[i]))
                    ++i;
                const size_t b = i;
                while (i < t.size() && !isBlank(t[i]) && t[i] != '\r' && t[i] != '\n')
                    ++i;
                if (i > b)
                    spans_.push_back({b, i - b, false});
            }
            blankRecord = spans_.empty();
            if (i < t.size())
                endLine(i);
            pos_ = i;
        } else {
            for (;;) {
                // One field starting at i.
                fieldStart = i;
                if (maxFields_ > 0 && spans_.size() + 1 == maxFields_) {
                    // The last field: the rest of the line as written.
                    size_t j = i;
                    while (j < t.size() && t[j] != '\r' && t[j] != '\n')
                        ++j;
                    spans_.push_back({fieldStart, j - fieldStart, false});
                    if (!trim(t.substr(fieldStart, j - fieldStart)).empty())
                        blankRecord = false;
                    i = j;
                    if (i < t.size())
                        endLine(i);
                    break;
                }
                size_t q = i;
                while (q < t.size() && t[q] == ' ')
                    ++q;
                if (maxFields_ == 0 && q < t.size() && t[q] == '"') {
                    const size_t off = unescaped_.size();
                    size_t j = q + 1;
                    bool closed = false;
                    while (j < t.size()) {
                        const char ch = t[j];
                        if (ch == '"') {
                            if (j + 1 < t.size() && t[j + 1] == '"') {
                                unescaped_ += '"';
                                j += 2;
                                continue;
                            }
                            closed = true;
                            ++j;
                            break;
                        }
                        if (ch == '\n' || (ch == '\r' && !(j + 1 < t.size() && t[j + 1] == '\n')))
                            ++nextLine_;
                        unescaped_ += ch;
                        ++j;
                    }
                    if (!closed)
                        unterminated_ = true;
                    // Anything between the closing quote and the delimiter is kept (lenient).
                    while (j < t.size() && t[j] != delimiter_ && t[j] != '\r' && t[j] != '\n')
                        unescaped_ += t[j++];
                    spans_.push_back({off, unescaped_.size() - off, true});
                    blankRecord = false;
                    i = j;
                } else {
                    size_t j = i;
                    while (j < t.size() && t[j] != delimiter_ && t[j] != '\r' && t[j] != '\n')
                        ++j;
                    spans_.push_back({fieldStart, j - fieldStart, false});
                    if (!trim(t.substr(fieldStart, j - fieldStart)).empty())
                        blankRecord = false;
                    i = j;
                }
                if (i < t.size() && t[i] == delimiter_) {
                    ++i;
                    blankRecord = false; // "a,b" with empty cells is still a record
                    continue;
                }
                if (i < t.size())
                    endLine(i);
                break;
            }
            pos_ = i;
        }
        if (blankRecord)
            continue;
        fields_.clear();
        for (const Span& s : spans_)
            fields_.push_back(s.owned ? std::string_view(unescaped_).substr(s.offset, s.length)
                                      : t.substr(s.offset, s.length));
        return true;
    }
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw IoError(file.string(), "cannot open for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw IoError(file.string(), "read error");
    return std::move(ss).str();
}

Records readRecords(const std::filesystem::path& file, size_t maxRecords) {
    const std::string text = readFile(file);
    Records out;
    out.delimiter = sniffDelimiter(text);
    Tokenizer tok(text, out.delimiter);
    for (size_t n = 0; n < maxRecords && tok.next(); ++n) {
        if (tok.unterminatedQuote())
            throw IoError(file.string() + ":" + std::to_string(tok.line()),
                          "a quoted field is not closed before the end of the file");
        std::vector<std::string> cells(tok.fields().begin(), tok.fields().end());
        if (n == 0) {
            out.header = std::move(cells);
            out.headerLine = tok.line();
        } else {
            out.rows.emplace_back(tok.line(), std::move(cells));
        }
    }
    return out;
}

bool parseNumber(std::string_view cell, double& out, bool decimalComma) {
    std::string_view s = trim(cell);
    if (s.empty() || s == "NaN" || s == "nan" || s == "NA" || s == "NAN" || s == "null" ||
        s == "?") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (s.front() == '+')
        s.remove_prefix(1);
    char buffer[64];
    if (decimalComma && s.find(',') != std::string_view::npos && s.size() < sizeof buffer) {
        for (size_t i = 0; i < s.size(); ++i)
            buffer[i] = s[i] == ',' ? '.' : s[i];
        s = std::string_view(buffer, s.size());
    }
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

void appendNumber(std::string& out, double v, bool decimalComma) {
    if (std::isnan(v)) {
        out += "NaN";
        return;
    }
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    (void)ec; // 32 characters hold every double's shortest form
    const size_t at = out.size();
    out.append(buffer, end);
    if (decimalComma)
        for (size_t i = at; i < out.size(); ++i)
            if (out[i] == '.')
                out[i] = ',';
}

void appendField(std::string& out, std::string_view field, char delimiter) {
    const bool quote =
        field.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string_view::npos ||
        (!field.empty() && (isBlank(field.front()) || isBlank(field.back())));
    if (!quote) {
        out += field;
        return;
    }
    out += '"';
    for (char ch : field) {
        if (ch == '"')
            out += '"';
        out += ch;
    }
    out += '"';
}

} // namespace augstudio::core::csv

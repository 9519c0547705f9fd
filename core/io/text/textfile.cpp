#include "core/io/text/textfile.h"

#include "core/io/table/csv.h"
#include "core/util/atomicwrite.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace augstudio::core {

namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& file) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f)
        throw IoError(file.string(), std::string("cannot open file: ") + std::strerror(errno));
    std::string out;
    char buf[1 << 16];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0)
        out.append(buf, got);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed)
        throw IoError(file.string(), "read error");
    return out;
}

std::string at(const fs::path& file, int line) {
    return file.string() + ":" + std::to_string(line);
}

void checkUtf8(const fs::path& file, std::string_view s, int firstLine) {
    const size_t bad = utf8::firstInvalid(s);
    if (bad == std::string_view::npos)
        return;
    const auto line = firstLine + int(std::count(s.begin(), s.begin() + std::ptrdiff_t(bad), '\n'));
    const size_t lineStart = s.rfind('\n', bad == 0 ? 0 : bad - 1);
    const size_t column =
        lineStart == std::string_view::npos || bad == 0 ? bad + 1 : bad - lineStart;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", unsigned(static_cast<unsigned char>(s[bad])));
    throw IoError(at(file, line), std::string("invalid UTF-8 (byte ") + hex + " at byte column " +
                                      std::to_string(column) + ")");
}

void readTsv(const fs::path& file, std::string_view s, TextTable& t, bool skipBad) {
    csv::Tokenizer tok(s, '\t', 2);
    while (tok.next()) {
        const auto& f = tok.fields();
        const int line = int(tok.line());
        if (f.size() == 2 && csv::trim(f[0]).empty() && csv::trim(f[1]).empty())
            continue; // a line of blanks is an empty line
        std::string reason;
        if (f.size() < 2)
            reason = "expected label<TAB>text (no tab on this line)";
        else if (skipBad && (utf8::firstInvalid(f[0]) != std::string_view::npos ||
                             utf8::firstInvalid(f[1]) != std::string_view::npos))
            reason = "invalid UTF-8";
        if (!reason.empty()) {
            if (!skipBad)
                throw IoError(at(file, line), reason);
            t.skipped.push_back({line, reason + "; row left out"});
            continue;
        }
        t.rows.push_back({std::string(f[1]), std::string(f[0])});
        t.lines.push_back(line);
    }
}

void readCsv(const fs::path& file, std::string_view s, char delimiter, TextTable& t, bool skipBad) {
    t.format = TextTable::Format::CsvTextLabel;
    t.delimiter = delimiter;
    csv::Tokenizer tok(s, delimiter);
    if (!tok.next())
        throw IoError(file.string(), "no header: expected a CSV header naming a 'text' column");
    if (tok.unterminatedQuote())
        throw IoError(at(file, int(tok.line())), "unterminated quoted field");
    for (auto h : tok.fields())
        t.header.emplace_back(h);
    t.textColumn = csv::columnOf(t.header, csv::kTextColumns);
    t.labelColumn = csv::columnOf(t.header, csv::kLabelColumns);
    if (t.textColumn < 0) {
        std::string names;
        for (const auto& h : t.header)
            names += (names.empty() ? "'" : ", '") + h + "'";
        throw IoError(at(file, int(tok.line())),
                      "no 'text' column in the header (found " + names + ")");
    }
    while (tok.next()) {
        const auto& f = tok.fields();
        const int line = int(tok.line());
        std::string reason;
        if (tok.unterminatedQuote())
            reason = "unterminated quoted field";
        else if (f.size() != t.header.size())
            reason = "expected " + std::to_string(t.header.size()) +
                     " fields as in the header, found " + std::to_string(f.size());
        else if (skipBad)
            for (auto cell : f)
                if (utf8::firstInvalid(cell) != std::string_view::npos)
                    reason = "invalid UTF-8";
        if (!reason.empty()) {
            if (!skipBad)
                throw IoError(at(file, line), reason);
            t.skipped.push_back({line, reason + "; row left out"});
            continue;
        }
        TextSample sample;
        sample.text = std::string(f[size_t(t.textColumn)]);
        if (t.labelColumn >= 0)
            sample.label = std::string(f[size_t(t.labelColumn)]);
        t.rows.push_back(std::move(sample));
        t.lines.push_back(line);
        t.cells.emplace_back(f.begin(), f.end());
    }
}

std::string tsvField(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return out;
}

} // namespace

namespace {

TextTable readTable(const fs::path& file, bool skipBad) {
    const std::string bytes = readAll(file);
    TextTable t;
    std::string_view s(bytes);
    if (s.starts_with("\xEF\xBB\xBF")) {
        t.bom = true;
        s.remove_prefix(3);
    }
    if (!skipBad)
        checkUtf8(file, s, 1);
    t.crlf = s.find("\r\n") != std::string_view::npos;
    // A header naming the text and label columns makes a CSV of any delimiter, a tab too;
    // else label<TAB>text lines, unless the file is a .csv (or has no tab at all and is not
    // named .tsv / .txt), whose header must then name a text column.
    // The tokenizer drops the BOM itself: given `s`, a second U+FEFF (a label's) would go too.
    const std::string_view all(bytes);
    const char delimiter = csv::sniffDelimiter(all);
    csv::Tokenizer first(all, delimiter);
    const bool header = first.next() && csv::columnOf(first.fields(), csv::kTextColumns) >= 0 &&
                        csv::columnOf(first.fields(), csv::kLabelColumns) >= 0;
    const std::string ext = csv::lowerTrim(file.extension().string());
    const bool csvFile =
        ext == ".csv" || (ext != ".tsv" && ext != ".txt" &&
                          s.substr(0, s.find('\n')).find('\t') == std::string_view::npos);
    if (header || csvFile)
        readCsv(file, all, delimiter, t, skipBad);
    else
        readTsv(file, all, t, skipBad);
    return t;
}

} // namespace

TextTable readTextTable(const fs::path& file) {
    return readTable(file, false);
}
TextTable readTextTableSkippingBadRows(const fs::path& file) {
    return readTable(file, true);
}

void writeTextTable(const fs::path& file, const TextTable& t) {
    const std::string eol = t.crlf ? "\r\n" : "\n";
    std::string out;
    if (t.format == TextTable::Format::LabelTabText) {
        for (const auto& r : t.rows)
            out += tsvField(r.label) + "\t" + tsvField(r.text) + eol;
    } else {
        std::vector<std::string> header = t.header;
        int textColumn = t.textColumn, labelColumn = t.labelColumn;
        if (header.empty() || textColumn < 0) {
            header = {"text", "label"};
            textColumn = 0;
            labelColumn = 1;
        }
        const bool keepCells = t.cells.size() == t.rows.size();
        auto writeRow = [&](const std::vector<std::string>& cells) {
            // A row of empty cells would be an empty line (or delimiters alone), which reads as
            // no row at all: its first cell is written quoted.
            const bool empty = std::all_of(cells.begin(), cells.end(),
                                           [](const std::string& c) { return c.empty(); });
            for (size_t c = 0; c < cells.size(); ++c) {
                if (c)
                    out.push_back(t.delimiter);
                if (empty && c == 0)
                    out += "\"\"";
                else
                    csv::appendField(out, cells[c], t.delimiter);
            }
            out += eol;
        };
        writeRow(header);
        for (size_t i = 0; i < t.rows.size(); ++i) {
            std::vector<std::string> cells = keepCells && t.cells[i].size() == header.size()
                                                 ? t.cells[i]
                                                 : std::vector<std::string>(header.size());
            cells[size_t(textColumn)] = t.rows[i].text;
            if (labelColumn >= 0)
                cells[size_t(labelColumn)] = t.rows[i].label;
            writeRow(cells);
        }
    }
    // A file that starts with U+FEFF as data (a label of one zero-width no-break space, say)
    // would lose it to the reader as a byte order mark: such a file gets a real one first.
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (t.bom || out.starts_with(kBom))
        out.insert(0, kBom);
    writeFileAtomically(file, out);
}

} // namespace augstudio::core

#include "core/io/text/textfile.h"

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

std::string lowerTrim(std::string s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return s;
}

void readTsv(const fs::path& file, std::string_view s, TextTable& t, bool skipBad) {
    int line = 0;
    size_t p = 0;
    while (p < s.size()) {
        ++line;
        size_t eol = s.find('\n', p);
        if (eol == std::string_view::npos)
            eol = s.size();
        std::string_view l = s.substr(p, eol - p);
        p = eol + 1;
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        if (l.find_first_not_of(" \t\r\f\v") == std::string_view::npos)
            continue; // empty lines are skipped
        const size_t tab = l.find('\t');
        if (skipBad &&
            (tab == std::string_view::npos || utf8::firstInvalid(l) != std::string_view::npos))
            continue;
        if (tab == std::string_view::npos)
            throw IoError(at(file, line), "expected label<TAB>text (no tab on this line)");
        t.rows.push_back({std::string(l.substr(tab + 1)), std::string(l.substr(0, tab))});
        t.lines.push_back(line);
    }
}

struct Record {
    std::vector<std::string> fields;
    int line = 0;
};

// RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks.
std::vector<Record> parseCsv(const fs::path& file, std::string_view s, char delim) {
    std::vector<Record> out;
    int line = 1;
    size_t p = 0;
    while (p < s.size()) {
        Record r;
        r.line = line;
        std::string field;
        bool endOfRecord = false;
        while (!endOfRecord) {
            field.clear();
            if (p < s.size() && s[p] == '"') {
                ++p;
                while (true) {
                    if (p >= s.size())
                        throw IoError(at(file, r.line), "unterminated quoted field");
                    const char c = s[p++];
                    if (c == '"') {
                        if (p < s.size() && s[p] == '"') {
                            field.push_back('"');
                            ++p;
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n')
                            ++line;
                        field.push_back(c);
                    }
                }
                // Anything between the closing quote and the delimiter is kept as written.
                while (p < s.size() && s[p] != delim && s[p] != '\n' && s[p] != '\r')
                    field.push_back(s[p++]);
            } else {
                while (p < s.size() && s[p] != delim && s[p] != '\n' && s[p] != '\r')
                    field.push_back(s[p++]);
            }
            r.fields.push_back(field);
            if (p < s.size() && s[p] == delim) {
                ++p;
                continue;
            }
            if (p < s.size() && s[p] == '\r')
                ++p;
            if (p < s.size() && s[p] == '\n') {
                ++p;
                ++line;
            }
            endOfRecord = true;
        }
        if (r.fields.size() == 1 && r.fields[0].find_first_not_of(" \t\r\f\v") == std::string::npos)
            continue; // empty line
        out.push_back(std::move(r));
    }
    return out;
}

char sniffDelimiter(std::string_view s) {
    const size_t eol = std::min(s.find('\n'), s.size());
    const std::string_view first = s.substr(0, eol);
    size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : first) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted)
            commas += c == ',', semicolons += c == ';', tabs += c == '\t';
    }
    if (semicolons > commas && semicolons >= tabs)
        return ';';
    if (tabs > commas && tabs > semicolons)
        return '\t';
    return ',';
}

void readCsv(const fs::path& file, std::string_view s, TextTable& t, bool skipBad) {
    t.format = TextTable::Format::CsvTextLabel;
    t.delimiter = sniffDelimiter(s);
    std::vector<Record> records = parseCsv(file, s, t.delimiter);
    if (records.empty())
        throw IoError(file.string(), "no header: expected a CSV header naming a 'text' column");
    t.header = records[0].fields;
    for (size_t c = 0; c < t.header.size(); ++c) {
        const std::string name = lowerTrim(t.header[c]);
        if (name == "text" && t.textColumn < 0)
            t.textColumn = int(c);
        else if (name == "label" && t.labelColumn < 0)
            t.labelColumn = int(c);
    }
    if (t.textColumn < 0) {
        std::string names;
        for (const auto& h : t.header)
            names += (names.empty() ? "'" : ", '") + h + "'";
        throw IoError(at(file, records[0].line),
                      "no 'text' column in the header (found " + names + ")");
    }
    for (size_t i = 1; i < records.size(); ++i) {
        Record& r = records[i];
        if (skipBad) {
            bool bad = r.fields.size() != t.header.size();
            for (const auto& f : r.fields)
                bad = bad || utf8::firstInvalid(f) != std::string_view::npos;
            if (bad)
                continue;
        }
        if (r.fields.size() != t.header.size())
            throw IoError(at(file, r.line), "expected " + std::to_string(t.header.size()) +
                                                " fields as in the header, found " +
                                                std::to_string(r.fields.size()));
        TextSample sample;
        sample.text = r.fields[size_t(t.textColumn)];
        if (t.labelColumn >= 0)
            sample.label = r.fields[size_t(t.labelColumn)];
        t.rows.push_back(std::move(sample));
        t.lines.push_back(r.line);
        t.cells.push_back(std::move(r.fields));
    }
}

bool isCsvPath(const fs::path& file, std::string_view content) {
    std::string ext = file.extension().string();
    for (char& c : ext)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".csv")
        return true;
    if (ext == ".tsv" || ext == ".txt")
        return false;
    const size_t eol = std::min(content.find('\n'), content.size());
    return content.substr(0, eol).find('\t') == std::string_view::npos;
}

std::string tsvField(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return out;
}

std::string csvField(const std::string& s, char delim) {
    const bool quote = s.find_first_of(std::string("\"\r\n") + delim) != std::string::npos ||
                       (!s.empty() && (s.front() == ' ' || s.back() == ' '));
    if (!quote)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
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
    if (isCsvPath(file, s))
        readCsv(file, s, t, skipBad);
    else
        readTsv(file, s, t, skipBad);
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
            for (size_t c = 0; c < cells.size(); ++c) {
                if (c)
                    out.push_back(t.delimiter);
                out += csvField(cells[c], t.delimiter);
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

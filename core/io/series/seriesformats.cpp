#include "core/io/series/seriesformats.h"

#include "core/io/table/csv.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace augstudio::core::seriesformats {

namespace fs = std::filesystem;

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

struct Line {
    std::string_view text; // without its line end
    int64_t number = 0;    // from 1
};

// The lines of `text` (BOM dropped), for the header walks: LF, CRLF and CR ends.
std::vector<Line> linesOf(std::string_view text) {
    text = csv::stripBom(text);
    std::vector<Line> out;
    size_t pos = 0;
    int64_t n = 0;
    while (pos < text.size()) {
        size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos)
            end = text.size();
        out.push_back({text.substr(pos, end - pos), ++n});
        pos = end;
        if (pos < text.size() && text[pos] == '\r')
            ++pos;
        else if (pos < text.size())
            ++pos; // '\n'
        if (pos < text.size() && pos > 0 && text[pos - 1] == '\r' && text[pos] == '\n')
            ++pos; // CR LF
    }
    return out;
}

std::string firstWord(std::string_view s) {
    s = csv::trim(s);
    const size_t end = s.find_first_of(" \t");
    return csv::lowerTrim(s.substr(0, end));
}

std::string_view restAfterWord(std::string_view s) {
    s = csv::trim(s);
    const size_t end = s.find_first_of(" \t");
    return end == std::string_view::npos ? std::string_view() : csv::trim(s.substr(end));
}

std::string shown(std::string_view cell) {
    std::string s(csv::trim(cell));
    return s.size() > 30 ? s.substr(0, 27) + "..." : s;
}

// Splits on `sep` (no quoting: .ts values and the dimensions of an ARFF relational value).
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    for (;;) {
        const size_t end = s.find(sep, pos);
        out.push_back(
            s.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (end == std::string_view::npos)
            return out;
        pos = end + 1;
    }
}

// Dimensions (each a list of values) into a steps x channels matrix, NaN-padded.
SeriesSample sampleOf(const std::vector<std::vector<double>>& dims, std::string label) {
    size_t steps = 0;
    for (const auto& d : dims)
        steps = std::max(steps, d.size());
    SeriesSample s;
    const int channels = std::max<int>(int(dims.size()), 1);
    s.values = cv::Mat(int(steps), channels, CV_64FC1, cv::Scalar(kMissing));
    for (size_t c = 0; c < dims.size(); ++c)
        for (size_t i = 0; i < dims[c].size(); ++i)
            s.values.at<double>(int(i), int(c)) = dims[c][i];
    for (int c = 0; c < channels; ++c)
        s.channelNames.push_back("dim_" + std::to_string(c));
    s.label = std::move(label);
    return s;
}

// Parses comma-separated numbers; the reason for the first bad one, or empty.
std::string parseValues(std::string_view s, std::vector<double>& out, const std::string& where) {
    out.clear();
    if (csv::trim(s).empty())
        return {};
    for (auto cell : split(s, ',')) {
        double v;
        if (!csv::parseNumber(cell, v))
            return "non-numeric value '" + shown(cell) + "'" + where;
        out.push_back(v);
    }
    return {};
}

void appendValue(std::string& out, double v) {
    if (std::isnan(v))
        out += '?';
    else
        csv::appendNumber(out, v);
}

// Rows the reader could not read: listed when skipping, else the read fails.
void badCase(const fs::path& file, int64_t line, const std::string& reason, SeriesTable& t,
             bool skipBad) {
    if (!skipBad)
        throw IoError(file.string() + ":" + std::to_string(line), reason);
    t.skipped.push_back({line, reason + "; row left out"});
}

double at(const SeriesSample& s, int64_t i, int64_t c) {
    return s.values.ptr<double>()[i * s.channelCount() + c];
}

} // namespace

// ---- .ts ------------------------------------------------------------------------------------

void readTs(const fs::path& file, std::string_view text, SeriesTable& t, bool skipBad) {
    t.format = SeriesTable::Format::Ts;
    const auto lines = linesOf(text);
    size_t i = 0;
    bool data = false, labelled = false;
    int64_t dims = -1;
    for (; i < lines.size() && !data; ++i) {
        const std::string_view l = lines[i].text;
        t.headerLines.emplace_back(l);
        const std::string word = firstWord(l);
        const std::string value = csv::lowerTrim(restAfterWord(l));
        if (word == "@data")
            data = true;
        else if (word == "@timestamps" && value.rfind("true", 0) == 0)
            throw IoError(file.string() + ":" + std::to_string(lines[i].number),
                          "time-stamped .ts files are not supported (@timeStamps true)");
        else if (word == "@classlabel")
            labelled = value.rfind("true", 0) == 0;
        else if (word == "@dimensions")
            dims = std::atoll(value.c_str());
        else if (!word.empty() && word[0] != '#' && word[0] != '@')
            throw IoError(file.string() + ":" + std::to_string(lines[i].number),
                          "expected a header line (@...) before @data");
    }
    if (!data)
        throw IoError(file.string(), "no @data line: not a .ts file");
    t.labelled = labelled;
    std::vector<std::vector<double>> values;
    for (; i < lines.size(); ++i) {
        const std::string_view l = csv::trim(lines[i].text);
        const int64_t n = lines[i].number;
        if (l.empty() || l[0] == '#')
            continue;
        auto fields = split(l, ':');
        std::string label;
        if (labelled) {
            if (fields.size() < 2) {
                badCase(file, n, "expected dimensions and a class label separated by ':'", t,
                        skipBad);
                continue;
            }
            label = std::string(csv::trim(fields.back()));
            fields.pop_back();
        }
        if (dims > 0 && int64_t(fields.size()) != dims) {
            badCase(file, n,
                    std::to_string(fields.size()) + " dimensions, expected " +
                        std::to_string(dims) + " (@dimensions)",
                    t, skipBad);
            continue;
        }
        if (dims <= 0)
            dims = int64_t(fields.size());
        values.assign(fields.size(), {});
        std::string bad;
        for (size_t d = 0; d < fields.size() && bad.empty(); ++d)
            bad = parseValues(fields[d], values[d], " in dimension " + std::to_string(d + 1));
        if (!bad.empty()) {
            badCase(file, n, bad, t, skipBad);
            continue;
        }
        t.series.push_back(sampleOf(values, std::move(label)));
    }
}

void writeTs(std::string& out, const SeriesTable& t, const fs::path& file) {
    if (t.headerLines.empty()) {
        const int64_t c = t.series.empty() ? 1 : t.series[0].channelCount();
        for (const char* l : {"@problemName augstudio", "@timeStamps false", "@missing true"})
            out += std::string(l) + t.lineEnd;
        out += std::string("@univariate ") + (c == 1 ? "true" : "false") + t.lineEnd;
        out += "@dimensions " + std::to_string(c) + t.lineEnd;
        out += "@equalLength false" + t.lineEnd;
        out += std::string("@classLabel ") + (t.labelled ? "true" : "false") + t.lineEnd;
        out += "@data" + t.lineEnd;
    }
    for (const auto& l : t.headerLines)
        out += l + t.lineEnd;
    for (size_t n = 0; n < t.series.size(); ++n) {
        const SeriesSample& s = t.series[n];
        for (int64_t c = 0; c < s.channelCount(); ++c) {
            if (c > 0)
                out += ':';
            for (int64_t i = 0; i < s.steps(); ++i) {
                if (i > 0)
                    out += ',';
                appendValue(out, at(s, i, c));
            }
        }
        if (t.labelled) {
            if (s.label.find_first_of(":\r\n") != std::string::npos)
                throw IoError(file.string(), "series " + std::to_string(n) + ": the label '" +
                                                 s.label + "' cannot be written in a .ts file");
            out += ':' + s.label;
        }
        out += t.lineEnd;
    }
}

// ---- .arff ----------------------------------------------------------------------------------

namespace {

// Splits an ARFF data row on commas outside quotes (' or "); quotes removed, \' and \"
// unescaped. Empty when a quote is left open.
bool splitArffRow(std::string_view row, std::vector<std::string>& out, char& quoteUsed) {
    out.assign(1, {});
    char quote = 0;
    for (size_t i = 0; i < row.size(); ++i) {
        const char ch = row[i];
        if (quote) {
            if (ch == '\\' && i + 1 < row.size() && (row[i + 1] == quote || row[i + 1] == '\\')) {
                out.back() += row[++i];
            } else if (ch == quote) {
                quote = 0;
            } else {
                out.back() += ch;
            }
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
            quoteUsed = ch;
        } else if (ch == ',') {
            out.emplace_back();
        } else {
            out.back() += ch;
        }
    }
    for (auto& f : out)
        f = std::string(csv::trim(f));
    return quote == 0;
}

std::string arffLabel(const std::string& label) {
    if (label.find_first_of(",'\" \t{}%") == std::string::npos && !label.empty())
        return label;
    std::string out = "'";
    for (char ch : label) {
        if (ch == '\'' || ch == '\\')
            out += '\\';
        out += ch;
    }
    return out + "'";
}

} // namespace

void readArff(const fs::path& file, std::string_view text, SeriesTable& t, bool skipBad) {
    t.format = SeriesTable::Format::Arff;
    const auto lines = linesOf(text);
    enum class Kind { Numeric, Label, Relational, Other };
    std::vector<Kind> attributes; // top level
    size_t i = 0;
    bool data = false;
    int nested = 0;
    for (; i < lines.size() && !data; ++i) {
        const std::string_view l = lines[i].text;
        t.headerLines.emplace_back(l);
        const std::string word = firstWord(l);
        if (word == "@data") {
            data = true;
        } else if (word == "@end") {
            nested = std::max(0, nested - 1);
        } else if (word == "@attribute") {
            // @attribute <name> <type>; the name may be quoted.
            std::string_view rest = restAfterWord(l);
            if (!rest.empty() && (rest[0] == '\'' || rest[0] == '"')) {
                const size_t close = rest.find(rest[0], 1);
                rest = close == std::string_view::npos ? std::string_view()
                                                       : csv::trim(rest.substr(close + 1));
            } else {
                rest = restAfterWord(rest);
            }
            const std::string type = csv::lowerTrim(rest);
            Kind kind = Kind::Other;
            if (type == "numeric" || type == "real" || type == "integer")
                kind = Kind::Numeric;
            else if (!type.empty() && (type[0] == '{' || type == "string"))
                kind = Kind::Label;
            else if (type == "relational")
                kind = Kind::Relational;
            if (nested == 0)
                attributes.push_back(kind);
            if (kind == Kind::Relational)
                ++nested;
        }
    }
    if (!data)
        throw IoError(file.string(), "no @data line: not an ARFF file");
    const bool relational =
        std::find(attributes.begin(), attributes.end(), Kind::Relational) != attributes.end();
    t.labelled = !attributes.empty() && attributes.back() == Kind::Label;
    const size_t numeric = size_t(std::count(attributes.begin(), attributes.end(), Kind::Numeric));
    if (relational ? attributes.size() != size_t(1 + t.labelled)
                   : numeric + size_t(t.labelled) != attributes.size())
        throw IoError(file.string(), "unsupported ARFF attributes: expected numeric attributes "
                                     "(one per step) or one relational attribute, then the class");
    t.ucrWidth = int(numeric);
    std::vector<std::string> fields;
    std::vector<std::vector<double>> dims;
    for (; i < lines.size(); ++i) {
        const std::string_view l = csv::trim(lines[i].text);
        const int64_t n = lines[i].number;
        if (l.empty() || l[0] == '%')
            continue;
        if (l[0] == '{') {
            badCase(file, n, "sparse ARFF rows are not supported", t, skipBad);
            continue;
        }
        char quote = t.arffQuote;
        if (!splitArffRow(l, fields, quote)) {
            badCase(file, n, "a quoted value is not closed on its line", t, skipBad);
            continue;
        }
        if (fields.size() != attributes.size()) {
            badCase(file, n,
                    std::to_string(fields.size()) + " values, expected " +
                        std::to_string(attributes.size()) + " (the @attribute lines)",
                    t, skipBad);
            continue;
        }
        t.arffQuote = quote;
        std::string label = t.labelled ? fields.back() : std::string();
        std::string bad;
        if (relational) {
            // UEA writes the dimensions separated by a literal backslash-n.
            std::string joined;
            const std::string& value = fields[0];
            for (size_t p = 0; p < value.size(); ++p) {
                if (value[p] == '\\' && p + 1 < value.size() && value[p + 1] == 'n') {
                    joined += '\n';
                    ++p;
                } else {
                    joined += value[p];
                }
            }
            const auto parts = split(joined, '\n');
            dims.assign(parts.size(), {});
            for (size_t d = 0; d < parts.size() && bad.empty(); ++d)
                bad = parseValues(parts[d], dims[d], " in dimension " + std::to_string(d + 1));
        } else {
            dims.assign(1, {});
            for (size_t k = 0; k < numeric && bad.empty(); ++k) {
                double v;
                if (!csv::parseNumber(fields[k], v))
                    bad = "non-numeric value '" + shown(fields[k]) + "' in column " +
                          std::to_string(k + 1);
                dims[0].push_back(v);
            }
            while (!dims[0].empty() && std::isnan(dims[0].back()))
                dims[0].pop_back(); // `?` padding of a shorter series, restored on write
        }
        if (!bad.empty()) {
            badCase(file, n, bad, t, skipBad);
            continue;
        }
        t.series.push_back(sampleOf(dims, std::move(label)));
    }
    t.relational = relational;
}

void writeArff(std::string& out, const SeriesTable& t, const fs::path& file) {
    if (t.headerLines.empty())
        throw IoError(file.string(), "an ARFF table needs its header (read from a file)");
    for (const auto& l : t.headerLines)
        out += l + t.lineEnd;
    for (size_t n = 0; n < t.series.size(); ++n) {
        const SeriesSample& s = t.series[n];
        if (t.relational) {
            out += t.arffQuote;
            for (int64_t c = 0; c < s.channelCount(); ++c) {
                if (c > 0)
                    out += "\\n";
                for (int64_t i = 0; i < s.steps(); ++i) {
                    if (i > 0)
                        out += ',';
                    appendValue(out, at(s, i, c));
                }
            }
            out += t.arffQuote;
        } else {
            if (s.channelCount() > 1)
                throw IoError(file.string(), "series " + std::to_string(n) + " has " +
                                                 std::to_string(s.channelCount()) +
                                                 " channels; this ARFF file holds one");
            if (s.steps() > t.ucrWidth)
                throw IoError(file.string(),
                              "series " + std::to_string(n) + " has " + std::to_string(s.steps()) +
                                  " steps; the header declares " + std::to_string(t.ucrWidth));
            for (int64_t i = 0; i < t.ucrWidth; ++i) {
                if (i > 0)
                    out += ',';
                appendValue(out, i < s.steps() ? at(s, i, 0) : kMissing);
            }
        }
        if (t.labelled) {
            if (t.ucrWidth > 0 || t.relational)
                out += ',';
            out += arffLabel(s.label);
        }
        out += t.lineEnd;
    }
}

} // namespace augstudio::core::seriesformats

#include "core/io/series/seriesfile.h"

#include "core/io/series/seriesformats.h"
#include "core/io/table/csv.h"
#include "core/util/atomicwrite.h"
#include "core/util/error.h"
#include "core/util/readlimits.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace augstudio::core {

namespace fs = std::filesystem;

namespace {

bool isTimeName(std::string_view name) {
    const std::string n = csv::lowerTrim(name);
    for (const char* t : csv::kTimeColumns)
        if (n == t)
            return true;
    return false;
}

std::string shown(std::string_view cell) {
    std::string s(csv::trim(cell));
    return s.size() > 30 ? s.substr(0, 27) + "..." : s;
}

class Reader {
public:
    Reader(const fs::path& file, std::string_view text, char delimiter, bool decimalComma,
           std::vector<SkippedRow>* skipped = nullptr)
        : file_(file.string()), tok_(text, delimiter), decimalComma_(decimalComma),
          skipped_(skipped) {}

    bool next() {
        if (!tok_.next())
            return false;
        if (tok_.unterminatedQuote())
            fail("a quoted field is not closed before the end of the file");
        return true;
    }
    const std::vector<std::string_view>& cells() const { return tok_.fields(); }
    int64_t line() const { return tok_.line(); }

    double number(size_t column, std::string_view what = "cell") const {
        double v;
        if (!csv::parseNumber(cells()[column], v, decimalComma_))
            fail(nonNumeric(column, what));
        return v;
    }
    // The reason number() would fail with for this row's first non-numeric cell from
    // `from` on, skipping `except` columns; empty when every one is a number.
    std::string firstNonNumeric(size_t from, std::initializer_list<int> except = {}) const {
        double v;
        for (size_t i = from; i < cells().size(); ++i) {
            if (std::find(except.begin(), except.end(), int(i)) != except.end())
                continue;
            if (!csv::parseNumber(cells()[i], v, decimalComma_))
                return nonNumeric(i, "cell");
        }
        return {};
    }
    std::string nonNumeric(size_t column, std::string_view what) const {
        return "non-numeric " + std::string(what) + " '" + shown(cells()[column]) + "' in column " +
               std::to_string(column + 1);
    }
    // A bad row: left out and listed when skipping bad rows, else the read fails.
    void badRow(const std::string& reason) const {
        if (!skipped_)
            fail(reason);
        skipped_->push_back({line(), reason + "; row left out"});
    }
    bool skipping() const { return skipped_ != nullptr; }
    [[noreturn]] void fail(const std::string& reason) const {
        throw IoError(file_ + ":" + std::to_string(line()), reason);
    }

private:
    std::string file_;
    csv::Tokenizer tok_;
    bool decimalComma_;
    std::vector<SkippedRow>* skipped_;
};

bool allNumeric(const std::vector<std::string_view>& cells, size_t from, bool decimalComma) {
    if (cells.size() <= from)
        return false;
    double v;
    for (size_t i = from; i < cells.size(); ++i)
        if (!csv::parseNumber(cells[i], v, decimalComma))
            return false;
    return true;
}

cv::Mat toMat(const std::vector<double>& flat, int channels) {
    const int rows = channels > 0 ? int(flat.size() / size_t(channels)) : 0;
    cv::Mat m(rows, std::max(channels, 1), CV_64FC1);
    if (rows > 0)
        std::copy(flat.begin(), flat.end(), m.ptr<double>());
    return rows > 0 ? m : cv::Mat(0, std::max(channels, 1), CV_64FC1);
}

void readUcr(Reader& r, SeriesTable& t) {
    size_t width = 0;
    std::vector<double> values;
    do {
        const auto& cells = r.cells();
        // The first row is numeric (that made the table UCR), so width is set from it.
        if (width != 0 && cells.size() != width) {
            r.badRow("ragged row: " + std::to_string(cells.size() - 1) + " values, expected " +
                     std::to_string(width - 1) + " (NaN pads shorter series)");
            continue;
        }
        if (const std::string bad = r.firstNonNumeric(1); !bad.empty()) {
            r.badRow(bad);
            continue;
        }
        if (width == 0)
            width = cells.size();
        values.clear();
        for (size_t i = 1; i < cells.size(); ++i)
            values.push_back(r.number(i));
        while (!values.empty() && std::isnan(values.back()))
            values.pop_back(); // the padding, restored on write
        SeriesSample s;
        s.values = toMat(values, 1);
        s.channelNames = {"value"};
        s.label = std::string(csv::trim(cells[0]));
        t.series.push_back(std::move(s));
    } while (r.next());
    t.ucrWidth = int(width) - 1;
}

void readCsv(Reader& r, SeriesTable& t) {
    const std::vector<std::string_view> header = r.cells();
    std::vector<std::string> names;
    int timeCol = -1;
    for (size_t i = 0; i < header.size(); ++i) {
        if (timeCol < 0 && isTimeName(header[i]))
            timeCol = int(i);
        else
            names.emplace_back(csv::trim(header[i]));
    }
    if (names.empty())
        r.fail("no value column: the header names only a time column");
    // The header's views die with the next record (quoted fields live in the tokenizer).
    if (timeCol >= 0) {
        t.timeColumn = std::string(csv::trim(header[size_t(timeCol)]));
        t.timeColumnIndex = timeCol;
    }
    SeriesSample s;
    s.channelNames = names;
    std::vector<double> flat, stamps;
    std::vector<std::string> timeText;
    bool numericTime = true;
    while (r.next()) {
        const auto& cells = r.cells();
        if (cells.size() != header.size())
            r.fail("ragged row: " + std::to_string(cells.size()) + " cells, expected " +
                   std::to_string(header.size()) + " (the header's columns)");
        for (size_t i = 0; i < cells.size(); ++i) {
            if (int(i) == timeCol) {
                double v;
                timeText.emplace_back(csv::trim(cells[i]));
                if (numericTime && csv::parseNumber(cells[i], v) && !std::isnan(v))
                    stamps.push_back(v);
                else
                    numericTime = false; // ISO dates and the like: kept as text
            } else {
                flat.push_back(r.number(i));
            }
        }
    }
    s.values = toMat(flat, int(names.size()));
    if (timeCol >= 0 && numericTime)
        s.timestamps = std::move(stamps);
    t.timeText.push_back(timeCol >= 0 && !numericTime ? std::move(timeText)
                                                      : std::vector<std::string>{});
    t.series.push_back(std::move(s));
}

void readLongCsv(Reader& r, SeriesTable& t, int idCol, int labelCol) {
    const std::vector<std::string_view> header = r.cells();
    t.idColumn = std::string(csv::trim(header[size_t(idCol)]));
    t.labelColumn = std::string(csv::trim(header[size_t(labelCol)]));
    int timeCol = -1;
    std::vector<std::string> names;
    for (size_t i = 0; i < header.size(); ++i) {
        if (int(i) == idCol || int(i) == labelCol)
            continue;
        if (timeCol < 0 && isTimeName(header[i]))
            timeCol = int(i);
        else
            names.emplace_back(csv::trim(header[i]));
    }
    if (names.empty())
        r.fail("no value column: a long CSV needs at least one channel column besides " +
               t.idColumn + ", " + t.labelColumn + " and the time");
    if (timeCol >= 0)
        t.timeColumn = std::string(csv::trim(header[size_t(timeCol)]));
    struct Building {
        std::string label;
        std::vector<double> flat, stamps;
        std::vector<std::string> timeText;
        bool numericTime = true;
    };
    std::vector<Building> built;
    std::map<std::string, size_t, std::less<>> index;
    while (r.next()) {
        const auto& cells = r.cells();
        if (cells.size() != header.size()) {
            r.badRow("ragged row: " + std::to_string(cells.size()) + " cells, expected " +
                     std::to_string(header.size()) + " (the header's columns)");
            continue;
        }
        const std::string id(csv::trim(cells[size_t(idCol)]));
        const std::string_view label = csv::trim(cells[size_t(labelCol)]);
        std::string bad = r.firstNonNumeric(0, {idCol, labelCol, timeCol});
        auto it = index.find(id);
        if (bad.empty() && it != index.end() && built[it->second].label != label)
            bad = "series '" + id + "' has label '" + std::string(label) + "' here but '" +
                  built[it->second].label + "' on an earlier row";
        if (!bad.empty()) {
            r.badRow(bad);
            continue;
        }
        if (it == index.end()) {
            it = index.emplace(id, built.size()).first;
            built.push_back({std::string(label), {}, {}, {}, true});
            t.ids.push_back(id);
        }
        Building& b = built[it->second];
        for (size_t i = 0; i < cells.size(); ++i) {
            if (int(i) == idCol || int(i) == labelCol)
                continue;
            if (int(i) == timeCol) {
                double v;
                b.timeText.emplace_back(csv::trim(cells[i]));
                if (b.numericTime && csv::parseNumber(cells[i], v) && !std::isnan(v))
                    b.stamps.push_back(v);
                else
                    b.numericTime = false;
            } else {
                b.flat.push_back(r.number(i));
            }
        }
    }
    for (auto& b : built) {
        SeriesSample s;
        s.values = toMat(b.flat, int(names.size()));
        s.channelNames = names;
        s.label = b.label;
        if (timeCol >= 0 && b.numericTime)
            s.timestamps = std::move(b.stamps);
        t.timeText.push_back(timeCol >= 0 && !b.numericTime ? std::move(b.timeText)
                                                            : std::vector<std::string>{});
        t.series.push_back(std::move(s));
    }
}

} // namespace

namespace {

SeriesTable readTable(const fs::path& file, bool skipBad) {
    const std::string text = csv::readFile(file);
    SeriesTable t;
    t.bom = csv::hasBom(text);
    t.lineEnd = csv::lineEndOf(text);
    const std::string ext = csv::lowerTrim(file.extension().string());
    if (ext == ".ts") {
        seriesformats::readTs(file, text, t, skipBad);
        return t;
    }
    if (ext == ".arff") {
        seriesformats::readArff(file, text, t, skipBad);
        return t;
    }
    const csv::Dialect dialect = csv::sniffDialect(text);
    t.delimiter = dialect.delimiter;
    t.decimalComma = dialect.decimalComma;
    Reader probe(file, text, t.delimiter, false);
    if (!probe.next())
        throw IoError(file.string(), "empty file: no header or rows");
    const auto& first = probe.cells();
    const int idCol = csv::columnOf(first, csv::kSeriesIdColumns);
    const int labelCol = csv::columnOf(first, csv::kLabelColumns);
    Reader r(file, text, t.delimiter, t.decimalComma, skipBad ? &t.skipped : nullptr);
    r.next();
    if (idCol >= 0 && labelCol >= 0 && idCol != labelCol) {
        t.format = SeriesTable::Format::LongCsv;
        readLongCsv(r, t, idCol, labelCol);
    } else if (allNumeric(r.cells(), 1, t.decimalComma)) {
        t.format = SeriesTable::Format::Ucr;
        readUcr(r, t);
    } else {
        t.format = SeriesTable::Format::Csv;
        readCsv(r, t);
    }
    return t;
}

} // namespace

namespace {

SeriesTable withinLimit(const fs::path& file, SeriesTable t, const ReadLimits& limits) {
    int64_t values = 0;
    for (const auto& s : t.series)
        values += int64_t(s.values.total());
    const int64_t limit = limits.maxSeriesValues;
    if (values > limit)
        throw IoError(file.string(), "the table holds " + std::to_string(values) +
                                         " values, over the size limit of " +
                                         std::to_string(limit) + " (the maxSeriesValues limit)");
    return t;
}

} // namespace

SeriesTable readSeriesTable(const fs::path& file, const ReadLimits& limits) {
    return withinLimit(file, readTable(file, false), limits);
}
SeriesTable readSeriesTableSkippingBadRows(const fs::path& file, const ReadLimits& limits) {
    return withinLimit(file, readTable(file, true), limits);
}

namespace {

void writeUcr(std::string& out, const SeriesTable& t, const fs::path& file) {
    size_t width = size_t(std::max(t.ucrWidth, 0));
    for (const auto& s : t.series)
        width = std::max(width, size_t(s.steps()));
    const char d = t.delimiter == ' ' ? ' ' : t.delimiter;
    for (size_t n = 0; n < t.series.size(); ++n) {
        const SeriesSample& s = t.series[n];
        if (s.channelCount() > 1)
            throw IoError(file.string(), "series " + std::to_string(n) + " has " +
                                             std::to_string(s.channelCount()) +
                                             " channels; a UCR row holds one");
        csv::appendField(out, s.label, d);
        const double* v = s.values.empty() ? nullptr : s.values.ptr<double>();
        for (size_t i = 0; i < width; ++i) {
            out += d;
            csv::appendNumber(out, i < size_t(s.steps()) ? v[i] : NAN, t.decimalComma);
        }
        out += t.lineEnd;
    }
}

// The time cell of step i: numeric timestamps, the kept text, or the step index.
void appendTime(std::string& out, const SeriesTable& t, size_t n, const SeriesSample& s,
                int64_t i) {
    if (int64_t(s.timestamps.size()) == s.steps())
        csv::appendNumber(out, s.timestamps[size_t(i)], t.decimalComma);
    else if (n < t.timeText.size() && int64_t(t.timeText[n].size()) == s.steps())
        csv::appendField(out, t.timeText[n][size_t(i)], t.delimiter);
    else
        csv::appendNumber(out, double(i), t.decimalComma);
}

void writeCsv(std::string& out, const SeriesTable& t, const fs::path& file) {
    if (t.series.size() != 1)
        throw IoError(file.string(),
                      "a CSV series file holds one series, not " + std::to_string(t.series.size()));
    const SeriesSample& s = t.series[0];
    const int64_t c = s.channelCount();
    const bool hasTime = !t.timeColumn.empty();
    const int64_t timeAt = hasTime ? std::clamp<int64_t>(t.timeColumnIndex, 0, c) : -1;
    const char d = t.delimiter;
    for (int64_t k = 0, col = 0; k < c || col == timeAt; ++col) {
        if (col > 0)
            out += d;
        if (col == timeAt) {
            csv::appendField(out, t.timeColumn, d);
            continue;
        }
        const std::string name = size_t(k) < s.channelNames.size() ? s.channelNames[size_t(k)]
                                                                   : "ch" + std::to_string(k);
        csv::appendField(out, name, d);
        ++k;
    }
    out += t.lineEnd;
    const double* v = s.values.empty() ? nullptr : s.values.ptr<double>();
    for (int64_t i = 0; i < s.steps(); ++i) {
        for (int64_t k = 0, col = 0; k < c || col == timeAt; ++col) {
            if (col > 0)
                out += d;
            if (col == timeAt) {
                appendTime(out, t, 0, s, i);
                continue;
            }
            csv::appendNumber(out, v[i * c + k], t.decimalComma);
            ++k;
        }
        out += t.lineEnd;
    }
}

void writeLongCsv(std::string& out, const SeriesTable& t) {
    const char d = t.delimiter;
    const SeriesSample* first = t.series.empty() ? nullptr : &t.series[0];
    csv::appendField(out, t.idColumn, d);
    out += d;
    csv::appendField(out, t.labelColumn, d);
    if (!t.timeColumn.empty()) {
        out += d;
        csv::appendField(out, t.timeColumn, d);
    }
    if (first)
        for (int64_t k = 0; k < first->channelCount(); ++k) {
            out += d;
            csv::appendField(out,
                             size_t(k) < first->channelNames.size() ? first->channelNames[size_t(k)]
                                                                    : "ch" + std::to_string(k),
                             d);
        }
    out += t.lineEnd;
    for (size_t n = 0; n < t.series.size(); ++n) {
        const SeriesSample& s = t.series[n];
        const std::string id = n < t.ids.size() ? t.ids[n] : std::to_string(n);
        const int64_t c = s.channelCount();
        const double* v = s.values.empty() ? nullptr : s.values.ptr<double>();
        for (int64_t i = 0; i < s.steps(); ++i) {
            csv::appendField(out, id, d);
            out += d;
            csv::appendField(out, s.label, d);
            if (!t.timeColumn.empty()) {
                out += d;
                appendTime(out, t, n, s, i);
            }
            for (int64_t k = 0; k < c; ++k) {
                out += d;
                csv::appendNumber(out, v[i * c + k], t.decimalComma);
            }
            out += t.lineEnd;
        }
    }
}

} // namespace

void writeSeriesTable(const fs::path& file, const SeriesTable& table) {
    // Work on dense double matrices whatever the samples hold.
    SeriesTable t = table;
    for (auto& s : t.series)
        if (!s.values.empty() && (s.values.type() != CV_64FC1 || !s.values.isContinuous())) {
            cv::Mat m;
            s.values.reshape(1).convertTo(m, CV_64F);
            s.values = m.isContinuous() ? m : m.clone();
        }
    auto render = [&](char delimiter) {
        t.delimiter = delimiter;
        std::string out;
        if (t.bom)
            out += "\xEF\xBB\xBF";
        switch (t.format) {
        case SeriesTable::Format::Ucr:
            writeUcr(out, t, file);
            break;
        case SeriesTable::Format::Csv:
            writeCsv(out, t, file);
            break;
        case SeriesTable::Format::LongCsv:
            writeLongCsv(out, t);
            break;
        case SeriesTable::Format::Ts:
            seriesformats::writeTs(out, t, file);
            break;
        case SeriesTable::Format::Arff:
            seriesformats::writeArff(out, t, file);
            break;
        }
        return out;
    };
    // The reader sniffs the delimiter: cells holding another candidate delimiter can make the
    // text sniff otherwise and read back as a different table. Then another delimiter is
    // used (decimal commas need `;`); a table no delimiter can hold is refused, not lost.
    const char asRead = t.delimiter;
    std::string out = render(asRead);
    const bool delimited = t.format == SeriesTable::Format::Ucr ||
                           t.format == SeriesTable::Format::Csv ||
                           t.format == SeriesTable::Format::LongCsv;
    if (delimited && csv::sniffDelimiter(out) != asRead) {
        bool found = false;
        for (char d : {'\t', ';', ','})
            if (d != asRead && !t.decimalComma && csv::sniffDelimiter(out = render(d)) == d) {
                found = true;
                break;
            }
        if (!found)
            throw IoError(file.string(), "cannot write this table so that it reads back the "
                                         "same: its cells hold every delimiter");
    }
    writeFileAtomically(file, out);
}

} // namespace augstudio::core

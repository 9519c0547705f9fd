#include "core/dataset/layouttables.h"

#include "core/io/series/seriesfile.h"
#include "core/io/table/csv.h"
#include "core/io/text/textfile.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace augstudio::core::tables {

namespace fs = std::filesystem;

std::string lowerCase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string splitOfName(const std::string& fileName) {
    const std::string n = lowerCase(fileName);
    if (n.find("train") != std::string::npos)
        return "train";
    if (n.find("valid") != std::string::npos || n.find("_val") != std::string::npos ||
        n.find("val_") != std::string::npos || n.find("val.") != std::string::npos)
        return "val";
    if (n.find("test") != std::string::npos)
        return "test";
    return "train";
}

namespace {

// The head of a file, enough for the sniffer's records (cut at a line end when longer).
std::string headOf(const fs::path& file) {
    constexpr size_t kHead = size_t(4) << 20;
    std::ifstream in(file, std::ios::binary);
    std::string head(kHead, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(size_t(in.gcount()));
    if (head.size() == kHead) {
        const size_t end = head.find_last_of("\r\n");
        if (end != std::string::npos)
            head.resize(end + 1);
    }
    return head;
}

bool numericFrom(const std::vector<std::string_view>& cells, size_t from, bool decimalComma) {
    if (cells.size() <= from)
        return false;
    double v;
    for (size_t i = from; i < cells.size(); ++i)
        if (!csv::parseNumber(cells[i], v, decimalComma))
            return false;
    return true;
}

// A reader's IoError as a bad-file row: "file:line" in where() gives the line.
BadFile badOf(const std::string& rel, const Error& e) {
    int64_t line = 0;
    const auto colon = e.where().rfind(':');
    if (colon != std::string::npos) {
        char* end = nullptr;
        const long long n = std::strtoll(e.where().c_str() + colon + 1, &end, 10);
        if (end && *end == '\0' && n > 0)
            line = n;
    }
    return {rel, line, e.reason()};
}

std::string relOf(const fs::path& file, const Dataset& ds) {
    return file.lexically_relative(ds.root).generic_string();
}

} // namespace

TableKind classify(const fs::path& file) {
    const std::string ext = lowerCase(file.extension().string());
    if (ext == ".ts")
        return TableKind::Ts; // the reader checks the header (a TypeScript file is reported)
    if (ext == ".arff")
        return TableKind::Arff;
    if (ext != ".tsv" && ext != ".csv" && ext != ".txt")
        return TableKind::None;
    const std::string head = headOf(file);
    const csv::Dialect dialect = csv::sniffDialect(head);
    csv::Tokenizer tok(head, dialect.delimiter);
    if (!tok.next())
        return TableKind::None;
    const auto& cells = tok.fields();
    const int idCol = csv::columnOf(cells, csv::kSeriesIdColumns);
    const int labelCol = csv::columnOf(cells, csv::kLabelColumns);
    // The same rules, in the same order, as readSeriesTable and readTextTable.
    if (idCol >= 0 && labelCol >= 0 && idCol != labelCol && cells.size() >= 3)
        return TableKind::LongCsv;
    if (csv::columnOf(cells, csv::kTextColumns) >= 0 && labelCol >= 0)
        return TableKind::Text;
    if (numericFrom(cells, 1, dialect.decimalComma) &&
        (cells.size() >= 3 || dialect.delimiter != '\t'))
        return TableKind::Ucr;
    csv::Tokenizer labelTabText(head, '\t', 2);
    if (ext != ".csv" && labelTabText.next() && labelTabText.fields().size() == 2)
        return TableKind::Text; // label<TAB>text, as readTextTable reads it
    return TableKind::None;
}

void scanTable(const fs::path& file, TableKind kind, Dataset& ds, const ReadLimits& limits) {
    const std::string rel = relOf(file, ds);
    const std::string split = splitOfName(file.filename().string());
    auto addItem = [&](int64_t row, const std::string& label) -> DatasetItem& {
        DatasetItem item;
        item.key = rel + "#" + std::to_string(row);
        item.file = file;
        item.row = row;
        item.label = label;
        item.split = split;
        ds.items.push_back(std::move(item));
        return ds.items.back();
    };
    auto addSkipped = [&](const std::vector<SkippedRow>& skipped) {
        for (const auto& s : skipped)
            ds.bad.push_back({rel, s.line, s.reason});
    };
    try {
        if (kind == TableKind::Text) {
            const TextTable t = readTextTableSkippingBadRows(file);
            for (size_t n = 0; n < t.rows.size(); ++n)
                addItem(int64_t(n), t.rows[n].label).textLength = int64_t(t.rows[n].text.size());
            addSkipped(t.skipped);
            return;
        }
        const SeriesTable t = readSeriesTableSkippingBadRows(file, limits);
        const auto expected = kind == TableKind::Ucr    ? SeriesTable::Format::Ucr
                              : kind == TableKind::Ts   ? SeriesTable::Format::Ts
                              : kind == TableKind::Arff ? SeriesTable::Format::Arff
                                                        : SeriesTable::Format::LongCsv;
        if (t.format != expected) {
            ds.bad.push_back({rel, 0, "a different table layout; left out"});
            return;
        }
        for (size_t n = 0; n < t.series.size(); ++n) {
            DatasetItem& item = addItem(int64_t(n), t.series[n].label);
            item.steps = t.series[n].steps();
            item.channels = int(t.series[n].channelCount());
            if (n < t.ids.size())
                item.seriesId = t.ids[n];
        }
        addSkipped(t.skipped);
    } catch (const Error& e) {
        ds.bad.push_back(badOf(rel, e));
    }
}

bool scanSeriesCsv(const fs::path& file, DatasetItem& item, Dataset& ds, const ReadLimits& limits) {
    try {
        const SeriesTable t = readSeriesTable(file, limits);
        if (t.series.empty()) {
            ds.bad.push_back({relOf(file, ds), 0, "empty CSV"});
            return false;
        }
        item.steps = t.series[0].steps();
        item.channels = int(t.series[0].channelCount());
        return true;
    } catch (const Error& e) {
        ds.bad.push_back(badOf(relOf(file, ds), e));
        return false;
    }
}

} // namespace augstudio::core::tables

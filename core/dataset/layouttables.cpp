#include "core/dataset/layouttables.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

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

std::vector<std::string> readLines(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0)
        text.erase(0, 3);
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

std::vector<std::string> splitCsv(const std::string& line, char delimiter) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                cur += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                cur += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == delimiter) {
            out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(std::move(cur));
    return out;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

char detectDelimiter(const std::string& line) {
    int tabs = 0, commas = 0, semis = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted)
            tabs += c == '\t', commas += c == ',', semis += c == ';';
    }
    if (tabs >= commas && tabs >= semis && tabs > 0)
        return '\t';
    return semis > commas ? ';' : ',';
}

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool parseNumber(const std::string& cell, double& v) {
    const std::string t = trim(cell);
    if (t.empty())
        return false;
    const std::string l = lowerCase(t);
    if (l == "nan" || l == "na" || l == "?") {
        v = std::nan("");
        return true;
    }
    char* end = nullptr;
    v = std::strtod(t.c_str(), &end);
    return end && *end == '\0';
}

bool validUtf8(const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
        if (n < 0 || i + size_t(n) >= s.size() + (n == 0 ? 1 : 0))
            return false;
        for (int k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(s[i + size_t(k)]) >> 6) != 2)
                return false;
        i += size_t(n) + 1;
    }
    return true;
}

int columnOf(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
    for (const char* n : names)
        for (size_t i = 0; i < header.size(); ++i)
            if (lowerCase(trim(header[i])) == n)
                return int(i);
    return -1;
}

size_t firstContentLine(const std::vector<std::string>& lines) {
    size_t i = 0;
    while (i < lines.size() && trim(lines[i]).empty())
        ++i;
    return i;
}

} // namespace

TableKind classify(const fs::path& file) {
    const std::string ext = lowerCase(file.extension().string());
    if (ext != ".tsv" && ext != ".csv" && ext != ".txt")
        return TableKind::None;
    std::ifstream in(file, std::ios::binary);
    std::string first;
    while (std::getline(in, first)) {
        if (first.rfind("\xEF\xBB\xBF", 0) == 0)
            first.erase(0, 3);
        if (!first.empty() && first.back() == '\r')
            first.pop_back();
        if (!trim(first).empty())
            break;
    }
    if (trim(first).empty())
        return TableKind::None;
    const char delim = detectDelimiter(first);
    const auto cells = splitCsv(first, delim);
    if (columnOf(cells, {"series_id", "id"}) >= 0 && columnOf(cells, {"label", "class"}) >= 0 &&
        cells.size() >= 3)
        return TableKind::LongCsv;
    if (columnOf(cells, {"text", "sentence"}) >= 0 && columnOf(cells, {"label", "class"}) >= 0)
        return TableKind::Text;
    if (cells.size() >= 3 || (cells.size() == 2 && delim != '\t')) {
        bool numeric = true;
        for (size_t i = 1; i < cells.size() && numeric; ++i) {
            double v;
            numeric = parseNumber(cells[i], v);
        }
        if (numeric)
            return TableKind::Ucr;
    }
    if (delim == '\t' && cells.size() >= 2)
        return TableKind::Text;
    return TableKind::None;
}

void scanTable(const fs::path& file, TableKind kind, Dataset& ds) {
    const std::string rel = (file).lexically_relative(ds.root).generic_string();
    const std::string split = splitOfName(file.filename().string());
    const std::vector<std::string> lines = readLines(file);
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
    if (kind == TableKind::Ucr) {
        int64_t row = 0;
        size_t width = 0;
        const char delim = lines.empty() ? '\t' : detectDelimiter(lines[firstContentLine(lines)]);
        for (size_t i = 0; i < lines.size(); ++i) {
            if (trim(lines[i]).empty())
                continue;
            const auto cells = splitCsv(lines[i], delim);
            int64_t steps = 0, lastValue = 0;
            bool ok = cells.size() >= 2;
            for (size_t c = 1; c < cells.size() && ok; ++c) {
                double v;
                ok = parseNumber(cells[c], v);
                ++steps;
                if (ok && !std::isnan(v))
                    lastValue = steps;
            }
            if (!ok) {
                ds.bad.push_back({rel, int64_t(i) + 1,
                                  cells.size() < 2 ? "row without values; left out"
                                                   : "non-numeric value; row left out"});
                continue;
            }
            // NaN pads shorter series, so every row has the first readable row's width.
            if (width == 0)
                width = cells.size();
            if (cells.size() != width) {
                ds.bad.push_back({rel, int64_t(i) + 1,
                                  "ragged row: " + std::to_string(cells.size() - 1) +
                                      " values, expected " + std::to_string(width - 1) +
                                      "; row left out"});
                continue;
            }
            DatasetItem& item = addItem(row++, trim(cells[0]));
            item.steps = lastValue; // NaN padding at the end is not part of the series
            item.channels = 1;
        }
        return;
    }
    const size_t h = firstContentLine(lines);
    if (kind == TableKind::LongCsv) {
        if (h >= lines.size())
            return;
        const char delim = detectDelimiter(lines[h]);
        const auto header = splitCsv(lines[h], delim);
        const int idCol = columnOf(header, {"series_id", "id"});
        const int labelCol = columnOf(header, {"label", "class"});
        const int timeCol = columnOf(header, {"time", "timestamp", "t"});
        const int channels = int(header.size()) - 2 - (timeCol >= 0 ? 1 : 0);
        std::map<std::string, size_t> seriesIndex;
        for (size_t i = h + 1; i < lines.size(); ++i) {
            if (trim(lines[i]).empty())
                continue;
            const auto cells = splitCsv(lines[i], delim);
            if (cells.size() != header.size()) {
                ds.bad.push_back({rel, int64_t(i) + 1,
                                  "ragged row: " + std::to_string(cells.size()) +
                                      " fields, header has " + std::to_string(header.size()) +
                                      "; row left out"});
                continue;
            }
            const std::string id = cells[size_t(idCol)];
            auto it = seriesIndex.find(id);
            if (it == seriesIndex.end()) {
                it = seriesIndex.emplace(id, ds.items.size()).first;
                DatasetItem& item =
                    addItem(int64_t(seriesIndex.size()) - 1, trim(cells[size_t(labelCol)]));
                item.seriesId = id;
                item.channels = channels;
            }
            ++ds.items[it->second].steps;
        }
        return;
    }
    // Text: label<TAB>text lines, or a CSV whose header names text and label.
    if (h >= lines.size())
        return;
    const char delim = detectDelimiter(lines[h]);
    const auto header = splitCsv(lines[h], delim);
    int textCol = columnOf(header, {"text", "sentence"});
    int labelCol = columnOf(header, {"label", "class"});
    const bool hasHeader = textCol >= 0 && labelCol >= 0;
    if (!hasHeader)
        textCol = 1, labelCol = 0;
    int64_t row = 0;
    for (size_t i = hasHeader ? h + 1 : 0; i < lines.size(); ++i) {
        if (trim(lines[i]).empty())
            continue;
        std::vector<std::string> cells;
        if (!hasHeader) { // label, tab, then the text as is (tabs in the text kept)
            const auto tab = lines[i].find('\t');
            if (tab == std::string::npos) {
                ds.bad.push_back({rel, int64_t(i) + 1, "no tab between label and text; left out"});
                continue;
            }
            cells = {lines[i].substr(0, tab), lines[i].substr(tab + 1)};
        } else {
            cells = splitCsv(lines[i], delim);
        }
        if (int(cells.size()) <= std::max(textCol, labelCol)) {
            ds.bad.push_back({rel, int64_t(i) + 1, "missing the text or label column; left out"});
            continue;
        }
        if (!validUtf8(cells[size_t(textCol)])) {
            ds.bad.push_back({rel, int64_t(i) + 1, "invalid UTF-8; left out"});
            continue;
        }
        DatasetItem& item = addItem(row++, trim(cells[size_t(labelCol)]));
        item.textLength = int64_t(cells[size_t(textCol)].size());
    }
}

bool scanSeriesCsv(const fs::path& file, DatasetItem& item, Dataset& ds) {
    const std::string rel = (file).lexically_relative(ds.root).generic_string();
    const auto lines = readLines(file);
    const size_t h = firstContentLine(lines);
    if (h >= lines.size()) {
        ds.bad.push_back({rel, 0, "empty CSV"});
        return false;
    }
    const char delim = detectDelimiter(lines[h]);
    const auto header = splitCsv(lines[h], delim);
    const int timeCol = columnOf(header, {"time", "timestamp", "t"});
    int64_t steps = 0;
    for (size_t i = h + 1; i < lines.size(); ++i) {
        if (trim(lines[i]).empty())
            continue;
        const auto cells = splitCsv(lines[i], delim);
        if (cells.size() != header.size()) {
            ds.bad.push_back({rel, int64_t(i) + 1,
                              "ragged row: " + std::to_string(cells.size()) +
                                  " fields, header has " + std::to_string(header.size())});
            return false;
        }
        ++steps;
    }
    item.steps = steps;
    item.channels = int(header.size()) - (timeCol >= 0 ? 1 : 0);
    return true;
}

} // namespace augstudio::core::tables

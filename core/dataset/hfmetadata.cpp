#include "core/dataset/hfmetadata.h"

#include "core/dataset/layouttables.h"
#include "core/io/audio/audiofile.h"
#include "core/io/image/imagefile.h"
#include "core/io/table/csv.h"
#include "core/util/error.h"

#include <fstream>
#include <map>
#include <set>

namespace augstudio::core::hfmetadata {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

std::string cellText(const ojson& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_null())
        return {};
    return v.dump();
}

bool isNumber(const std::string& s) {
    if (s.empty())
        return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end && *end == '\0';
}

} // namespace

fs::path metadataFileIn(const fs::path& folder) {
    for (const char* name : {"metadata.csv", "metadata.jsonl"}) {
        std::error_code ec;
        if (fs::is_regular_file(folder / name, ec))
            return folder / name;
    }
    return {};
}

MetadataTable readMetadata(const fs::path& file, const std::string& rel,
                           std::vector<BadFile>& bad) {
    MetadataTable table;
    table.jsonLines = file.extension() == ".jsonl";
    if (table.jsonLines) {
        // One JSON object per line (BOM dropped, CRLF handled); line numbers from 1.
        std::vector<std::string> lines;
        {
            const std::string bytes = csv::readFile(file);
            const std::string_view text = csv::stripBom(bytes);
            size_t start = 0;
            while (start < text.size()) {
                size_t end = text.find('\n', start);
                if (end == std::string_view::npos)
                    end = text.size();
                std::string line(text.substr(start, end - start));
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                lines.push_back(std::move(line));
                start = end + 1;
            }
        }
        std::set<std::string> seen;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].find_first_not_of(" \t") == std::string::npos)
                continue;
            ojson row;
            try {
                row = ojson::parse(lines[i]);
            } catch (const std::exception&) {
                bad.push_back({rel, int64_t(i) + 1, "not a JSON object; line skipped"});
                continue;
            }
            if (!row.is_object()) {
                bad.push_back({rel, int64_t(i) + 1, "not a JSON object; line skipped"});
                continue;
            }
            for (const auto& [key, value] : row.items())
                if (seen.insert(key).second)
                    table.columns.push_back(key);
            table.rows.push_back(std::move(row));
            table.lines.push_back(int64_t(i) + 1);
        }
    } else {
        // The project's one tokenizer: quoted fields (with line breaks), BOM, any line end.
        const csv::Records records = csv::readRecords(file);
        if (records.headerLine == 0)
            throw IoError(file.string(), "empty metadata file");
        table.columns = records.header;
        for (const auto& [line, cells] : records.rows) {
            if (cells.size() != table.columns.size()) {
                bad.push_back({rel, line,
                               "ragged row: " + std::to_string(cells.size()) +
                                   " fields, header has " + std::to_string(table.columns.size())});
                continue;
            }
            ojson row = ojson::object();
            for (size_t c = 0; c < cells.size(); ++c)
                row[table.columns[c]] = cells[c];
            table.rows.push_back(std::move(row));
            table.lines.push_back(line);
        }
    }
    if (std::find(table.columns.begin(), table.columns.end(), "file_name") == table.columns.end())
        throw IoError(file.string(), "a metadata file needs a file_name column");
    return table;
}

std::string labelColumn(const MetadataTable& table) {
    for (const char* preferred : {"label", "labels", "class", "category", "target"})
        for (const auto& c : table.columns)
            if (tables::lowerCase(c) == preferred)
                return c;
    for (const auto& c : table.columns) {
        if (c == "file_name")
            continue;
        bool strings = true, repeats = false;
        std::set<std::string> values;
        for (const auto& row : table.rows) {
            const auto it = row.find(c);
            const std::string v = it == row.end() ? std::string() : cellText(*it);
            strings = strings && it != row.end() && it->is_string() && !isNumber(v);
            repeats = repeats || !values.insert(v).second;
        }
        if (strings && repeats)
            return c;
    }
    return {};
}

void scanMetadata(const fs::path& file, const std::string& split, const ConfinedRoot& confined,
                  Dataset& ds) {
    const std::string rel = file.lexically_relative(ds.root).generic_string();
    const MetadataTable table = readMetadata(file, rel, ds.bad);
    const std::string label = labelColumn(table);
    int votes[2] = {0, 0};
    const size_t first = ds.items.size();
    for (size_t r = 0; r < table.rows.size(); ++r) {
        const ojson& row = table.rows[r];
        const int64_t line = table.lines[r];
        const auto name = row.find("file_name");
        if (name == row.end() || !name->is_string() || name->get<std::string>().empty()) {
            ds.bad.push_back({rel, line, "no file_name; row skipped"});
            continue;
        }
        const std::string fileName = name->get<std::string>();
        bool left = false;
        const fs::path target = confined.locateFile(fs::path(fileName), {file.parent_path()}, left);
        if (target.empty()) {
            ds.bad.push_back({rel, line,
                              (left ? std::string(ConfinedRoot::kLeavesDataset) + ": "
                                    : std::string("names a missing file: ")) +
                                  fileName});
            continue;
        }
        DatasetItem item;
        item.file = target;
        item.key = target.lexically_relative(ds.root).generic_string();
        item.container = rel;
        item.sourceName = fileName;
        if (!label.empty())
            if (const auto it = row.find(label); it != row.end())
                item.label = cellText(*it);
        item.split = split;
        if (split.empty()) { // a metadata file at the root: the first folder may name the split
            const std::string s = normaliseSplit(fs::path(item.key).begin()->string());
            item.split = s.empty() || !fs::path(item.key).has_parent_path() ? "train" : s;
        }
        votes[0] += isImageExtension(target);
        votes[1] += isAudioExtension(target);
        ds.items.push_back(std::move(item));
    }
    if (first == 0)
        ds.modality = votes[1] > votes[0] ? Modality::Audio : Modality::Image;
    // Files of the other modality cannot run through one pipeline: reported, left out.
    std::vector<DatasetItem> kept(std::make_move_iterator(ds.items.begin()),
                                  std::make_move_iterator(ds.items.begin() + long(first)));
    for (size_t i = first; i < ds.items.size(); ++i) {
        auto& item = ds.items[i];
        const bool media = ds.modality == Modality::Image ? isImageExtension(item.file)
                                                          : isAudioExtension(item.file);
        if (media)
            kept.push_back(std::move(item));
        else
            ds.bad.push_back({item.key, 0,
                              std::string("not ") +
                                  (ds.modality == Modality::Image ? "an image" : "an audio file") +
                                  " (named by " + rel + "); left out"});
    }
    ds.items = std::move(kept);
    ds.extra["metadata_files"].push_back(rel);
    ds.extra["label_columns"][rel] = label;
}

std::string writeMetadata(const fs::path& source, const std::vector<OutputRow>& rows) {
    std::vector<BadFile> ignored;
    const MetadataTable table = readMetadata(source, source.filename().string(), ignored);
    std::map<std::string, const ojson*> byName;
    for (const auto& row : table.rows)
        if (const auto it = row.find("file_name"); it != row.end() && it->is_string())
            byName.emplace(it->get<std::string>(), &row);
    std::string text;
    if (!table.jsonLines) {
        for (size_t c = 0; c < table.columns.size(); ++c) {
            if (c)
                text += ',';
            csv::appendField(text, table.columns[c], ',');
        }
        text += '\n';
    }
    for (const auto& out : rows) {
        const auto it = byName.find(out.sourceFileName);
        ojson row = it != byName.end() ? *it->second : ojson::object();
        row["file_name"] = out.fileName;
        if (table.jsonLines) {
            text += row.dump();
        } else {
            for (size_t c = 0; c < table.columns.size(); ++c) {
                const auto cell = row.find(table.columns[c]);
                if (c)
                    text += ',';
                csv::appendField(text, cell == row.end() ? std::string() : cellText(*cell), ',');
            }
        }
        text += '\n';
    }
    return text;
}

} // namespace augstudio::core::hfmetadata

#pragma once

// Hugging Face `imagefolder` / `audiofolder` datasets: a metadata.csv or metadata.jsonl (at
// the root or in each split folder) whose `file_name` column names a file relative to the
// metadata file's folder, beside other columns, one of them the label.

#include "core/dataset/dataset.h"
#include "core/util/confinedroot.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace augstudio::core::hfmetadata {

// One metadata file: its columns in file order and one object per row (CSV cells as strings,
// JSON Lines values as written).
struct MetadataTable {
    bool jsonLines = false;
    std::vector<std::string> columns;
    std::vector<nlohmann::ordered_json> rows;
    std::vector<int64_t> lines; // the line of each row, from 1
};

// "metadata.csv" or "metadata.jsonl" in `folder`; empty when it holds neither.
std::filesystem::path metadataFileIn(const std::filesystem::path& folder);

// Reads a metadata file; malformed lines are reported in `bad` under `rel` and left out.
// Throws IoError when the file cannot be read or has no file_name column.
MetadataTable readMetadata(const std::filesystem::path& file, const std::string& rel,
                           std::vector<BadFile>& bad);

// The label column: `label` (or labels, class, category, target), else the first other
// column of strings in which some value repeats; "" when none (the items are unlabelled).
std::string labelColumn(const MetadataTable& table);

// Adds the items a metadata file names: each file_name resolved inside `confined` (those
// leading out are reported "path leaves the dataset" and never opened), in split `split`.
void scanMetadata(const std::filesystem::path& file, const std::string& split,
                  const ConfinedRoot& confined, Dataset& ds);

// One row of a rewritten metadata file: the output's file_name and the file_name of the
// source row whose other columns it keeps.
struct OutputRow {
    std::string fileName, sourceFileName;
};
// The metadata file for the outputs, in the format and column order of `source`.
std::string writeMetadata(const std::filesystem::path& source, const std::vector<OutputRow>& rows);

} // namespace augstudio::core::hfmetadata

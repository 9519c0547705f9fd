#pragma once

// Reading the table layouts (UCR TSV, long CSV, text TSV/CSV) and the CSV files of the other
// layouts, far enough for a scan: rows, labels, lengths, and every bad line with its number.

#include "core/dataset/dataset.h"

#include <filesystem>
#include <string>
#include <vector>

namespace augstudio::core::tables {

// A text file as lines: BOM dropped, CRLF handled, line numbers from 1.
std::vector<std::string> readLines(const std::filesystem::path& file);
// Splits one CSV line; quotes ("a,b", "" for a quote) handled.
std::vector<std::string> splitCsv(const std::string& line, char delimiter);
// The most frequent of tab, comma and semicolon outside quotes (comma when none).
char detectDelimiter(const std::string& headerLine);
// One CSV field as written: quoted (quotes doubled) when it holds a comma, quote or line break.
std::string csvField(const std::string& field);
std::string lowerCase(std::string s);
std::string splitOfName(const std::string& fileName); // TRAIN / TEST / VAL in the name

enum class TableKind { None, Ucr, LongCsv, Text };
// Which table layout a .tsv / .csv / .txt file holds (from its first lines).
TableKind classify(const std::filesystem::path& file);

// Adds the rows (or long-CSV series) of `file` to `ds` as items; bad lines to ds.bad.
void scanTable(const std::filesystem::path& file, TableKind kind, Dataset& ds);
// Reads a per-series CSV's header and rows for metadata: steps and channels; a ragged row is
// reported and the file left out (returns false).
bool scanSeriesCsv(const std::filesystem::path& file, DatasetItem& item, Dataset& ds);

} // namespace augstudio::core::tables

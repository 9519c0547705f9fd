#pragma once

// The table layouts (UCR TSV, long CSV, text TSV/CSV) and per-series CSV files, scanned
// through the readers that export uses (core/io), so the scan lists exactly the rows, labels
// and columns an export reads, and reports what the readers leave out.

#include "core/dataset/dataset.h"
#include "core/util/readlimits.h"

#include <filesystem>
#include <string>

namespace augstudio::core::tables {

std::string lowerCase(std::string s);
std::string splitOfName(const std::string& fileName); // TRAIN / TEST / VAL in the name

enum class TableKind { None, Ucr, LongCsv, Text, Ts, Arff };
// Which table layout a .tsv / .csv / .txt / .ts / .arff file holds, from its first records split by
// the one tokenizer with the readers' header names and number rules.
TableKind classify(const std::filesystem::path& file);

// Adds the rows (or long-CSV series) the reader reads from `file` to `ds` as items, and the
// rows it leaves out (or the whole file, when it cannot be read) to ds.bad.
void scanTable(const std::filesystem::path& file, TableKind kind, Dataset& ds,
               const ReadLimits& limits);
// Reads a per-series CSV as export will, for its steps and channels; an unreadable file is
// reported with its line and left out (returns false).
bool scanSeriesCsv(const std::filesystem::path& file, DatasetItem& item, Dataset& ds,
                   const ReadLimits& limits);

} // namespace augstudio::core::tables

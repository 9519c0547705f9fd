#pragma once

#include "core/sample/sample.h"

#include <filesystem>
#include <string>
#include <vector>

namespace augstudio::core {

// A file holding one or more series, with what is needed to write it back the same way.
struct SeriesTable {
    enum class Format { Ucr, Csv, LongCsv };
    Format format = Format::Ucr;
    char delimiter = '\t';
    std::vector<SeriesSample> series;
    std::vector<std::string> ids;  // long CSV series ids (empty otherwise)
    std::string timeColumn;        // CSV: the time column's header, empty when none
};

// UCR .tsv (label first, NaN padding), CSV with a header of channel names and an optional
// time column (one series), long CSV (series_id,label,time,<channels>). Throws IoError with
// "file:line" and the reason.
SeriesTable readSeriesTable(const std::filesystem::path& file);
// Writes in the table's format, numbers with full precision (round-trip exact).
void writeSeriesTable(const std::filesystem::path& file, const SeriesTable& table);

} // namespace augstudio::core

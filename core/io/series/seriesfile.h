#pragma once

#include "core/io/table/csv.h"
#include "core/sample/sample.h"
#include "core/util/readlimits.h"

#include <filesystem>
#include <string>
#include <vector>

namespace augstudio::core {

// A file holding one or more series, with what is needed to write it back the same way.
struct SeriesTable {
    enum class Format { Ucr, Csv, LongCsv, Ts, Arff };
    Format format = Format::Ucr;
    char delimiter = '\t'; // ' ' means runs of blanks (old UCR .txt files)
    std::vector<SeriesSample> series;
    std::vector<std::string> ids; // long CSV series ids (empty otherwise)
    std::string timeColumn;       // CSV: the time column's header, empty when none

    // Details kept so a file is written back as it came.
    bool bom = false;           // the file started with a UTF-8 byte order mark
    std::string lineEnd = "\n"; // "\n", "\r\n" or "\r", from the first line
    bool decimalComma = false;  // `;`-delimited numbers written "1,5"
    int ucrWidth = 0;           // UCR: values per row as read (NaN padding included)
    int timeColumnIndex = 0;    // CSV: the time column's position among the columns
    std::string idColumn = "series_id", labelColumn = "label"; // long CSV header names
    // Per series: a time column that is not numeric (ISO dates...), kept as text, one per
    // step; empty when the times are numbers (then in SeriesSample::timestamps).
    std::vector<std::vector<std::string>> timeText;
    // .ts / .arff: the header lines up to and including @data, written back as read; whether
    // cases end with a class label; ARFF: a relational (multivariate) attribute and the quote
    // around its values. (An ARFF file's step count is kept in ucrWidth.)
    std::vector<std::string> headerLines;
    bool labelled = true;
    bool relational = false;
    char arffQuote = '\'';
    // Rows left out by readSeriesTableSkippingBadRows (UCR and long CSV), with the reason.
    std::vector<SkippedRow> skipped;
};

// UCR .tsv (label first, NaN padding), CSV with a header of channel names and an optional
// time column (one series), long CSV (series_id,label,time,<channels>). Throws IoError with
// "file:line" and the reason.
//  - UCR: every row holds the same number of cells (NaN pads shorter series; a row of
//    another width is an error naming its line); trailing NaN padding is trimmed on read
//    (SeriesSample::steps() is the real length) and restored on write. A NaN inside a series
//    is a gap and stays. One channel named "value"; the label is kept as written.
//  - CSV: a time column is the one named time, timestamp or t (any case); every other
//    column is a channel. Empty cells and NaN are gaps. Labels come from the folder, not the
//    file.
//  - long CSV: columns series_id (or id), label (or class), an optional time column, then
//    the channels; the rows of a series need not be adjacent; series keep the order of
//    their first row; one series with two labels is an error.
//  - .ts (UEA / sktime) and .arff (Weka, the UEA archive's other format), by extension:
//    see core/io/series/seriesformats.h.
// Delimiter (tab, `;`, `,`), BOM, CRLF and quoted fields are detected, and kept on write.
SeriesTable readSeriesTable(const std::filesystem::path& file, const ReadLimits& limits = {});
// The same, leaving out UCR and long-CSV rows that cannot be read (ragged, non-numeric, a
// second label for a series) instead of failing; they are listed in `skipped`. The dataset
// scan lists the series this returns, so the scan and an export agree by construction.
SeriesTable readSeriesTableSkippingBadRows(const std::filesystem::path& file,
                                           const ReadLimits& limits = {});
// Writes in the table's format, numbers with full precision (the shortest text that reads
// back exactly: std::to_chars), atomically (a temporary file renamed into place). Throws
// IoError (for example a UCR series with more than one channel).
void writeSeriesTable(const std::filesystem::path& file, const SeriesTable& table);

} // namespace augstudio::core

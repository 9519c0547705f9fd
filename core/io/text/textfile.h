#pragma once

#include "core/io/table/csv.h"
#include "core/sample/sample.h"

#include <filesystem>
#include <vector>

namespace augstudio::core {

// A file of labelled texts: `label<TAB>text` lines (EDA's format) or CSV with a header
// naming `text` (or `sentence`) and `label` (or `class`) columns (any order, other columns
// allowed; any delimiter the tokenizer sniffs, a tab too).
struct TextTable {
    enum class Format { LabelTabText, CsvTextLabel };
    Format format = Format::LabelTabText;
    std::vector<std::string> header; // CSV header as read
    std::vector<TextSample> rows;
    // How the file was written, so writing it back keeps its shape.
    char delimiter = ','; // CSV: ',' or ';' (or a tab), detected from the header
    int textColumn = -1;  // CSV: indices into header
    int labelColumn = -1; // CSV: -1 when there is no label column
    bool bom = false;     // a UTF-8 byte order mark preceded the content
    bool crlf = false;    // lines ended with CR LF
    // CSV: every row's cells as read. When there are as many as rows on writing, row i keeps
    // its other columns; otherwise they are written empty.
    std::vector<std::vector<std::string>> cells;
    std::vector<int> lines; // the line each row started on (1-based), for messages
    // Rows left out by readTextTableSkippingBadRows, with the reason (what the scan lists).
    std::vector<SkippedRow> skipped;
};

// Reads a CSV when the first record names a text and a label column (or the file is a
// `.csv`), else `label<TAB>text` lines (`.tsv`, `.txt`, or a tab in the first line). UTF-8 is
// validated; a BOM, CR LF endings and empty lines are accepted. Throws IoError with "file:line" and
// the reason (invalid UTF-8 with its column, a line without a tab, a missing `text` column, a row
// with the wrong number of fields, an unterminated quote).
TextTable readTextTable(const std::filesystem::path& file);
// The same, leaving out rows that cannot be read (invalid UTF-8, no tab, wrong field count)
// instead of failing, numbered as the dataset scan numbers them: what an export reads.
TextTable readTextTableSkippingBadRows(const std::filesystem::path& file);
// Writes in the table's format through a temporary file renamed into place. TSV fields
// cannot hold tabs or line breaks: those become spaces. Throws IoError.
void writeTextTable(const std::filesystem::path& file, const TextTable& table);

} // namespace augstudio::core

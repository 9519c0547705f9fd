#pragma once

#include "core/sample/sample.h"

#include <filesystem>
#include <vector>

namespace augstudio::core {

// A file of labelled texts: `label<TAB>text` lines (EDA's format) or CSV with a header
// naming `text` and `label` columns.
struct TextTable {
    enum class Format { LabelTabText, CsvTextLabel };
    Format format = Format::LabelTabText;
    std::vector<std::string> header; // CSV header as read
    std::vector<TextSample> rows;
};

// Throws IoError with "file:line" and the reason (invalid UTF-8, missing column, ...).
TextTable readTextTable(const std::filesystem::path& file);
void writeTextTable(const std::filesystem::path& file, const TextTable& table);

} // namespace augstudio::core

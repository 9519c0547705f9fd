#pragma once

#include "core/dataset/audiofile.h"
#include "core/dataset/seriesfile.h"
#include "core/dataset/textfile.h"
#include "core/sample/sample.h"

#include <filesystem>
#include <variant>

namespace augstudio::core {

// One input file of any modality: a single image or clip, or a table of series or texts.
// `samples` are what a pipeline runs on; the rest is what writing back the same format needs.
struct ItemFile {
    Modality modality = Modality::Image;
    std::vector<Sample> samples;
    int audioFormat = 0;
    SeriesTable seriesTable; // series: format details (its `series` are moved into samples)
    TextTable textTable;     // text: format details (its `rows` are moved into samples)
};

struct ItemWriteOptions {
    int quality = 95; // JPEG / WebP
};

// Reads `file` as `modality`; throws IoError naming the file and the reason.
// With skipBadRows, unreadable rows of a table are left out (numbered as the scan does).
ItemFile readItemFile(const std::filesystem::path& file, Modality modality,
                      bool skipBadRows = false);
// Writes `samples` back in the format `item` was read with (image format from the extension).
void writeItemFile(const std::filesystem::path& file, const ItemFile& item,
                   const std::vector<Sample>& samples, const ItemWriteOptions& options = {});

} // namespace augstudio::core

#pragma once

#include "core/io/audio/audiofile.h"
#include "core/io/series/seriesfile.h"
#include "core/io/text/textfile.h"
#include "core/sample/sample.h"
#include "core/util/readlimits.h"

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

struct ItemReadOptions {
    ReadLimits limits;
    // Unreadable rows of a table are left out (numbered as the scan does) instead of failing.
    bool skipBadRows = false;
};

// Reads `file` as `modality`; throws IoError naming the file and the reason.
ItemFile readItemFile(const std::filesystem::path& file, Modality modality,
                      const ItemReadOptions& options);
// Writes `samples` back in the format `item` was read with (image format from the extension).
void writeItemFile(const std::filesystem::path& file, const ItemFile& item,
                   const std::vector<Sample>& samples, const ItemWriteOptions& options = {});

} // namespace augstudio::core

#include "core/dataset/seriesfile.h"

#include "core/util/error.h"

namespace augstudio::core {

// Placeholder until the series engine lands (issue 3).
SeriesTable readSeriesTable(const std::filesystem::path& file) {
    throw IoError(file.string(), "series reading is not built yet");
}
void writeSeriesTable(const std::filesystem::path& file, const SeriesTable&) {
    throw IoError(file.string(), "series writing is not built yet");
}

} // namespace augstudio::core

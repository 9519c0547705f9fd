#include "core/dataset/textfile.h"

#include "core/util/error.h"

namespace augstudio::core {

// Placeholder until the text engine lands (issue 3).
TextTable readTextTable(const std::filesystem::path& file) {
    throw IoError(file.string(), "text reading is not built yet");
}
void writeTextTable(const std::filesystem::path& file, const TextTable&) {
    throw IoError(file.string(), "text writing is not built yet");
}

} // namespace augstudio::core

#include "core/dataset/dataset.h"

#include "core/util/error.h"

namespace augstudio::core {

// Placeholder until the datasets issue lands (issue 4): the datasets helper replaces this file.
const char* layoutName(Layout) { return "class_folders"; }
std::map<std::string, std::map<std::string, int64_t>> Dataset::counts() const { return {}; }
double Dataset::imbalanceRatio(const std::string&) const { return 1.0; }
nlohmann::json Dataset::toJson() const { return nlohmann::json::object(); }
Dataset scanDataset(const std::filesystem::path& root, const ScanOptions&) {
    throw IoError(root.string(), "dataset scanning is not built yet");
}
Sample loadItem(const Dataset&, const DatasetItem& item) {
    throw IoError(item.file.string(), "item loading is not built yet");
}

} // namespace augstudio::core

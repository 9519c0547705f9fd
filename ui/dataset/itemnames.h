#pragma once

#include "core/dataset/dataset.h"

#include <QString>

#include <string>
#include <vector>

namespace augstudio::ui {

// How the dataset tree names an item. Files: their file name. Table rows (keys such as
// "demo.tsv#12"): "row 12", or for text rows the row and the start of the text
// ("12: the shower was cold…"). The item's key is unchanged; only the label differs.
QString itemDisplayName(const core::DatasetItem& item, const std::string& text = {});

// Every item's name, index-aligned with dataset.items. Reads the text tables to preview
// their rows, so it runs where the scan runs (a worker thread), never on the GUI thread.
std::vector<QString> itemDisplayNames(const core::Dataset& dataset);

} // namespace augstudio::ui
